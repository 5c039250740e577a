package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/bench/mix"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	dto "github.com/prometheus/client_model/go"
)

// mixDocs are the corpus sizes of BenchmarkMix: the cost of a question must not follow
// the corpus.
var mixDocs = []int{10, 1000}

// mixServers keeps one server per corpus size for the benchmarks of a run.
var mixServers sync.Map // int → *Server

// mixServer serves a synthetic corpus of n documents from memory as serve does: the
// public limits, a JSON access log (discarded) and the result cache.
func mixServer(b *testing.B, n int) *Server {
	if s, ok := mixServers.Load(n); ok {
		return s.(*Server)
	}
	ctx := context.Background()
	names := loader.DefaultNames()
	docs, err := corpus.New(1, names).Load(ctx, b.TempDir(), n)
	if err != nil {
		b.Fatal(err)
	}
	store, err := graph.Open(ctx, "memory")
	if err != nil {
		b.Fatal(err)
	}
	if err := store.Put(ctx, docs...); err != nil {
		b.Fatal(err)
	}
	reader := model.NewReader(store)
	if _, err := reader.Model(ctx); err != nil {
		b.Fatal(err)
	}
	s := newServer(b, reader, func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	})
	mixServers.Store(n, s)
	return s
}

// BenchmarkMix asks the benchmark's mix of distinct questions ("measures involving AGENCY
// in CITY [with ROLE], the count and the first 5, 10 or 20 titles") through the HTTP
// handler, one question per operation, with literal arguments and as one query text with
// variables. No answer comes from the result cache (the benchmark fails if one does):
// this is the cost of an uncached question. cpu-ns/op is the CPU time of the process per
// question, its garbage collection included, which other work on the machine does not
// change as it changes ns/op.
func BenchmarkMix(b *testing.B) {
	qs, err := mix.Questions(loader.DefaultNames(), 1, 20000)
	if err != nil {
		b.Fatal(err)
	}
	kinds := []struct {
		name string
		body func(mix.Question) string
	}{{"literal", mix.Question.LiteralBody}, {"variables", mix.Question.VariablesBody}}
	for _, n := range mixDocs {
		for _, k := range kinds {
			b.Run(fmt.Sprintf("%s/docs=%d", k.name, n), func(b *testing.B) {
				s := mixServer(b, n)
				h := s.Handler()
				bodies := make([][]byte, len(qs))
				for i, q := range qs {
					bodies[i] = []byte(k.body(q))
				}
				hits := cacheHits(b, s)
				i := 0
				var cpu0 time.Duration
				for b.Loop() {
					if i == 0 {
						cpu0 = cpuTime()
					}
					req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(bodies[i%len(bodies)]))
					req.Header.Set("Content-Type", "application/json")
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
						b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
					}
					i++
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
				if got := cacheHits(b, s) - hits; got > 0 {
					b.Fatalf("the result cache answered %v of %d questions", got, b.N)
				}
			})
		}
	}
}

// cacheHits is how many requests the result cache of s answered.
func cacheHits(tb testing.TB, s *Server) float64 {
	var out dto.Metric
	if err := s.metrics.cacheHit.Write(&out); err != nil {
		tb.Fatal(err)
	}
	return out.GetCounter().GetValue()
}
