package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/loader"
)

// batchQuads is how many quad changes one write transaction carries on a store only this
// process writes. Cayley's kv backends slow down more than linearly with the size of a
// transaction (bbolt keeps every touched page in memory and inserts into ever-growing
// nodes): `policykg load` of 1,000 documents took 23.5 s and 1.2 GB in one transaction,
// 9.4 s and 0.9 GB in batches (bench/NOTES.md).
const batchQuads = 20000

// exclusive reports whether no other process can write the store: the embedded bbolt file,
// which its first opener locks, or memory. Such a store can be written in several
// transactions without a reader seeing part of a load, because readers switch to new data
// only when the version moves, and the version moves in the last one.
func (s *Store) exclusive() bool {
	if s.cluster != nil {
		return false
	}
	b, _, err := parseURL(s.url)
	return err == nil && (b == "bbolt" || b == "memstore")
}

// docChange is one document's write: the document, its record and the quads it replaces.
type docChange struct {
	doc    *loader.Document
	record string
	old    []quad.Quad
}

// changes returns the changes that turn old into next: removals of what next lacks and
// additions of what old lacks. A document written for the first time needs no comparison.
func changes(old, next []quad.Quad) (removals, additions []cgraph.Delta) {
	if len(old) == 0 {
		additions = make([]cgraph.Delta, len(next))
		for i, q := range next {
			additions[i] = cgraph.Delta{Quad: q, Action: cgraph.Add}
		}
		return nil, additions
	}
	have := make(map[string]bool, len(old))
	for _, q := range old {
		have[q.NQuad()] = true
	}
	keep := make(map[string]bool, len(next))
	for _, q := range next {
		k := q.NQuad()
		keep[k] = true
		if !have[k] {
			additions = append(additions, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	for _, q := range old {
		if !keep[q.NQuad()] {
			removals = append(removals, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	return removals, additions
}

// changedDocuments lists the documents whose record differs from the stored one, with the
// quads their earlier load wrote.
func (s *Store) changedDocuments(ctx context.Context, docs []*loader.Document) ([]docChange, error) {
	var out []docChange
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		record, err := encodeRecord(d)
		if err != nil {
			return nil, err
		}
		doc := iri(DocumentID(d.ID))
		stored, err := s.stringValue(ctx, doc, PredLoadHash)
		if err != nil {
			return nil, fmt.Errorf("put %s: %w", d.Source, err)
		}
		if stored == recordHash(record) {
			continue
		}
		c := docChange{doc: d, record: record}
		if stored != "" {
			if c.old, err = s.labelQuads(ctx, doc); err != nil {
				return nil, fmt.Errorf("put %s: %w", d.Source, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// putBatched writes changed documents in transactions of about batchQuads changes, whole
// documents each, the version change in the last one. If a transaction fails, the ones
// before it are undone, so a failed load changes nothing.
func (s *Store) putBatched(ctx context.Context, changed []docChange) error {
	var removals, additions []cgraph.Delta
	start := 0 // the first document of the batch being gathered
	undo := func(cause error) error {
		for i := start - 1; i >= 0; i-- {
			c := changed[i]
			back, forth := changes(documentQuads(c.doc, c.record), c.old)
			if err := s.applyDeltas(back, forth); err != nil {
				return fmt.Errorf("%w (and undoing the documents written before it failed: %v)", cause, err)
			}
		}
		return cause
	}
	for i, c := range changed {
		if err := ctx.Err(); err != nil {
			return undo(err)
		}
		r, a := changes(c.old, documentQuads(c.doc, c.record))
		removals, additions = append(removals, r...), append(additions, a...)
		last := i == len(changed)-1
		if !last && len(removals)+len(additions) < batchQuads {
			continue
		}
		if last {
			// The version changes with the last additions, so readers switch only once
			// everything is there.
			tx := cgraph.NewTransaction()
			if err := s.bumpVersion(ctx, tx); err != nil {
				return undo(err)
			}
			additions = append(additions, tx.Deltas...)
		}
		if err := s.applyDeltas(removals, additions); err != nil {
			return undo(fmt.Errorf("write %d documents: %w", len(changed), err))
		}
		removals, additions, start = removals[:0], additions[:0], i+1
	}
	return nil
}

// applyDeltas writes removals and additions; on bbolt in two transactions, removals first
// (see apply for why), the first undone if the second fails.
func (s *Store) applyDeltas(removals, additions []cgraph.Delta) error {
	s.lookups.Add(1)
	defer s.versions.writing()()
	opts := cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	if !s.splitWrites {
		return s.qs.ApplyDeltas(append(removals, additions...), opts)
	}
	if len(removals) > 0 {
		if err := s.qs.ApplyDeltas(removals, opts); err != nil {
			return err
		}
	}
	if err := s.qs.ApplyDeltas(additions, opts); err != nil {
		back := make([]cgraph.Delta, len(removals))
		for i, d := range removals {
			back[i] = cgraph.Delta{Quad: d.Quad, Action: cgraph.Add}
		}
		if uerr := s.qs.ApplyDeltas(back, opts); uerr != nil {
			return fmt.Errorf("%w (and restoring the previous quads failed: %v)", err, uerr)
		}
		return err
	}
	return nil
}
