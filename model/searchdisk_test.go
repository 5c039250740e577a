package model

import (
	"context"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/search"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// searchAnswers runs every search case and returns, per search text, the hits' IDs in
// order with the fields their highlights mark.
func searchAnswers(t *testing.T, m *Model) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	for _, tc := range searchCases(t) {
		hits, err := m.Search(ctx, tc.Text)
		if err != nil {
			t.Fatalf("search %q: %v", tc.Text, err)
		}
		if err := m.Highlight(ctx, tc.Text, hits); err != nil {
			t.Fatalf("highlight %q: %v", tc.Text, err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.ID)
			for _, hl := range h.Highlights {
				got = append(got, "  "+hl.Field+": "+strings.Join(hl.Terms, "|")+" "+strings.Join(hl.Fragments, "|"))
			}
		}
		out[tc.Text] = got
	}
	return out
}

// partFolders lists the part folders of an embedded store's search index.
func partFolders(t *testing.T, dbDir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dbDir, graph.SearchFolderName))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if search.IsPartFolder(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

// readSeeds opens the bolt store in dir and builds its model.
func readSeeds(t *testing.T, dir string) (*graph.Store, *Model) {
	t.Helper()
	s, err := graph.Open(context.Background(), "bolt:"+dir, graph.ReadMostly())
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewReader(s).Model(context.Background())
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	return s, m
}

// TestSearchIndexOnDisk checks the embedded store's search index kept beside it: it
// answers every search as the in-memory index of a memory store does, a restart reopens
// its parts instead of writing them again, a reload rewrites only the part of the
// document reloaded, and a damaged or half-written part is written again.
func TestSearchIndexOnDisk(t *testing.T) {
	ctx := context.Background()
	docs := loadSeeds(t)
	_, memReader := seedReader(t)
	mem, err := memReader.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := searchAnswers(t, mem)
	if len(want["安宁疗护"]) == 0 || len(want["医共体"]) == 0 {
		t.Fatalf("the seeds' searches found nothing: %v", want)
	}

	dir := filepath.Join(t.TempDir(), "seeds.db")
	s, err := graph.Open(ctx, "bolt:"+dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	s.Close()

	buckets := map[int]bool{}
	for _, d := range docs {
		buckets[search.BucketOf(d.ID)] = true
	}
	check := func(step string, m *Model) []string {
		t.Helper()
		if got := searchAnswers(t, m); !equalAnswers(got, want) {
			t.Errorf("%s: the disk index answers\n%v\nthe memory index\n%v", step, got, want)
		}
		folders := partFolders(t, dir)
		if len(folders) != len(buckets) {
			t.Errorf("%s: %d part folders %v, want one per bucket holding a document (%d)", step, len(folders), folders, len(buckets))
		}
		return folders
	}

	s, m := readSeeds(t, dir)
	first := check("first read", m)
	stamp := modTimes(t, dir, first)
	s.Close()

	s, m = readSeeds(t, dir)
	if got := check("after a restart", m); !slices.Equal(got, first) {
		t.Errorf("after a restart the parts are %v, want %v again", got, first)
	}
	if again := modTimes(t, dir, first); !equalTimes(again, stamp) {
		t.Errorf("a restart wrote the parts again: %v, then %v", stamp, again)
	}
	s.Close()

	// Reload the final plan with another title: only its bucket's part changes.
	final := *seedByID(docs, "jining-plan-final")
	final.Title += "（修订）"
	s, err = graph.Open(ctx, "bolt:"+dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, &final); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, m = readSeeds(t, dir)
	after := check("after a reload", m)
	s.Close()
	changed := search.BucketOf(final.ID)
	for _, f := range first {
		kept := slices.Contains(after, f)
		if inBucket := f[:3] == partFolder3(changed); kept == inBucket {
			t.Errorf("after reloading %s (bucket %d), part %s kept: %v", final.ID, changed, f, kept)
		}
	}

	// Damage one part, and leave a half-written one and a file of the user's.
	damaged := filepath.Join(dir, graph.SearchFolderName, after[0])
	if err := os.RemoveAll(filepath.Join(damaged, "store")); err != nil {
		t.Fatal(err)
	}
	half := filepath.Join(dir, graph.SearchFolderName, "007-0123456789abcdef"+search.PartFolderSuffix)
	mine := filepath.Join(dir, graph.SearchFolderName, "notes.txt")
	if err := os.MkdirAll(half, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, m = readSeeds(t, dir)
	check("after damage", m)
	s.Close()
	if _, err := os.Stat(half); !os.IsNotExist(err) {
		t.Errorf("the half-written part %s is still there (%v)", half, err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("pruning removed a file it did not write: %v", err)
	}
}

// partFolder3 is the bucket prefix of a part folder's name.
func partFolder3(bucket int) string {
	name, _ := search.PartFolder(bucket, "")
	return name[:3]
}

func equalAnswers(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// modTimes returns the modification time of every file in the given part folders.
func modTimes(t *testing.T, dbDir string, folders []string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, f := range folders {
		root := filepath.Join(dbDir, graph.SearchFolderName, f)
		err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			if !info.IsDir() {
				out[path] = info.ModTime().UnixNano()
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func equalTimes(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
