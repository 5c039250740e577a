package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// buildLog builds the model of a store with a new Reader and returns the model and the
// figures of its "model built" log line.
func buildLog(t *testing.T, s *Store) (*model.Model, map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	r := model.NewReader(s, model.WithLogger(slog.New(slog.NewJSONHandler(&buf, nil))))
	defer r.Close()
	m, err := r.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range bytes.Split(buf.Bytes(), []byte("\n")) {
		var rec map[string]any
		if json.Unmarshal(line, &rec) == nil && rec["msg"] == "model built" {
			return m, rec
		}
	}
	t.Fatalf("no model built line in %s", buf.String())
	return nil, nil
}

// TestModelCache: the embedded store's documents, as their quads decode, are kept beside
// it by the load that writes them, so that a server starting on it reads none of them from
// the quads; a change by another tool, which the cache cannot follow, has every document
// read from the quads again, the change included.
func TestModelCache(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "kg.db")
	docs := loadSeeds(t)
	s, err := Open(ctx, "bolt:"+dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open(t, "bolt:"+dir)
	m, figures := buildLog(t, s)
	if figures["read_from_cache"] != float64(4) || figures["read_from_quads"] != float64(0) {
		t.Errorf("a start after the load: %v, want the 4 seeds from the cache", figures)
	}
	if len(m.Measures) != 88 {
		t.Errorf("%d measures from the cache, want 88", len(m.Measures))
	}
	// Another tool retitles measure 1 of the final plan, bypassing policykg.
	m1 := NodeIRI(MeasureID("jining-plan-final", 1))
	label := DocumentIRI("jining-plan-final")
	var old quad.Quad
	qs, err := s.QuadsOf(ctx, quad.Subject, m1)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Predicate == PredTitle {
			old = q
		}
	}
	edited := old
	edited.Object = quad.String("另一个工具改的标题")
	err = s.CayleyStore().ApplyDeltas([]cgraph.Delta{{Quad: old, Action: cgraph.Delete}}, cgraph.IgnoreOpts{})
	if err == nil {
		err = s.CayleyStore().ApplyDeltas([]cgraph.Delta{{Quad: edited, Action: cgraph.Add}}, cgraph.IgnoreOpts{})
	}
	if err != nil || old.Label != label {
		t.Fatalf("edit: %v (title quad %v)", err, old)
	}
	s.Close()

	s = open(t, "bolt:"+dir)
	m, figures = buildLog(t, s)
	if figures["read_from_quads"] != float64(4) {
		t.Errorf("a start after another tool's write: %v, want every document from the quads", figures)
	}
	if mv, _ := m.Node(MeasureID("jining-plan-final", 1)).(*model.Measure); mv == nil || mv.Title != "另一个工具改的标题" {
		t.Errorf("measure 1 after another tool's write: %+v", mv)
	}
	s.Close()

	// That build made the cache anew: the next start reads it, the edit included.
	s = open(t, "bolt:"+dir)
	m, figures = buildLog(t, s)
	if figures["read_from_cache"] != float64(4) {
		t.Errorf("the start after that: %v, want every document from the cache", figures)
	}
	if mv, _ := m.Node(MeasureID("jining-plan-final", 1)).(*model.Measure); mv == nil || mv.Title != "另一个工具改的标题" {
		t.Errorf("measure 1 from the cache: %+v", mv)
	}
	// A cache entry that does not read is read from the quads instead.
	entry := s.CacheEntryFile("jining-health-news", hashOf(t, s, "jining-health-news"))
	if err := os.WriteFile(entry, []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, figures = buildLog(t, s)
	if figures["read_from_quads"] != float64(1) || figures["read_from_cache"] != float64(3) || m.Document("jining-health-news") == nil {
		t.Errorf("with one entry broken: %v", figures)
	}
	// A cache of another format is not read.
	if err := os.WriteFile(filepath.Join(dir, ModelFolder, TrustFile), []byte("policykg model cache 0\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, figures = buildLog(t, s); figures["read_from_quads"] != float64(4) {
		t.Errorf("with a cache of another format: %v", figures)
	}
}

// hashOf is the content hash the store lists for a document.
func hashOf(t *testing.T, s *Store, id string) string {
	t.Helper()
	h, err := s.StringValue(context.Background(), DocumentIRI(id), PredContentHash)
	if err != nil || h == "" {
		t.Fatalf("no content hash for %s: %v", id, err)
	}
	return h
}

// TestModelCacheFollowsLoads: a load into a store whose cache is right caches what it
// writes; a reload reads only the reloaded document from the cache, and a deleted one is
// gone from the model.
func TestModelCacheFollowsLoads(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "kg.db")
	docs := loadSeeds(t)
	s := open(t, "bolt:"+dir)
	if err := s.Put(ctx, docs[:2]...); err != nil {
		t.Fatal(err)
	}
	r := model.NewReader(s)
	defer r.Close()
	if _, err := r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, docs[2:]...); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	m, figures := buildLog(t, s)
	if figures["read_from_cache"] != float64(3) || figures["read_from_quads"] != float64(0) || len(m.Documents) != 3 || m.Document(docs[0].ID) != nil {
		t.Errorf("after a load and a deletion: %v, %d documents", figures, len(m.Documents))
	}
}
