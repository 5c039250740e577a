package graph

import (
	"context"
	"testing"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

// The helpers of the tests inside the package; those in package graph_test have their own.

func loadSeeds(t *testing.T) []*policy.Document {
	t.Helper()
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{"../seeds"})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func open(t *testing.T, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// corpusDocs parses n documents of a generated corpus.
func corpusDocs(tb testing.TB, seed uint64, n int) []*policy.Document {
	tb.Helper()
	docs, err := corpus.New(seed, loader.DefaultNames()).Load(context.Background(), tb.TempDir(), n)
	if err != nil {
		tb.Fatal(err)
	}
	return docs
}
