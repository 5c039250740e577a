package graph

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/policy"
)

// docWrite is one document to write: its IRI and the quads that describe it. The quads are
// made when needed and not kept: a load of 10,000 documents holds 5 million of them.
type docWrite struct {
	doc   quad.IRI
	quads func() []quad.Quad
}

// docChange is a document whose stored quads differ from the ones to write, with the hash
// of the new ones and the quads and hash stored before. The hash of a document the store
// lists no hash for is computed when its changes are made (deltas), from the same quads:
// encoding a document costs as much as hashing it, and a first load needs both only once.
type docChange struct {
	docWrite
	hash    string
	old     []quad.Quad
	oldHash string
}

// removals and additions are the changes that turn the stored quads into the new ones,
// the document's content hash included; f, when not nil, caches the new version.
func (c *docChange) deltas(f *cacheFollower) (removals, additions []cgraph.Delta) {
	next := c.quads()
	if c.hash == "" {
		c.hash = contentHash(next)
	}
	f.add(c.doc, c.hash, next)
	removals, additions = changes(c.old, next)
	if c.oldHash != "" {
		removals = append(removals, cgraph.Delta{Quad: hashQuad(c.doc, c.oldHash), Action: cgraph.Delete})
	}
	additions = append(additions, cgraph.Delta{Quad: hashQuad(c.doc, c.hash), Action: cgraph.Add})
	return removals, additions
}

// Put writes documents, each replacing any earlier load of the same document: a reader
// sees all of them or none, and a failed write changes nothing. Loading a document that
// is already stored unchanged writes nothing.
func (s *Store) Put(ctx context.Context, docs ...*policy.Document) error {
	ws := make([]docWrite, len(docs))
	for i, d := range docs {
		if err := checkNotes(d); err != nil {
			return fmt.Errorf("write %d documents: %w", len(docs), err)
		}
		ws[i] = docWrite{documentIRI(d.ID), func() []quad.Quad { return documentQuads(d) }}
	}
	if err := s.write(ctx, ws); err != nil {
		return fmt.Errorf("write %d documents: %w", len(docs), err)
	}
	return nil
}

// checkNotes refuses a document whose notes give a position no responsibility of their
// measure has: the quads link a note to its responsibilities, and such a note could not be
// written as it is.
func checkNotes(d *policy.Document) error {
	for _, m := range d.Measures {
		for k, n := range m.Notes {
			for _, p := range n.Positions {
				if !slices.ContainsFunc(m.Responsibilities, func(r policy.Responsibility) bool { return r.Position == p }) {
					return fmt.Errorf("document %q: measure %d: note %d gives position %d, which no responsibility has", d.ID, m.Ordinal, k+1, p)
				}
			}
		}
	}
	return nil
}

// Import writes a dump: each document replaces any earlier version of it and nothing
// else, a document already stored unchanged writes nothing, and a reader sees all of the
// dump or none of it.
func (s *Store) Import(ctx context.Context, d *Dump) error {
	ws := make([]docWrite, len(d.order))
	for i, doc := range d.order {
		qs := d.docs[doc]
		ws[i] = docWrite{doc, func() []quad.Quad { return qs }}
	}
	if err := s.write(ctx, ws); err != nil {
		return fmt.Errorf("import %d documents: %w", len(ws), err)
	}
	return nil
}

// write is the one way documents reach the store. Documents whose content hash is the
// stored one are left alone; the others replace the quads their earlier load wrote, and
// the store's version moves with the last change. A store only this process writes takes
// the changes in batches (batch.go), any other in one transaction.
func (s *Store) write(ctx context.Context, ws []docWrite) error {
	s.docsMu.Lock()
	defer s.docsMu.Unlock()
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.writing = s.pacer.Task()
	defer func() { s.writing = nil }()
	ws = s.pacedQuads(ctx, ws)
	// Nothing writes the store before the changes are made: the cache right now is the one
	// that gives the stored quads and follows the write.
	before, _ := s.txid()
	f := s.followCache(before)
	changed, err := s.changedDocuments(ctx, ws, f.stored())
	if err != nil || len(changed) == 0 {
		return err
	}
	if s.exclusive() {
		err = s.writeBatched(ctx, changed, f)
	} else {
		err = s.writeAll(ctx, changed, f)
	}
	if err != nil {
		return err
	}
	s.keepCache(f)
	return nil
}

// writeAll writes changed documents and the new version in one transaction.
func (s *Store) writeAll(ctx context.Context, changed []docChange, f *cacheFollower) error {
	var removals, additions []cgraph.Delta
	for i := range changed {
		r, a := changed[i].deltas(f)
		removals, additions = append(removals, r...), append(additions, a...)
	}
	version, err := s.versionChange(ctx)
	if err != nil {
		return err
	}
	return s.applyDeltas(ctx, removals, append(additions, version...))
}

