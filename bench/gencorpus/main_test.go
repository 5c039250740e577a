package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String(), err
}

// TestWriteThenRead writes a corpus with the command and reads it back as `policykg load`
// does: the folder loads as it is, one document per entry of the ground truth.
func TestWriteThenRead(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	out, err := runCmd(t, "--n", "12", "--seed", "3", "--out", dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "wrote 12 documents") {
		t.Errorf("gencorpus printed %q", out)
	}
	truth, err := corpus.ReadTruth(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(truth.Documents) != 12 || truth.Seed != 3 {
		t.Fatalf("truth of %d documents, seed %d; want 12, seed 3", len(truth.Documents), truth.Seed)
	}
	for _, d := range truth.Documents {
		if _, err := os.Stat(filepath.Join(dir, d.File)); err != nil {
			t.Errorf("%s: %v", d.File, err)
		}
	}
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*policy.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, want := range truth.Documents {
		got := byID[want.ID]
		if got == nil {
			t.Errorf("%s was not loaded", want.ID)
			continue
		}
		if got.Title != want.Title || len(got.Measures) != len(want.Measures) {
			t.Errorf("%s: %q with %d measures, want %q with %d", want.ID, got.Title, len(got.Measures), want.Title, len(want.Measures))
		}
	}
	if len(docs) != len(truth.Documents) {
		t.Errorf("%d documents loaded, want %d", len(docs), len(truth.Documents))
	}
}

// TestErrors checks the command's refusals.
func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no folder", []string{"--n", "3"}, "--out"},
		{"no documents", []string{"--n", "0", "--out", t.TempDir()}, "at least 1"},
		{"an argument", []string{"--out", t.TempDir(), "extra"}, "no arguments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runCmd(t, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}
