package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// mappedKB is how much of the file at path this process has resident through its memory
// maps, from /proc/self/smaps.
func mappedKB(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	total, in := 0, false
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && len(f[0]) > 8:
			in = len(f) >= 6 && f[5] == path
		case in && len(f) == 3 && f[0] == "Rss:":
			kb, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			total += kb
		}
	}
	return total
}

// TestReleasePages checks that building a model leaves none of the bolt file resident in
// this process, and that the store reads right after its pages are released.
func TestReleasePages(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("pages are released on Linux only")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "seeds.db")
	s, err := Open(ctx, "bolt:"+dir, ReadMostly())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Put(ctx, loadSeeds(t)...); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "indexes.bolt")
	if kb := mappedKB(t, file); kb == 0 {
		t.Fatalf("no page of %s is resident after a load: the check cannot tell a release", file)
	}
	r := model.NewReader(s)
	m, err := r.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if kb := mappedKB(t, file); kb != 0 {
		t.Errorf("%d kB of the store's file resident after building the model, want 0", kb)
	}
	if len(m.Documents) != 4 {
		t.Errorf("model of %d documents, want the 4 seeds", len(m.Documents))
	}
	for _, d := range m.Documents {
		g, err := NewDocReader(s).Read(ctx, DocumentIRI(d.ID))
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeDocument(g)
		if err != nil {
			t.Fatalf("%s after release: %v", d.ID, err)
		}
		if got.Title != d.Title || len(got.Measures) != len(d.Measures) {
			t.Errorf("%s read after release: %q with %d measures, want %q with %d", d.ID, got.Title, len(got.Measures), d.Title, len(d.Measures))
		}
	}
}

// TestReadMostlyWrites checks that a store opened ReadMostly, without Cayley's Bloom
// filter, still writes and replaces documents exactly.
func TestReadMostlyWrites(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "rm.db")
	docs := loadSeeds(t)
	s, err := Open(ctx, "bolt:"+dir, ReadMostly())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	// Loading the same documents again must change nothing, without the filter too.
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, "bolt:"+dir)
	m, err := model.NewReader(s).Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		got := m.Document(d.ID)
		if got == nil {
			t.Errorf("%s missing", d.ID)
			continue
		}
		if len(got.Measures) != len(d.Measures) {
			t.Errorf("%s: %d measures, want %d", d.ID, len(got.Measures), len(d.Measures))
		}
	}
	// The same documents written with the filter give the same quads.
	plain := open(t, "bolt:"+filepath.Join(t.TempDir(), "plain.db"))
	if err := plain.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		got, want := quadStrings(t, s, d.ID), quadStrings(t, plain, d.ID)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: %d quads written ReadMostly, %d with the Bloom filter; they differ", d.ID, len(got), len(want))
		}
	}
}

// quadStrings returns the quads a document's load wrote, as sorted N-Quads lines.
func quadStrings(t *testing.T, s *Store, docID string) []string {
	t.Helper()
	qs, err := s.LabelQuads(context.Background(), DocumentIRI(docID))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	slices.Sort(out)
	return out
}
