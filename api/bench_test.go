package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/policykg/policykg/schema/seedtruth"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/schema"
)

// measuresForAgency is the question "measures involving 市卫生健康委 in 济宁 with
// agencies, institutions and targets".
const measuresForAgency = `query MeasuresForAgency {
  measures(agency: "市卫生健康委", city: "济宁", first: 100) {
    totalCount
    edges { node {
      id number title
      agencies { role position agency { name kind } }
      institutions { name city }
      targets { valueText value unit year indicator { name } }
    } }
  }
}`

// benchServer serves the seed corpus from a bolt store, as `make run` does.
func benchServer(tb testing.TB) (http.Handler, *graph.Store) {
	tb.Helper()
	store := seedStore(tb, "bolt:"+filepath.Join(tb.TempDir(), "policykg.db"))
	return newServer(tb, model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName)), nil).Handler(), store
}

// ask posts a query and fails on anything but a clean answer.
func ask(tb testing.TB, h http.Handler, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		tb.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
	}
	return rec
}

// benchQuery measures a query over the HTTP handler and reports the store look-ups each
// request makes and the requests answered per second. With fresh, every request's
// query text differs (a comment with a counter), so no cache of the server answers it:
// each is parsed, validated, checked against the limits and executed.
func benchQuery(b *testing.B, query string, fresh bool) {
	h, store := benchServer(b)
	body := func(i int) string {
		q := query
		if fresh {
			q = "# request " + itoa(i) + "\n" + query
		}
		out, _ := json.Marshal(map[string]string{"query": q})
		return string(out)
	}
	ask(b, h, body(-1)) // builds the model from the store once
	before := store.Lookups()
	i := 0
	for b.Loop() {
		ask(b, h, body(i))
		i++
	}
	b.ReportMetric(float64(store.Lookups()-before)/float64(b.N), "lookups/req")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkMeasuresForAgency: a page of measures with their agencies, institutions and
// targets costs at most one store look-up (the version check), not one per item; the
// server's caches answer the repeated request.
func BenchmarkMeasuresForAgency(b *testing.B) { benchQuery(b, measuresForAgency, false) }

// BenchmarkMeasuresForAgencyUncached is the same question with every request new to the
// server: the cost of resolving it, still with no store look-up per item.
func BenchmarkMeasuresForAgencyUncached(b *testing.B) { benchQuery(b, measuresForAgency, true) }

// BenchmarkTypename is the ceiling: the simplest query there is.
func BenchmarkTypename(b *testing.B) { benchQuery(b, `{ __typename }`, false) }

// TestStoreLookupsPerRequest checks that the look-ups of a request do not grow with the
// page: at most one per request (the store version check) for one measure or for all.
func TestStoreLookupsPerRequest(t *testing.T) {
	h, store := benchServer(t)
	want := seedtruth.MeasuresWith(t, "市卫生健康委", seedtruth.JiningPlans...)
	first := func(n int) string {
		b, _ := json.Marshal(map[string]string{"query": strings.Replace(measuresForAgency, "first: 100", "first: "+itoa(n), 1)})
		return string(b)
	}
	ask(t, h, first(1)) // builds the model
	for _, n := range []int{1, 10, 100} {
		before := store.Lookups()
		rec := ask(t, h, first(n))
		if got := store.Lookups() - before; got > 1 {
			t.Errorf("a page of %d made %d store look-ups, want at most 1 (the version check)", n, got)
		}
		var out struct {
			Data struct {
				Measures struct {
					TotalCount int
					Edges      []struct{ Node struct{ Agencies []any } }
				}
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		if out.Data.Measures.TotalCount != want || len(out.Data.Measures.Edges) != min(n, want) {
			t.Errorf("first %d: totalCount %d with %d edges, want %d with %d", n, out.Data.Measures.TotalCount, len(out.Data.Measures.Edges), want, min(n, want))
		}
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// countingSource counts how often the server asks for the model: on a store that other
// processes write (PostgreSQL, MySQL), each ask is a read of the store version.
type countingSource struct {
	src   schema.Modeler
	calls atomic.Int64
}

func (c *countingSource) Model(ctx context.Context) (*model.Model, error) {
	c.calls.Add(1)
	return c.src.Model(ctx)
}

// TestOneModelReadPerRequest: a request the result cache cannot answer reads the model
// once, not once for the cache and again to execute.
func TestOneModelReadPerRequest(t *testing.T) {
	store := seedStore(t, "memory")
	src := &countingSource{src: model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))}
	h := newServer(t, src, nil).Handler()
	for i := range 3 {
		body, _ := json.Marshal(map[string]string{"query": "# " + itoa(i) + "\n" + measuresForAgency})
		before := src.calls.Load()
		ask(t, h, string(body))
		if got := src.calls.Load() - before; got != 1 {
			t.Errorf("request %d read the model %d times, want 1", i, got)
		}
	}
}
