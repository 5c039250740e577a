package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/loader"
)

// TestLoadGeneratedCorpus loads a generated corpus with the command and asks how many
// documents there are: the benchmark's corpus is a folder `policykg load` takes as it is.
// The generator is imported by this test only, so the command does not carry it.
func TestLoadGeneratedCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	truth, err := corpus.New(3, loader.DefaultNames()).Write(context.Background(), dir, 12)
	if err != nil {
		t.Fatal(err)
	}
	store := "bolt:" + filepath.Join(t.TempDir(), "kg.db")
	if _, stderr, err := runCLI(t, "load", "--store", store, dir); err != nil {
		t.Fatalf("load: %v\n%s", err, stderr)
	}
	out, _, err := runCLI(t, "query", "--store", store, "{ documents { id } }")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range truth.Documents {
		if !strings.Contains(out, `"doc:`+d.ID+`"`) {
			t.Errorf("document %s was not loaded", d.ID)
		}
	}
	if n := strings.Count(out, `"id"`); n != len(truth.Documents) {
		t.Errorf("%d documents loaded, want %d", n, len(truth.Documents))
	}
}

// TestNoCorpusCommand: the generator left the product; asking for it is an unknown command.
func TestNoCorpusCommand(t *testing.T) {
	_, _, err := runCLI(t, "corpus", "--n", "3", "--out", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), `unknown command "corpus"`) {
		t.Errorf("error %v, want unknown command", err)
	}
}
