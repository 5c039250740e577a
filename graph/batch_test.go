package graph_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/policykg/policykg/policy"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// failAfter is a context whose Err reports cancellation from its n-th call on: a load
// stopped part-way, after some of its transactions were written.
type failAfter struct {
	context.Context
	calls, n atomic.Int64
}

func (c *failAfter) Err() error {
	if c.calls.Add(1) >= c.n.Load() {
		return context.Canceled
	}
	return nil
}

// TestPutInBatches loads more documents than one transaction carries: every document is
// read back whole, and a load stopped after some transactions leaves the store as it was.
func TestPutInBatches(t *testing.T) {
	docs := corpusDocs(t, 3, 120)
	quads := 0
	for _, d := range docs {
		quads += len(DocumentQuads(d))
	}
	const batch = 20000
	if quads < 3*batch {
		t.Fatalf("the corpus has %d quads, too few to need 3 transactions of %d", quads, batch)
	}
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url(t))
			s.SetBatchQuads(batch)
			first, rest := docs[:10], docs[10:]
			if err := s.Put(ctx, first...); err != nil {
				t.Fatal(err)
			}
			before, err := s.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// Stop the load of the rest when about 100 documents have been looked at: by
			// then the first transactions are written.
			stop := &failAfter{Context: ctx}
			stop.n.Store(int64(len(rest) + 100))
			if err := s.Put(stop, rest...); err == nil {
				t.Fatal("a load stopped part-way succeeded")
			}
			after, err := s.Version(ctx)
			if err != nil {
				t.Fatal(err)
			}
			listed, err := s.ListDocuments(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if after != before || len(listed) != len(first) {
				t.Fatalf("a stopped load left %d documents (want %d) and moved the version: %v", len(listed), len(first), after != before)
			}
			if err := s.Put(ctx, rest...); err != nil {
				t.Fatal(err)
			}
			m, err := model.NewReader(s).Model(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.Documents) != len(docs) {
				t.Fatalf("%d documents read back, want %d", len(m.Documents), len(docs))
			}
			for _, d := range docs {
				got := m.Document(d.ID)
				if got == nil || len(got.Measures) != len(d.Measures) {
					t.Errorf("%s: read back %v, want %d measures", d.ID, got, len(d.Measures))
				}
			}
			// Every quad of every document is in the store: its own and the shared ones.
			for _, d := range []*policy.Document{docs[0], docs[len(docs)/2], docs[len(docs)-1]} {
				stored, err := s.LabelQuads(ctx, DocumentIRI(d.ID))
				if err != nil {
					t.Fatal(err)
				}
				if want := len(DocumentQuads(d)); len(stored) != want {
					t.Errorf("%s: %d quads stored, want %d", d.ID, len(stored), want)
				}
			}
		})
	}
}

// TestVersionFollowsWrites checks that the version a store remembers moves with every
// load and deletion, so a reader never answers from an older graph.
func TestVersionFollowsWrites(t *testing.T) {
	docs := loadSeeds(t)
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url(t))
			r := model.NewReader(s)
			seen := map[string]bool{}
			steps := []struct {
				name  string
				write func() error
				docs  int
			}{
				{"load one", func() error { return s.Put(ctx, docs[0]) }, 1},
				{"load the rest", func() error { return s.Put(ctx, docs[1:]...) }, len(docs)},
				{"delete one", func() error { return s.Delete(ctx, docs[0].ID) }, len(docs) - 1},
			}
			for _, st := range steps {
				if _, err := r.Model(ctx); err != nil {
					t.Fatal(err)
				}
				if err := st.write(); err != nil {
					t.Fatal(err)
				}
				m, err := r.Refresh(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if seen[m.Version] || len(m.Documents) != st.docs {
					t.Errorf("after %s: version %q (seen before: %v), %d documents, want %d", st.name, m.Version, seen[m.Version], len(m.Documents), st.docs)
				}
				seen[m.Version] = true
			}
		})
	}
}
