package graph

import (
	"context"
	"fmt"
	"log/slog"

	cgraph "github.com/cayleygraph/cayley/graph"
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

// writeBatched writes changed documents in transactions of about batchQuads changes, whole
// documents each, the version change in the last one. If a transaction fails, the ones
// before it are undone, so a failed load changes nothing.
func (s *Store) writeBatched(ctx context.Context, changed []docChange) error {
	var removals, additions []cgraph.Delta
	start := 0 // the first document of the batch being gathered
	undo := func(cause error) error {
		for i := start - 1; i >= 0; i-- {
			r, a := changed[i].deltas()
			// The undo runs even when ctx is what stopped the load.
			if err := s.applyDeltas(context.WithoutCancel(ctx), inverse(a), inverse(r)); err != nil {
				return fmt.Errorf("%w (and undoing the documents written before it failed: %v)", cause, err)
			}
		}
		return cause
	}
	for i := range changed {
		if err := ctx.Err(); err != nil {
			return undo(err)
		}
		r, a := changed[i].deltas()
		removals, additions = append(removals, r...), append(additions, a...)
		last := i == len(changed)-1
		if !last && len(removals)+len(additions) < batchQuads {
			continue
		}
		if last {
			// The version changes with the last additions, so readers switch only once
			// everything is there.
			version, err := s.versionChange(ctx)
			if err != nil {
				return undo(err)
			}
			additions = append(additions, version...)
		}
		if err := s.applyDeltas(ctx, removals, additions); err != nil {
			return undo(err)
		}
		// A transaction maps in pages all over the file (Cayley keys its nodes by hash):
		// without a release a load of 10,000 documents keeps most of the 1.6 GB file
		// resident beside its heap. A failed release costs memory, not data.
		if err := s.dropPages(); err != nil {
			slog.Warn("release store pages", "store", s.URL(), "err", err)
		}
		removals, additions, start = removals[:0], additions[:0], i+1
	}
	return nil
}

// inverse turns additions into removals and removals into additions.
func inverse(ds []cgraph.Delta) []cgraph.Delta {
	out := make([]cgraph.Delta, len(ds))
	for i, d := range ds {
		out[i] = cgraph.Delta{Quad: d.Quad, Action: cgraph.Add}
		if d.Action == cgraph.Add {
			out[i].Action = cgraph.Delete
		}
	}
	return out
}
