package graph_test

import (
	"context"
	"os"
	"testing"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// TestPostgresHostList opens a PostgreSQL URL whose first host is down: the store works on
// the next one, reads and writes.
func TestPostgresHostList(t *testing.T) {
	pg := os.Getenv("POLICYKG_TEST_POSTGRES")
	if pg == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but POLICYKG_TEST_POSTGRES is not set")
		}
		t.Skip("skipping: set POLICYKG_TEST_POSTGRES=postgres://… to run against a server")
	}
	prefix, hosts, rest, err := SplitHosts(freshPostgres(t, pg))
	if err != nil {
		t.Fatal(err)
	}
	// Nothing listens on port 1.
	url := prefix + "127.0.0.1:1," + hosts[0] + rest
	ctx := context.Background()
	s := open(t, url)
	if s.Host() != hosts[0] {
		t.Errorf("store reads from %q, want %q", s.Host(), hosts[0])
	}
	if err := s.Put(ctx, loadSeeds(t)...); err != nil {
		t.Fatal(err)
	}
	m, err := model.NewReader(s).Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Documents) != 4 || len(m.Measures) != 88 {
		t.Errorf("%d documents and %d measures, want 4 and 88", len(m.Documents), len(m.Measures))
	}
}

// TestClusterMoves runs reads and writes on a two-host cluster whose first host fails:
// each read is answered by the second host, and a write interrupted with its host is
// applied exactly once, whether the lost host committed it or not.
func TestClusterMoves(t *testing.T) {
	tests := []struct {
		name             string
		commits          bool
		wantSecondWrites int // the write applied again on node2
	}{
		{"write lost with its host", false, 1},
		{"write committed, then its host lost", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			fc, err := NewFlakyCluster(ctx, tt.commits)
			if err != nil {
				t.Fatal(err)
			}
			s := fc.Store
			docs := loadSeeds(t)
			if err := s.Put(ctx, docs[:2]...); err != nil {
				t.Fatal(err)
			}
			r := model.NewReader(s)
			before, err := r.Model(ctx)
			if err != nil {
				t.Fatal(err)
			}
			fc.FailFirstReads()
			// The read of the version fails on node1 and is run again on node2.
			again, err := r.Model(ctx)
			if err != nil || again != before || s.Host() != "node2:3306" {
				t.Fatalf("read after node1 went down: model kept %v, host %s, %v", again == before, s.Host(), err)
			}
			// Back on node1, which now reads but loses its connection on writing.
			fc.BackOnFirst()
			if err := s.Put(ctx, docs[2:]...); err != nil {
				t.Fatal(err)
			}
			if got := fc.SecondWrites(); got != tt.wantSecondWrites {
				t.Errorf("writes reaching the data on node2: %d, want %d", got, tt.wantSecondWrites)
			}
			after, err := r.Refresh(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(after.Documents) != 4 || len(after.Measures) != 88 || after.Version == before.Version {
				t.Errorf("after the write: %d documents, %d measures, version moved %v; want 4, 88, true",
					len(after.Documents), len(after.Measures), after.Version != before.Version)
			}
		})
	}
}
