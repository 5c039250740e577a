package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/export"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/schema"
)

// testPageSize is the default page size of the test servers, as serve sets it.
const testPageSize = 20

// testTimeout is the query timeout of the test servers: generous, so that a machine busy
// with other work (the first request of a server builds the model and its search index)
// never makes a test fail; tests of the timeout itself set their own.
const testTimeout = 5 * time.Minute

// seedStore opens a store of url and loads the seed corpus into it, the path a user takes.
func seedStore(tb testing.TB, url string) *graph.Store {
	tb.Helper()
	ctx := context.Background()
	store, err := graph.Open(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	docs, err := loader.DefaultNames().LoadPaths(ctx, []string{filepath.Join("..", "seeds")})
	if err != nil {
		tb.Fatal(err)
	}
	if err := store.Put(ctx, docs...); err != nil {
		tb.Fatal(err)
	}
	return store
}

var (
	seedOnce   sync.Once
	seedReader *model.Reader
)

// sharedSeeds is one memory store with the seeds for the tests that only read it.
func sharedSeeds(tb testing.TB) *model.Reader {
	seedOnce.Do(func() {
		ctx := context.Background()
		store, err := graph.Open(ctx, "memory")
		if err != nil {
			tb.Fatal(err)
		}
		docs, err := loader.DefaultNames().LoadPaths(ctx, []string{filepath.Join("..", "seeds")})
		if err != nil {
			tb.Fatal(err)
		}
		if err := store.Put(ctx, docs...); err != nil {
			tb.Fatal(err)
		}
		seedReader = model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))
	})
	if seedReader == nil {
		tb.Fatal("the seed store could not be loaded")
	}
	return seedReader
}

// newServer returns a server over the seeds with the public limits, changed by edit.
func newServer(tb testing.TB, src schema.Modeler, edit func(*Config)) *Server {
	tb.Helper()
	sch, err := schema.New(schema.Options{MaxPageSize: 100, DefaultPageSize: testPageSize})
	if err != nil {
		tb.Fatal(err)
	}
	cfg := Config{
		Schema: sch, Source: src, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Limits: DefaultLimits(), CORS: DefaultCORS(),
	}
	cfg.Limits.Timeout = testTimeout
	if r, ok := src.(*model.Reader); ok {
		cfg.Exports = export.Exporter{Store: r.Store(), Models: r}
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	s.SetReady()
	return s
}

// call sends one request to h; headers are "Name: value" strings.
func call(h http.Handler, method, target, body string, headers ...string) *httptest.ResponseRecorder {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	for _, hd := range headers {
		k, v, _ := strings.Cut(hd, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// postJSON sends a GraphQL request as JSON.
func postJSON(h http.Handler, body any, headers ...string) *httptest.ResponseRecorder {
	b, _ := json.Marshal(body)
	return call(h, http.MethodPost, "/graphql", string(b), append([]string{"Content-Type: application/json"}, headers...)...)
}

// gqlResponse is a GraphQL response as the tests read it.
type gqlResponse struct {
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
}

func (r gqlResponse) code() errcode.Code {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return errcode.Code(c)
}

// mustAnswer fails the test with the errors of an answer that has some, a timeout
// named as such, so that no error passes for an empty answer.
func mustAnswer(t *testing.T, rec *httptest.ResponseRecorder) gqlResponse {
	t.Helper()
	r := decode(t, rec)
	if r.code() == errcode.Timeout {
		t.Fatalf("the query timed out (limit %s): %s", testTimeout, r.Errors[0].Message)
	}
	if rec.Code != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("status %d, errors %+v", rec.Code, r.Errors)
	}
	return r
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) gqlResponse {
	t.Helper()
	var out gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("the response is not JSON: %v\n%s", err, rec.Body.String())
	}
	return out
}
