package graph

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/loader"
)

// documentQuads returns the quads of a document, all labelled with the document's IRI.
func documentQuads(d *loader.Document, record string) []quad.Quad {
	label := iri(DocumentID(d.ID))
	var qs []quad.Quad
	add := func(s quad.IRI, p quad.IRI, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: label})
	}
	str := func(s quad.IRI, p quad.IRI, v string) {
		if v != "" {
			add(s, p, quad.String(v))
		}
	}
	doc := label
	add(doc, PredType, quad.IRI(KindDocument))
	str(doc, PredTitle, d.Title)
	str(doc, PredCity, d.City)
	str(doc, PredGovLevel, string(d.Level))
	str(doc, PredJurisdiction, d.Jurisdiction)
	str(doc, PredIssuer, d.Issuer)
	str(doc, PredDocNumber, d.DocNumber)
	str(doc, PredDate, d.Date)
	str(doc, PredStatus, string(d.Status))
	str(doc, PredSource, d.Source)
	str(doc, PredText, d.Text)
	str(doc, PredRecord, record)
	str(doc, PredLoadHash, recordHash(record))
	for _, c := range d.Cites {
		n := iri(CitationID(c.DocNumber, c.Title))
		add(doc, PredCites, n)
		add(n, PredType, quad.IRI(KindCitedDocument))
		str(n, PredTitle, c.Title)
		str(n, PredDocNumber, c.DocNumber)
	}
	for k, s := range d.Sections {
		n := iri(SectionID(d.ID, k+1))
		add(n, PredType, quad.IRI(KindSection))
		add(n, PredDocument, doc)
		str(n, PredNumber, s.Number)
		str(n, PredTitle, s.Title)
		add(n, PredLevel, quad.Int(s.Level))
	}
	for _, m := range d.Measures {
		mn := iri(MeasureID(d.ID, m.Ordinal))
		add(mn, PredType, quad.IRI(KindMeasure))
		add(mn, PredDocument, doc)
		add(mn, PredOrdinal, quad.Int(m.Ordinal))
		str(mn, PredNumber, m.Number)
		str(mn, PredSection, m.Section)
		str(mn, PredTitle, m.Title)
		str(mn, PredText, m.Text)
		str(mn, PredDeadline, m.Deadline)
		for _, g := range m.GenericBodies {
			str(mn, PredGenericBody, g)
		}
		add(mn, PredStart, quad.Int(m.Span.Start))
		add(mn, PredEnd, quad.Int(m.Span.End))
		for _, r := range m.Responsibilities {
			an := iri(AgencyID(r.Agency.Scope(), r.Agency.Name))
			agencyQuads(add, str, an, r.Agency)
			rn := iri(ResponsibilityID(d.ID, m.Ordinal, r.Position))
			add(rn, PredType, quad.IRI(KindResponsibility))
			add(rn, PredMeasure, mn)
			add(rn, PredDocument, doc)
			add(rn, PredAgency, an)
			str(rn, PredRole, string(r.Role))
			add(rn, PredPosition, quad.Int(r.Position))
			str(rn, PredMention, r.Mention)
			add(mn, PredInvolves, an)
		}
		for _, in := range m.Institutions {
			n := iri(InstitutionID(in.City, in.Name))
			add(mn, PredInstitution, n)
			add(n, PredType, quad.IRI(KindInstitution))
			str(n, PredName, in.Name)
			str(n, PredCity, in.City)
			for _, a := range in.Aliases {
				str(n, PredAlias, a)
			}
			if in.Parent != "" {
				add(n, PredPartOf, iri(InstitutionID(in.City, in.Parent)))
			}
		}
		for _, dp := range m.Departments {
			n := iri(DepartmentID(d.City, dp.Institution, dp.Name))
			add(mn, PredDepartment, n)
			add(n, PredType, quad.IRI(KindDepartment))
			str(n, PredName, dp.Name)
			if dp.Institution != "" {
				add(n, PredInstitution, iri(InstitutionID(d.City, dp.Institution)))
			}
		}
		for k, t := range m.Targets {
			tn := iri(TargetID(d.ID, m.Ordinal, k+1))
			add(tn, PredType, quad.IRI(KindTarget))
			add(tn, PredMeasure, mn)
			add(tn, PredDocument, doc)
			valueQuads(add, str, tn, t.Indicator, t.Words, t.Text, t.Value, t.ValueText, t.Unit, t.Span)
			str(tn, PredComparator, string(t.Comparator))
			if t.Year != 0 {
				add(tn, PredYear, quad.Int(t.Year))
			}
			flag := func(p quad.IRI, b bool) {
				if b {
					add(tn, p, quad.Bool(true))
				}
			}
			flag(PredStretch, t.Stretch)
			flag(PredMaintain, t.Maintain)
			flag(PredRank, t.Rank)
		}
	}
	for k, o := range d.Observations {
		on := iri(ObservationID(d.ID, k+1))
		add(on, PredType, quad.IRI(KindObservation))
		add(on, PredDocument, doc)
		valueQuads(add, str, on, o.Indicator, o.Words, o.Text, o.Value, o.ValueText, o.Unit, o.Span)
		str(on, PredComparator, string(o.Comparator))
		if o.Rank {
			add(on, PredRank, quad.Bool(true))
		}
	}
	return dedupe(qs)
}

type adder func(s, p quad.IRI, o quad.Value)
type stringAdder func(s, p quad.IRI, v string)

func agencyQuads(add adder, str stringAdder, n quad.IRI, a loader.Agency) {
	add(n, PredType, quad.IRI(KindAgency))
	str(n, PredName, a.Name)
	str(n, PredCity, a.City)
	str(n, PredGovLevel, string(a.Level))
	str(n, PredJurisdiction, a.Jurisdiction)
	str(n, PredKind, a.Kind)
	for _, al := range a.Aliases {
		str(n, PredAlias, al)
	}
}

