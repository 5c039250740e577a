package graph

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// TestCachedStoredQuads: a reload takes the stored quads of a changed document from the
// model cache, made again from the cached entry, only when they are exactly the stored
// ones, and replaces them all.
func TestCachedStoredQuads(t *testing.T) {
	ctx := context.Background()
	s := open(t, "bolt:"+filepath.Join(t.TempDir(), "kg.db"))
	d := loadSeeds(t)[0]
	if err := s.Put(ctx, d); err != nil {
		t.Fatal(err)
	}
	doc := documentIRI(d.ID)
	hash, err := s.stringValue(ctx, doc, PredContentHash)
	if err != nil || hash == "" {
		t.Fatalf("stored hash of %s: %q, %v", d.ID, hash, err)
	}
	stored, err := s.labelQuads(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	txid, _ := s.txid()
	c := s.followCache(txid).stored()
	if c == nil {
		t.Fatal("the model cache is not right after a load by this store")
	}
	got, ok := c.quads(doc, hash)
	if !ok {
		t.Fatalf("no quads of %s from the cache", d.ID)
	}
	sameQuads(t, "the quads made from the cache", got, stored)
	if _, ok := c.quads(doc, "0123456789abcdef0123456789abcdef"); ok {
		t.Error("the cache gave quads for a hash it holds no entry of")
	}

	// The plan again with its title and first measure changed: nothing of the old
	// version may stay.
	next := *d
	next.Title += "（修订）"
	next.Measures = slices.Clone(d.Measures)
	next.Measures[0].Text += "并按季度报送进展。"
	if err := s.Put(ctx, &next); err != nil {
		t.Fatal(err)
	}
	after, err := s.labelQuads(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	sameQuads(t, "the stored quads after the reload", after, documentQuads(&next))

	// Another writer of the store: the cache cannot tell what changed.
	other := quad.Make(doc, PredIssuer, strLit("济宁市人民政府"), doc)
	if err := s.qs.ApplyDeltas([]cgraph.Delta{{Quad: other, Action: cgraph.Add}}, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	if txid, _ = s.txid(); s.followCache(txid) != nil {
		t.Error("the model cache is taken as right after a write by another writer")
	}
}

// sameQuads fails unless got and want hold the same quads.
func sameQuads(t *testing.T, what string, got, want []quad.Quad) {
	t.Helper()
	key := func(qs []quad.Quad) []string {
		out := make([]string, len(qs))
		for i, q := range qs {
			out[i] = canonicalQuad(q).NQuad()
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	g, w := key(got), key(want)
	if !slices.Equal(g, w) {
		t.Errorf("%s: %d quads, want %d", what, len(g), len(w))
		for _, q := range g {
			if _, found := slices.BinarySearch(w, q); !found {
				t.Errorf("  extra: %s", q)
			}
		}
		for _, q := range w {
			if _, found := slices.BinarySearch(g, q); !found {
				t.Errorf("  missing: %s", q)
			}
		}
	}
}
