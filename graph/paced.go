package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// pacedTxQuads is how many quad changes one transaction of a paced write carries. A
// transaction runs whole, and Cayley's bbolt store takes about 0.1 ms of CPU per change:
// reloading 1,000 documents while serving made one transaction of 6,642 changes that held
// a core for 0.6–0.9 s, against 50 ms or so for this many.
const pacedTxQuads = 500

// pacedQuads has making a document's quads (which comparing, writing and caching it each
// do once) begin with a checkpoint of the write's pacing. A pause ended by ctx is not
// reported there: the loops that make the quads check ctx before each document.
func (s *Store) pacedQuads(ctx context.Context, ws []docWrite) []docWrite {
	t := s.writing
	if t == nil {
		return ws
	}
	out := make([]docWrite, len(ws))
	for i, w := range ws {
		quads := w.quads
		out[i] = docWrite{doc: w.doc, quads: func() []quad.Quad {
			_ = t.Pause(ctx) // see above: ctx is checked by the caller
			return quads()
		}}
	}
	return out
}

// applyPaced writes removals, then additions, in transactions of pacedTxQuads changes on
// the embedded store, pausing before each. Readers still switch only when the version
// moves, with the last additions (the version changes come last); builds do not read the
// documents while a write is under way (Documents waits for it). If a transaction fails,
// the ones before it are undone.
func (s *Store) applyPaced(ctx context.Context, removals, additions []cgraph.Delta) error {
	var done [][]cgraph.Delta
	undo := func(cause error) error {
		for i := len(done) - 1; i >= 0; i-- {
			if err := s.applyOne(inverse(done[i])); err != nil {
				return fmt.Errorf("%w (and undoing the changes written before it failed: %v)", cause, err)
			}
		}
		return cause
	}
	for _, list := range [][]cgraph.Delta{removals, additions} {
		for len(list) > 0 {
			n := min(len(list), pacedTxQuads)
			if len(list)-n < pacedTxQuads/10 {
				// A short rest goes with this one, so that the version's removal and
				// addition, which come last, never fall in two transactions.
				n = len(list)
			}
			if len(done) > 0 {
				if err := s.writing.Pause(ctx); err != nil {
					return undo(err)
				}
			}
			if err := s.applyOne(list[:n]); err != nil {
				return undo(err)
			}
			done = append(done, list[:n])
			list = list[n:]
		}
	}
	return nil
}

// applyOne writes changes in one transaction of the embedded store.
func (s *Store) applyOne(ds []cgraph.Delta) error {
	s.lookups.Add(1)
	defer s.versions.writing()()
	return s.qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
}
