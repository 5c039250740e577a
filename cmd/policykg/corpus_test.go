package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policykg/policykg/bench/corpus"
)

// TestCorpusThenLoad writes a corpus with the command, loads it with the command and asks
// how many documents there are: the corpus is a folder `policykg load` takes as it is.
func TestCorpusThenLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	out, _, err := runCLI(t, "corpus", "--n", "12", "--seed", "3", "--out", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "wrote 12 documents") {
		t.Errorf("corpus printed %q", out)
	}
	truth, err := corpus.ReadTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range truth.Documents {
		if _, err := os.Stat(filepath.Join(dir, d.File)); err != nil {
			t.Errorf("%s: %v", d.File, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Error(err)
	}
	store := "bolt:" + filepath.Join(t.TempDir(), "kg.db")
	if _, _, err := runCLI(t, "load", "--store", store, dir); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, "query", "--store", store, "{ documents { id } }")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, `"id"`); n != len(truth.Documents) {
		t.Errorf("%d documents loaded, want %d", n, len(truth.Documents))
	}
}

// TestCorpusErrors checks the command's refusals.
func TestCorpusErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no folder", []string{"corpus", "--n", "3"}, "--out"},
		{"no documents", []string{"corpus", "--n", "0", "--out", t.TempDir()}, "at least 1"},
		{"an argument", []string{"corpus", "--out", t.TempDir(), "extra"}, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCLI(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}
