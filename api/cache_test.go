package api

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// healthQuery is the benchmark's question: measures involving 市卫生健康委 in one city.
const healthQuery = `query Health($city: String) { measures(agency: "市卫生健康委", city: $city, first: 20) { totalCount edges { node { id title } } } }`

// involving counts the measures of docs in city that name 市卫生健康委, from the truth the
// corpus generator wrote.
func involving(docs []corpus.DocTruth, city string) int {
	n := 0
	for _, d := range docs {
		if d.City != city {
			continue
		}
		for _, m := range d.Measures {
			for _, r := range m.Responsibilities {
				if r.Agency == "市卫生健康委" {
					n++
					break
				}
			}
		}
	}
	return n
}

// TestAnswerFollowsLoad asks the same question before and after a load through the HTTP
// handler. Requests do not wait for the model of the new version: they get the old answer
// until the background refresher has built it, then the new one, and the answer kept for
// the earlier version is never served again.
func TestAnswerFollowsLoad(t *testing.T) {
	stores := map[string]func(t *testing.T) string{
		"memory": func(t *testing.T) string { return "memory" },
		"bolt":   func(t *testing.T) string { return "bolt:" + filepath.Join(t.TempDir(), "cache.db") },
	}
	for name, url := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			names := loader.DefaultNames()
			dir := t.TempDir()
			truth, err := corpus.New(11, names).Write(ctx, dir, 24)
			if err != nil {
				t.Fatal(err)
			}
			docs, err := names.LoadPaths(ctx, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			// The last plan that names 市卫生健康委 is held back, to be loaded later.
			late := -1
			for i, d := range truth.Documents {
				if involving(truth.Documents[i:i+1], d.City) > 0 {
					late = i
				}
			}
			if late < 0 {
				t.Fatal("the corpus has no measure involving 市卫生健康委")
			}
			city := truth.Documents[late].City
			var held *policy.Document
			var first []*policy.Document
			for _, d := range docs {
				if d.ID == truth.Documents[late].ID {
					held = d
				} else {
					first = append(first, d)
				}
			}
			store, err := graph.Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			if err := store.Put(ctx, first...); err != nil {
				t.Fatal(err)
			}
			h := newServer(t, model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName)), nil).Handler()
			ask := func() (int, []byte) {
				t.Helper()
				rec := postJSON(h, map[string]any{"query": healthQuery, "variables": map[string]any{"city": city}})
				mustAnswer(t, rec)
				var out struct {
					Data struct {
						Measures struct{ TotalCount int }
					}
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
					t.Fatal(err)
				}
				return out.Data.Measures.TotalCount, rec.Body.Bytes()
			}
			before := involving(truth.Documents[:late], city) + involving(truth.Documents[late+1:], city)
			n1, body1 := ask()
			n2, body2 := ask() // from the cache
			if n1 != before || string(body1) != string(body2) {
				t.Fatalf("before the load: totalCount %d and %d, want %d twice with the same body", n1, n2, before)
			}
			// follow asks until the answer is want, each answer before it being was.
			follow := func(step string, was, want int) {
				t.Helper()
				deadline := time.Now().Add(2 * time.Minute)
				for {
					n, _ := ask()
					if n == want {
						return
					}
					if n != was {
						t.Fatalf("after %s: totalCount %d, want %d (or %d until the model is rebuilt)", step, n, want, was)
					}
					if time.Now().After(deadline) {
						t.Fatalf("after %s: still %d after 2 minutes, want %d: the model was not rebuilt", step, n, want)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			if err := store.Put(ctx, held); err != nil {
				t.Fatal(err)
			}
			follow("loading "+held.ID, before, involving(truth.Documents, city))
			if err := store.Delete(ctx, held.ID); err != nil {
				t.Fatal(err)
			}
			follow("deleting "+held.ID, involving(truth.Documents, city), before)
		})
	}
}

// TestResultCacheKeys checks what makes two requests the same answer: the same method,
// media type, content type and body; and that an answer is only found at the store version
// it was computed at.
func TestResultCacheKeys(t *testing.T) {
	body := []byte(`{"query": "{ documents { id } }"}`)
	k := requestKey("v1", http.MethodPost, mediaJSON, "application/json", body)
	if k != requestKey("v1", http.MethodPost, mediaJSON, "application/json", append([]byte(nil), body...)) {
		t.Error("the same request gave another key")
	}
	others := []struct{ name, key string }{
		{"version", requestKey("v2", http.MethodPost, mediaJSON, "application/json", body)},
		{"method", requestKey("v1", http.MethodGet, mediaJSON, "application/json", body)},
		{"media type", requestKey("v1", http.MethodPost, mediaGraphQLResponse, "application/json", body)},
		{"content type", requestKey("v1", http.MethodPost, mediaJSON, "application/graphql", body)},
		{"body", requestKey("v1", http.MethodPost, mediaJSON, "application/json", []byte(`{"query": "{ documents { title } }"}`))},
	}
	for _, o := range others {
		if o.key == k {
			t.Errorf("another %s gave the same key", o.name)
		}
	}
	r, err := newResults(4)
	if err != nil {
		t.Fatal(err)
	}
	r.put("v1", k, cachedResult{body: []byte("old")})
	if _, ok := r.get("v1", k); !ok {
		t.Fatal("a kept answer was not found")
	}
	if _, ok := r.get("v2", others[0].key); ok {
		t.Error("an answer of version v1 was found at version v2")
	}
	if _, ok := r.get("v1", k); ok {
		t.Error("an answer of version v1 survived the move to v2")
	}
}

// BenchmarkHealthQuery sends the benchmark's question through the HTTP handler, as a
// dashboard does: the first answer is computed, the others come from the result cache.
func BenchmarkHealthQuery(b *testing.B) {
	ctx := context.Background()
	docs, err := corpus.New(1, loader.DefaultNames()).Load(ctx, b.TempDir(), 200)
	if err != nil {
		b.Fatal(err)
	}
	store, err := graph.Open(ctx, "memory")
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if err := store.Put(ctx, docs...); err != nil {
		b.Fatal(err)
	}
	h := newServer(b, model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName)), nil).Handler()
	body := map[string]any{"query": healthQuery, "variables": map[string]any{"city": "济宁"}}
	postJSON(h, body) // builds the read model and computes the answer once
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rec := postJSON(h, body); rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
		}
	}
}
