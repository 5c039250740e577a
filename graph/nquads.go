package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policykg/policykg/loader"
)

// WriteNQuads writes the quads of one document (its plain ID), or of every document when
// document is "", as N-Quads: each document's quads, labelled with the document, sorted
// so that the same graph always gives the same file. Every IRI written is absolute, so
// strict RDF tools read the file. The store's own bookkeeping (its version) is left out: a
// store that imports the file keeps a version of its own.
func (s *Store) WriteNQuads(ctx context.Context, w io.Writer, document string) error {
	// Holding the write lock keeps a load in this process from landing half-way through.
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	var ids []string
	if document != "" {
		ids = []string{document}
	} else {
		listed, err := s.listDocuments(ctx)
		if err != nil {
			return fmt.Errorf("export nquads: %w", err)
		}
		for _, d := range listed {
			ids = append(ids, d.id)
		}
		slices.Sort(ids)
	}
	qw := nquads.NewWriter(w)
	for _, id := range ids {
		qs, err := s.labelQuads(ctx, iri(DocumentID(id)))
		if err != nil {
			return fmt.Errorf("export nquads of %s: %w", id, err)
		}
		if len(qs) == 0 {
			return fmt.Errorf("export nquads: %w", DocumentNotFound(id))
		}
		if err := writeSorted(qw, qs); err != nil {
			return fmt.Errorf("export nquads of %s: %w", id, err)
		}
	}
	if err := qw.Close(); err != nil {
		return fmt.Errorf("export nquads: %w", err)
	}
	return nil
}

// writeSorted writes quads in the order of their N-Quads lines.
func writeSorted(qw *nquads.Writer, qs []quad.Quad) error {
	type line struct {
		key string
		q   quad.Quad
	}
	lines := make([]line, len(qs))
	for i, q := range qs {
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
		out[i] = strings.TrimPrefix(string(doc), "doc:")
	}
	return out
}

// add records a document's quads, refusing a document that two sources both bring.
func (d *Dump) add(doc quad.IRI, qs []quad.Quad, source string) error {
	if prev, ok := d.from[doc]; ok {
		return fmt.Errorf("%s and %s both hold document %q", prev, source, strings.TrimPrefix(string(doc), "doc:"))
	}
	d.docs[doc] = qs
	d.from[doc] = source
	d.order = append(d.order, doc)
	return nil
}

// AddDocuments adds loaded documents, as Store.Put would write them.
func (d *Dump) AddDocuments(docs ...*loader.Document) error {
	for _, ld := range docs {
		record, err := encodeRecord(ld)
		if err != nil {
			return err
		}
		if err := d.add(iri(DocumentID(ld.ID)), documentQuads(ld, record), ld.Source); err != nil {
			return err
		}
	}
	return nil
}

// ReadNQuads adds the documents of an N-Quads stream, as WriteNQuads writes them; name
// says where the stream comes from in errors. Every quad must be labelled with a
// document's IRI (quads labelled pkg:meta, a store's bookkeeping, are skipped), and each
// document must bring its type and its record — the stream is checked whole before
// anything is added, so a bad file adds nothing.
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
		if !ok || !strings.HasPrefix(string(label), "doc:") {
			return fmt.Errorf("%s: quad %d (%s) is not labelled with a document", name, n, q.NQuad())
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
		if err := checkDumped(doc, read[doc]); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, doc := range order {
		if err := d.add(doc, read[doc], name); err != nil {
			return err
		}
	}
	return nil
}

// checkDumped makes sure a document's quads can be read back: the read model is built
// from the document's type, its record and the record's hash.
func checkDumped(doc quad.IRI, qs []quad.Quad) error {
	var typed bool
	var record, hash string
	for _, q := range qs {
		if q.Subject != doc {
			continue
		}
		switch q.Predicate {
		case PredType:
			typed = typed || q.Object == quad.IRI(KindDocument)
		case PredRecord:
			if v, ok := q.Object.(quad.String); ok {
				record = string(v)
			}
		case PredLoadHash:
			if v, ok := q.Object.(quad.String); ok {
				hash = string(v)
			}
		}
	}
	id := strings.TrimPrefix(string(doc), "doc:")
	if !typed || record == "" {
		return fmt.Errorf("document %q has no %s type or no %s: not a policykg export", id, KindDocument, PredRecord)
	}
	ld, err := decodeRecord(record)
	if err != nil {
		return fmt.Errorf("document %q: unreadable record: %w", id, err)
	}
	if ld.ID != id {
		return fmt.Errorf("document %q holds the record of %q", id, ld.ID)
	}
	if hash != recordHash(record) {
		return fmt.Errorf("document %q: its %s does not match its record", id, PredLoadHash)
	}
	return nil
}

// Import writes a dump in one transaction: each document replaces any earlier version
// of it and nothing else, a document already stored unchanged writes nothing, and a
// reader sees all of the dump or none of it.
func (s *Store) Import(ctx context.Context, d *Dump) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx := cgraph.NewTransaction()
	changed := false
	for _, doc := range d.order {
		if err := ctx.Err(); err != nil {
			return err
		}
		next := d.docs[doc]
		stored, err := s.stringValue(ctx, doc, PredLoadHash)
		if err != nil {
			return fmt.Errorf("import %s: %w", doc, err)
		}
		if stored != "" && stored == dumpHash(doc, next) {
			continue
		}
		old, err := s.labelQuads(ctx, doc)
		if err != nil {
			return fmt.Errorf("import %s: %w", doc, err)
		}
		changed = true
		replaceQuads(tx, old, next)
	}
	if !changed {
		return nil
	}
	if err := s.bumpVersion(ctx, tx); err != nil {
		return err
	}
	if err := s.apply(tx); err != nil {
		return fmt.Errorf("import %d documents: %w", len(d.order), err)
	}
	return nil
}

// dumpHash is the load hash a document's quads carry.
func dumpHash(doc quad.IRI, qs []quad.Quad) string {
	for _, q := range qs {
		if q.Subject == doc && q.Predicate == PredLoadHash {
			if v, ok := q.Object.(quad.String); ok {
				return string(v)
			}
		}
	}
	return ""
}

// replaceQuads adds to tx what turns the quads old into next: old ones next lacks are
// removed, new ones added, and those in both left alone.
func replaceQuads(tx *cgraph.Transaction, old, next []quad.Quad) {
	have := make(map[string]bool, len(old))
	for _, q := range old {
		have[q.NQuad()] = true
	}
	keep := make(map[string]bool, len(next))
	for _, q := range next {
		keep[q.NQuad()] = true
	}
	for _, q := range old {
		if !keep[q.NQuad()] {
			tx.RemoveQuad(q)
		}
	}
	for _, q := range next {
		k := q.NQuad()
		if !have[k] {
			have[k] = true
			tx.AddQuad(q)
		}
	}
}
