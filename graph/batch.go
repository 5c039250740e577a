package graph

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
)

// batchQuads is how many quad changes one write transaction carries on a store only this
// process writes. Cayley's kv backends slow down more than linearly with the size of a
// transaction (bbolt keeps every touched page in memory and inserts into ever-growing
// nodes): `policykg load` of 1,000 documents took 23.5 s and 1.2 GB in one transaction,
// 9.4 s and 0.9 GB in batches (bench/NOTES.md). Each transaction reads in and writes out
// again the pages it touches, so batches too small cost as well: at 10,000 documents,
// 20,000 changes a transaction took 159 s of CPU, 80,000 took 148 s (and 150,000 no less),
// for 450 MB more at the peak.
const batchQuads = 80000

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
// before it are undone, so a failed load changes nothing. The changes of the documents
// ahead are made (encoded, hashed and cached) while Cayley writes a transaction: each is
// the work of one core.
func (s *Store) writeBatched(ctx context.Context, changed []docChange, f *cacheFollower) error {
	type docDeltas struct{ removals, additions []cgraph.Delta }
	ahead := make(chan docDeltas, 64)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	s.pacer.Go(func() {
		defer wg.Done()
		defer close(ahead)
		for i := range changed {
			r, a := changed[i].deltas(f)
			select {
			case ahead <- docDeltas{r, a}:
			case <-stop:
				return
			}
		}
	})
	// The follower and the documents' hashes are the maker's until it is done.
	defer wg.Wait()
	defer close(stop)
	var removals, additions []cgraph.Delta
	start := 0 // the first document of the batch being gathered
	undo := func(cause error) error {
		for i := start - 1; i >= 0; i-- {
			r, a := changed[i].deltas(nil)
			// The undo runs even when ctx is what stopped the load.
			if err := s.applyDeltas(context.WithoutCancel(ctx), inverse(a), inverse(r)); err != nil {
				return fmt.Errorf("%w (and undoing the documents written before it failed: %v)", cause, err)
			}
		}
		return cause
	}
	i := 0
	for dd := range ahead {
		if err := ctx.Err(); err != nil {
			return undo(err)
		}
		removals, additions = append(removals, dd.removals...), append(additions, dd.additions...)
		last := i == len(changed)-1
		i++
		if !last && len(removals)+len(additions) < cmp.Or(s.batch, batchQuads) {
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
		removals, additions, start = removals[:0], additions[:0], i
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