// valueQuads describes a target or observation: the shared indicator under its canonical
// name, with the words this text uses for it as an alias and on the value itself.
func valueQuads(add adder, str stringAdder, n quad.IRI, indicator, words, text string, value *float64, valueText, unit string, span loader.Span) {
	in := iri(IndicatorID(indicator))
	add(n, PredIndicator, in)
	add(in, PredType, quad.IRI(KindIndicator))
	str(in, PredName, indicator)
	if words != indicator {
		str(in, PredAlias, words)
	}
	str(n, PredWords, words)
	str(n, PredText, text)
	if value != nil {
		add(n, PredValue, quad.Float(*value))
	}
	str(n, PredValueText, valueText)
	str(n, PredUnit, unit)
	add(n, PredStart, quad.Int(span.Start))
	add(n, PredEnd, quad.Int(span.End))
}

// dedupe drops repeated quads: shared nodes are described once per measure naming them.
func dedupe(qs []quad.Quad) []quad.Quad {
	seen := make(map[string]bool, len(qs))
	out := qs[:0]
	for _, q := range qs {
		k := q.NQuad()
		if !seen[k] {
			seen[k] = true
			out = append(out, q)
		}
	}
	return out
}

// gzipWriters are reused: a new gzip.Writer allocates 600 KB, more than the record it writes.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// encodeRecord packs a document as compressed JSON, the form the read model loads in one
// look-up instead of walking hundreds of quads per document.
func encodeRecord(d *loader.Document) (string, error) {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if err := json.NewEncoder(zw).Encode(d); err != nil {
		return "", fmt.Errorf("encode %s: %w", d.ID, err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("encode %s: %w", d.ID, err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// decodeRecord unpacks what encodeRecord packed.
func decodeRecord(s string) (*loader.Document, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	var d loader.Document
	if err := json.NewDecoder(zr).Decode(&d); err != nil {
		return nil, err
	}
	return &d, nil
}

func recordHash(record string) string {
	h := sha256.Sum256([]byte(record))
	return hex.EncodeToString(h[:16])
}

// Put writes documents, each replacing any earlier load of the same document, in one
// transaction: a reader sees all of them or none, and a failed write changes nothing.
// Loading a document that is already stored unchanged writes nothing.
func (s *Store) Put(ctx context.Context, docs ...*loader.Document) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.exclusive() {
		changed, err := s.changedDocuments(ctx, docs)
		if err != nil || len(changed) == 0 {
			return err
		}
		return s.putBatched(ctx, changed)
	}
	tx := cgraph.NewTransaction()
	changed := false
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		record, err := encodeRecord(d)
		if err != nil {
			return err
		}
		doc := iri(DocumentID(d.ID))
		old, err := s.labelQuads(ctx, doc)
		if err != nil {
			return fmt.Errorf("put %s: %w", d.Source, err)
		}
		oldHash, err := s.stringValue(ctx, doc, PredLoadHash)
		if err != nil {
			return fmt.Errorf("put %s: %w", d.Source, err)
		}
		if oldHash == recordHash(record) {
			continue
		}
		changed = true
		replaceQuads(tx, old, documentQuads(d, record))
	}
	if !changed {
		return nil
	}
	if err := s.bumpVersion(ctx, tx); err != nil {
		return err
	}
	if err := s.apply(tx); err != nil {
		return fmt.Errorf("write %d documents: %w", len(docs), err)
	}
	return nil
}

// apply writes a transaction. Cayley's kv backends (bbolt) lose the quads a transaction
// adds when the same transaction removes other quads of the same nodes (seen with Cayley
// 81dcd7d73e45: remove <m> <d> <s>, <s> <p> "o2" and add <s> <p> "o3" leaves no <s> <p>).
// There the removals go first and the additions, with the new version, second: readers
// switch versions only after both, and a failed second step puts the removed quads back.
func (s *Store) apply(tx *cgraph.Transaction) error {
	s.lookups.Add(1)
	defer s.versions.writing()()
	if !s.splitWrites {
		return s.qw.ApplyTransaction(tx)
	}
	removals, additions := cgraph.NewTransaction(), cgraph.NewTransaction()
	for _, d := range tx.Deltas {
		// The version changes in the second step, so readers never switch to a half write.
		if d.Action == cgraph.Delete && d.Quad.Subject != storeNode {
			removals.RemoveQuad(d.Quad)
		} else if d.Action == cgraph.Delete {
			additions.RemoveQuad(d.Quad)
		} else {
			additions.AddQuad(d.Quad)
		}
	}
	if err := s.qw.ApplyTransaction(removals); err != nil {
		return err
	}
	if err := s.qw.ApplyTransaction(additions); err != nil {
		undo := cgraph.NewTransaction()
		for _, d := range removals.Deltas {
			undo.AddQuad(d.Quad)
		}
		if uerr := s.qw.ApplyTransaction(undo); uerr != nil {
			return fmt.Errorf("%w (and restoring the previous quads failed: %v)", err, uerr)
		}
		return err
	}
	return nil
}

// Delete removes a document and everything only it said.
func (s *Store) Delete(ctx context.Context, docID string) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	old, err := s.labelQuads(ctx, iri(DocumentID(docID)))
	if err != nil {
		return err
	}
	if len(old) == 0 {
		return fmt.Errorf("delete %s: %w", docID, ErrNotFound)
	}
	tx := cgraph.NewTransaction()
	for _, q := range old {
		tx.RemoveQuad(q)
	}
	if err := s.bumpVersion(ctx, tx); err != nil {
		return err
	}
	return s.apply(tx)
}
