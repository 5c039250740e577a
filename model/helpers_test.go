package model

import (
	"context"
	"testing"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

func loadSeeds(t *testing.T) []*policy.Document {
	t.Helper()
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{"../seeds"})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func seedByID(docs []*policy.Document, id string) *policy.Document {
	for _, d := range docs {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func open(t *testing.T, url string) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
