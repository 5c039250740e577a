package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policykg/policykg/policy"
)

// WriteNQuads writes the quads of documents (plain IDs), or of every document when ids is
// nil, as N-Quads: each document's quads, labelled with the document, sorted so that the
// same graph always gives the same file, literals with full XSD datatype IRIs. The store's
// bookkeeping (its version, content hashes) is left out: a store that loads the file keeps
// its own.
func (s *Store) WriteNQuads(ctx context.Context, w io.Writer, ids []string) error {
	// Holding the write lock keeps a load in this process from landing half-way through.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if ids == nil {
		listed, err := s.listDocuments(ctx)
		if err != nil {
			return fmt.Errorf("export nquads: %w", err)
		}
		for _, d := range listed {
			ids = append(ids, d.id)
		}
	}
	ids = slices.Sorted(slices.Values(ids))
	qw := nquads.NewWriter(w)
	r := newDocReader(s)
	var rel pageReleaser
	for _, id := range ids {
		g, err := r.read(ctx, documentIRI(id))
		if err != nil {
			return fmt.Errorf("export nquads of %s: %w", id, err)
		}
		if g == nil {
			return fmt.Errorf("export nquads: %w", DocumentNotFound(id))
		}
		if err := writeSorted(qw, g.quads()); err != nil {
			return fmt.Errorf("export nquads of %s: %w", id, err)
		}
		rel.read(s)
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("export nquads: %w", err)
	}
	return nil
}

// writeSorted writes quads, literals in canonical form, in the order of their N-Quads lines.
func writeSorted(qw *nquads.Writer, qs []quad.Quad) error {
	type line struct {
		key string
		q   quad.Quad
	}
	lines := make([]line, len(qs))
	for i, q := range qs {
		q = canonicalQuad(q)
		lines[i] = line{q.NQuad(), q}
	}
	slices.SortFunc(lines, func(a, b line) int { return strings.Compare(a.key, b.key) })
	for _, l := range lines {
		if err := qw.WriteQuad(l.q); err != nil {
			return err
		}
	}
	return nil
}

// Dump is a set of documents as quads, grouped by document, read from N-Quads or made from
// loaded documents; Store.Import writes it in one transaction.
type Dump struct {
	docs  map[quad.IRI][]quad.Quad
	order []quad.IRI
	from  map[quad.IRI]string
}

// NewDump returns an empty dump.
func NewDump() *Dump {
	return &Dump{docs: map[quad.IRI][]quad.Quad{}, from: map[quad.IRI]string{}}
}

// Documents lists the plain IDs of the documents in the dump, in the order they came.
func (d *Dump) Documents() []string {
	out := make([]string, len(d.order))
	for i, doc := range d.order {
		out[i], _ = documentIDOf(doc)
	}
	return out
}

// add records a document's quads, refusing a document that two sources both bring.
func (d *Dump) add(doc quad.IRI, qs []quad.Quad, source string) error {
	if prev, ok := d.from[doc]; ok {
		id, _ := documentIDOf(doc)
		return fmt.Errorf("%s and %s both hold document %q", prev, source, id)
	}
	d.docs[doc] = qs
	d.from[doc] = source
	d.order = append(d.order, doc)
	return nil
}

// AddDocuments adds loaded documents, as Store.Put would write them.
func (d *Dump) AddDocuments(docs ...*policy.Document) error {
	for _, ld := range docs {
		if err := d.add(documentIRI(ld.ID), documentQuads(ld), ld.Source); err != nil {
			return err
		}
	}
	return nil
}

// ReadNQuads adds the documents of an N-Quads stream, such as WriteNQuads writes and a
// person may have edited; name says where the stream comes from in errors. Every quad must
// be labelled with a document's IRI (quads of the store's meta graph are skipped), and
// each document must read back as a document — the stream is checked whole before anything
// is added, so a bad file adds nothing.
func (d *Dump) ReadNQuads(r io.Reader, name string) error {
	qr := nquads.NewReader(r, false)
	read := map[quad.IRI][]quad.Quad{}
	var order []quad.IRI
	for n := 1; ; n++ {
		q, err := qr.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: quad %d: %w", name, n, err)
		}
		label, ok := q.Label.(quad.IRI)
		if ok && label == metaLabel {
			continue
		}
		if _, isDoc := documentIDOf(label); !ok || !isDoc {
			if ok && strings.HasPrefix(string(label), "doc:") {
				return fmt.Errorf("%s: quad %d is labelled %s, the vocabulary of an older policykg: export the store again with this version, or load the documents themselves", name, n, label)
			}
			return fmt.Errorf("%s: quad %d (%s) is not labelled with a document (%sdoc:…)", name, n, q.NQuad(), IDBase)
		}
		if _, seen := read[label]; !seen {
			order = append(order, label)
		}
		read[label] = append(read[label], q)
	}
	if len(order) == 0 {
		return fmt.Errorf("%s: no document quads", name)
	}
	for _, doc := range order {
		if _, err := decodeDocument(docGraphOf(doc, read[doc])); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, doc := range order {
		if err := d.add(doc, dedupe(read[doc]), name); err != nil {
			return err
		}
	}
	return nil
}