// keepCache ends the following of a write by the model cache (see cacheFollower). The
// documents are written by then: a cache that cannot follow costs the next start time, not
// answers, so it is reported rather than returned.
func (s *Store) keepCache(f *cacheFollower) {
	if err := f.done(s); err != nil {
		slog.Warn("model cache not kept in step with a write; the next start reads every document from the store", "store", s.URL(), "err", err)
	}
}

// changedDocuments lists the documents whose content hash differs from the stored one, with
// the quads their earlier load wrote: from cache when it gives them, else from the store.
func (s *Store) changedDocuments(ctx context.Context, ws []docWrite, cache *modelCache) ([]docChange, error) {
	var out []docChange
	// One reader for all: documents that name the same agencies read them once.
	dr := newDocReader(s)
	for _, w := range ws {
		if err := s.writing.Pause(ctx); err != nil {
			return nil, err
		}
		stored, err := s.stringValue(ctx, w.doc, PredContentHash)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", w.doc, err)
		}
		c := docChange{docWrite: w, oldHash: stored}
		if stored != "" {
			// Only a stored hash can make the write unneeded.
			if c.hash = contentHash(w.quads()); c.hash == stored {
				continue
			}
		}
		if old, ok := cache.quads(w.doc, stored); ok {
			c.old = old
			out = append(out, c)
			continue
		}
		g, err := dr.read(ctx, w.doc)
		if err != nil {
			return nil, err
		}
		if g != nil {
			c.old = g.quads()
		}
		out = append(out, c)
	}
	return out, nil
}

// applyDeltas writes removals and additions. Cayley's kv backends (bbolt) lose the quads a
// transaction adds when the same transaction removes other quads of the same nodes (seen
// with Cayley 81dcd7d73e45: remove <m> <d> <s>, <s> <p> "o2" and add <s> <p> "o3" leaves no
// <s> <p>). There the removals go first and the additions, with the new version, second:
// readers switch versions only after both, and a failed second step puts the removed
// quads back.
func (s *Store) applyDeltas(ctx context.Context, removals, additions []cgraph.Delta) error {
	// Each transaction runs whole: the pause before it is what lets requests in.
	if err := s.writing.Pause(ctx); err != nil {
		return err
	}
	if s.writing != nil && s.splitWrites && s.cluster == nil {
		return s.applyPaced(ctx, removals, additions)
	}
	s.lookups.Add(1)
	defer s.versions.writing()()
	opts := cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
	if s.cluster != nil {
		return s.cluster.apply(ctx, append(removals, additions...), opts)
	}
	if s.unshared != nil {
		s.unshared.Lock()
		defer s.unshared.Unlock()
	}
	if !s.splitWrites {
		return s.qs.ApplyDeltas(append(removals, additions...), opts)
	}
	if len(removals) > 0 {
		if err := s.qs.ApplyDeltas(removals, opts); err != nil {
			return err
		}
	}
	if err := s.qs.ApplyDeltas(additions, opts); err != nil {
		if uerr := s.qs.ApplyDeltas(inverse(removals), opts); uerr != nil {
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
	doc := documentIRI(docID)
	old, err := s.labelQuads(ctx, doc)
	if err != nil {
		return err
	}
	if len(old) == 0 {
		return fmt.Errorf("delete %s: %w", docID, ErrNotFound)
	}
	hash, err := s.stringValue(ctx, doc, PredContentHash)
	if err != nil {
		return err
	}
	removals := make([]cgraph.Delta, 0, len(old)+1)
	for _, q := range old {
		removals = append(removals, cgraph.Delta{Quad: q, Action: cgraph.Delete})
	}
	if hash != "" {
		removals = append(removals, cgraph.Delta{Quad: hashQuad(doc, hash), Action: cgraph.Delete})
	}
	version, err := s.versionChange(ctx)
	if err != nil {
		return err
	}
	before, _ := s.txid()
	f := s.followCache(before)
	if err := s.applyDeltas(ctx, removals, version); err != nil {
		return err
	}
	s.keepCache(f)
	return nil
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
	have, keep := takeQuadSet(), takeQuadSet()
	defer returnQuadSet(have)
	defer returnQuadSet(keep)
	for _, q := range old {
		have[q] = true
	}
	for _, q := range next {
		keep[q] = true
		if !have[q] {
			additions = append(additions, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	for _, q := range old {
		if !keep[q] {
			removals = append(removals, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	return removals, additions
}
