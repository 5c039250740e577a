package api

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/model"
)

// TestLimits sends, for each limit, a query that stays within it and one that crosses
// it, and checks the error the second one gets.
func TestLimits(t *testing.T) {
	introspection, err := os.ReadFile(filepath.Join("testdata", "introspection.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	h := newServer(t, sharedSeeds(t), nil).Handler()
	const deep10 = `{ measures(first: 1) { edges { node { agencies { agency { measures(first: 1) { edges { node { agencies { role } } } } } } } } } }`
	const deep11 = `{ measures(first: 1) { edges { node { agencies { agency { measures(first: 1) { edges { node { agencies { agency { name } } } } } } } } } } }`
	const costly = `query($n: Int) { measures(first: $n) { edges { node { agencies { agency { measures(first: $n) { edges { node { title } } } } } } } } }`
	tests := []struct {
		name    string
		query   string
		vars    map[string]any
		code    errcode.Code // "" when the query must pass
		message string       // part of the error message
	}{
		{"depth 10 passes", deep10, nil, "", ""},
		{"depth 11 is refused", deep11, nil, errcode.TooDeep, "nests fields 11 deep, over the limit of 10"},
		{"depth through fragments", `{ measures(first: 1) { ...M } } fragment M on MeasureConnection { edges { node { agencies { agency { measures(first: 1) { ...N } } } } } } fragment N on MeasureConnection { edges { node { agencies { agency { name } } } } }`, nil, errcode.TooDeep, "over the limit of 10"},
		{"the standard introspection query passes", string(introspection), nil, "", ""},
		{"introspection nesting __Type 4 deep is refused", `{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }`, nil, errcode.TooDeep, "nests __Type 4 deep"},
		{"small pages pass the cost budget", costly, map[string]any{"n": 5}, "", ""},
		{"large pages cross the cost budget", costly, map[string]any{"n": 100}, errcode.TooComplex, "over the limit of 20000"},
		{"lists without first count as default pages", `{ agencies { measures { edges { node { agencies { agency { measures { totalCount } } } } } } } }`, nil, errcode.TooComplex, "estimated cost"},
		{"a page of 100 passes", `{ measures(first: 100) { totalCount edges { node { id } } } }`, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := postJSON(h, map[string]any{"query": tt.query, "variables": tt.vars}, "Accept: "+mediaGraphQLResponse)
			r := decode(t, rec)
			if tt.code == "" {
				if rec.Code != http.StatusOK || len(r.Errors) > 0 {
					t.Fatalf("status %d, errors %+v; want it to pass", rec.Code, r.Errors)
				}
				return
			}
			if rec.Code != http.StatusBadRequest || r.code() != tt.code || !strings.Contains(r.Errors[0].Message, tt.message) {
				t.Errorf("status %d, errors %+v; want 400 %s %q", rec.Code, r.Errors, tt.code, tt.message)
			}
		})
	}
}

// TestBodyLimit refuses a POST body and a GET URL query over the limit.
func TestBodyLimit(t *testing.T) {
	h := newServer(t, sharedSeeds(t), func(c *Config) { c.Limits.MaxBodyBytes = 1024 }).Handler()
	small := `{ measures(agency: "市医保局") { totalCount } }`
	large := `{ measures(agency: "市医保局") { totalCount } }` + strings.Repeat(" ", 1100)
	tests := []struct {
		name   string
		rec    func() int
		status int
	}{
		{"POST under the limit", func() int { return postJSON(h, map[string]any{"query": small}).Code }, http.StatusOK},
		{"POST over the limit", func() int { return postJSON(h, map[string]any{"query": large}).Code }, http.StatusRequestEntityTooLarge},
		{"GET over the limit", func() int {
			return call(h, http.MethodGet, "/graphql?query="+strings.Repeat("%20", 400)+"%7B__typename%7D", "").Code
		}, http.StatusRequestURITooLong},
	}
	for _, tt := range tests {
		if got := tt.rec(); got != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.status)
		}
	}
	rec := postJSON(h, map[string]any{"query": large})
	if r := decode(t, rec); r.code() != errcode.PayloadTooLarge || !strings.Contains(r.Errors[0].Message, "1024 bytes") {
		t.Errorf("over the limit: %+v", r.Errors)
	}
}

// blockingSource is a store that answers only when the request's context ends, as a
// store would that is slower than the timeout.
type blockingSource struct{}

func (blockingSource) Model(ctx context.Context) (*model.Model, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestTimeout checks that the per-query timeout reaches the store through the context
// and ends the request with a clear error.
func TestTimeout(t *testing.T) {
	h := newServer(t, blockingSource{}, func(c *Config) { c.Limits.Timeout = 50 * time.Millisecond }).Handler()
	tests := []struct {
		accept string
		status int
	}{
		{mediaJSON, http.StatusOK},
		{mediaGraphQLResponse, http.StatusServiceUnavailable},
	}
	for _, tt := range tests {
		rec := postJSON(h, map[string]any{"query": countQuery}, "Accept: "+tt.accept)
		r := decode(t, rec)
		if rec.Code != tt.status || r.code() != errcode.Timeout || !strings.Contains(r.Errors[0].Message, "longer than the limit of 50ms") || r.Data != nil {
			t.Errorf("%s: status %d, %s; want %d and a TIMEOUT error", tt.accept, rec.Code, rec.Body.String(), tt.status)
		}
	}
}

// TestIntrospectionSwitch turns introspection off: __schema, __type and /schema.graphql
// are refused, __typename still answers.
func TestIntrospectionSwitch(t *testing.T) {
	for _, off := range []bool{false, true} {
		h := newServer(t, sharedSeeds(t), func(c *Config) { c.NoIntrospection = off }).Handler()
		tests := []struct {
			query   string
			refused bool
		}{
			{`{ __schema { queryType { name } } }`, off},
			{`{ __type(name: "Measure") { name } }`, off},
			{`{ __typename }`, false},
		}
		for _, tt := range tests {
			r := decode(t, postJSON(h, map[string]any{"query": tt.query}))
			if refused := r.code() == errcode.IntrospectionDisabled; refused != tt.refused {
				t.Errorf("introspection off=%v: %s refused=%v, want %v (%+v)", off, tt.query, refused, tt.refused, r.Errors)
			}
		}
		want := http.StatusOK
		if off {
			want = http.StatusNotFound
		}
		if rec := call(h, http.MethodGet, "/schema.graphql", ""); rec.Code != want {
			t.Errorf("introspection off=%v: /schema.graphql status %d, want %d", off, rec.Code, want)
		}
	}
}
