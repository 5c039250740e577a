package api

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/errcode"
)

// TestInternalErrorsAreLoggedNotShown: an error with no code (here a resolver's failure
// naming a file on the server) reaches the client as INTERNAL_SERVER_ERROR with a fixed
// message and the request id, and the log line under that id has the cause.
func TestInternalErrorsAreLoggedNotShown(t *testing.T) {
	secret := errors.New("open /var/lib/policykg/secret.db: permission denied")
	sch, err := graphql.NewSchema(graphql.SchemaConfig{Query: graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: graphql.Fields{
		"broken": {Type: graphql.String, Resolve: func(graphql.ResolveParams) (any, error) { return nil, secret }},
		"fine":   {Type: graphql.String, Resolve: func(graphql.ResolveParams) (any, error) { return "济宁", nil }},
	}})})
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	h := newServer(t, sharedSeeds(t), func(c *Config) {
		c.Schema = sch
		c.Logger = slog.New(slog.NewJSONHandler(&log, nil))
	}).Handler()
	rec := postJSON(h, map[string]any{"query": "{ broken fine }"}, "X-Request-Id: req-42")
	r := decode(t, rec)
	if rec.Code != http.StatusOK || string(r.Data) != `{"broken":null,"fine":"济宁"}` {
		t.Fatalf("status %d, data %s", rec.Code, r.Data)
	}
	if len(r.Errors) != 1 || r.code() != errcode.Internal || r.Errors[0].Message != errcode.InternalMessage || r.Errors[0].Extensions["requestId"] != "req-42" {
		t.Fatalf("errors %+v; want one INTERNAL_SERVER_ERROR with the fixed message and requestId req-42", r.Errors)
	}
	if strings.Contains(rec.Body.String(), "secret.db") {
		t.Errorf("the answer shows the cause: %s", rec.Body.String())
	}
	var logged bool
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, `"request_id":"req-42"`) && strings.Contains(line, "secret.db: permission denied") {
			logged = true
		}
	}
	if !logged {
		t.Errorf("no log line has the request id and the cause:\n%s", log.String())
	}
}

// TestEveryErrorNamesTheRequest: errors refused before execution, during it and outside
// GraphQL all carry the request id.
func TestEveryErrorNamesTheRequest(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	for _, rec := range []struct {
		name string
		body string
	}{
		{"parse", postJSON(h, map[string]any{"query": "{"}, "X-Request-Id: r1").Body.String()},
		{"validation", postJSON(h, map[string]any{"query": "{ nope }"}, "X-Request-Id: r1").Body.String()},
		{"field", postJSON(h, map[string]any{"query": `{ document(id: "nope") { id } }`}, "X-Request-Id: r1").Body.String()},
		{"batch", call(h, http.MethodPost, "/graphql", `[{"query":"{ __typename }"}]`, "Content-Type: application/json", "X-Request-Id: r1").Body.String()},
		{"method", call(h, http.MethodDelete, "/graphql", "", "X-Request-Id: r1").Body.String()},
		{"export", call(h, http.MethodGet, "/export/csv?document=nope", "", "X-Request-Id: r1").Body.String()},
	} {
		if !strings.Contains(rec.body, `"requestId":"r1"`) {
			t.Errorf("%s: %s; want requestId r1", rec.name, rec.body)
		}
	}
}

// TestResponseTooLarge refuses an answer over the limit whole, and answers one under it.
func TestResponseTooLarge(t *testing.T) {
	const query = `{ documents { title text } }`
	first := postJSON(newServer(t, sharedSeeds(t), nil).Handler(), map[string]any{"query": query})
	whole := int64(first.Body.Len())
	full := mustAnswer(t, first)
	size := int64(len(full.Data))
	// A limit one byte under the whole answer is met once every text is written, past the
	// response budget, by the exact check.
	for _, tt := range []struct {
		limit int64
		code  errcode.Code
	}{{size / 2, errcode.ResponseTooLarge}, {whole - 1, errcode.ResponseTooLarge}, {whole, ""}, {size + 200, ""}} {
		h := newServer(t, sharedSeeds(t), func(c *Config) { c.Limits.MaxResponseBytes = tt.limit }).Handler()
		for _, media := range []string{mediaJSON, mediaGraphQLResponse} {
			rec := postJSON(h, map[string]any{"query": query}, "Accept: "+media)
			r := decode(t, rec)
			if r.code() != tt.code || int64(rec.Body.Len()) > tt.limit {
				t.Errorf("limit %d of a %d-byte answer, %s: status %d, %d bytes, code %q; want %q", tt.limit, size, media, rec.Code, rec.Body.Len(), r.code(), tt.code)
			}
			if tt.code != "" && (r.Data != nil || media == mediaGraphQLResponse && rec.Code != http.StatusBadRequest) {
				t.Errorf("%s: status %d, data %s; want no data (400 for %s)", media, rec.Code, r.Data, mediaGraphQLResponse)
			}
		}
	}
}

// TestValidationErrorsOnce: each mistake in a query is reported once, although both querycheck and the server add validation rules.
func TestValidationErrorsOnce(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	r := decode(t, postJSON(h, map[string]any{"query": `{ documents { totalCount } measures(agency: "市卫生健康委", nope: 1) { totalCount } }`}))
	var msgs []string
	for _, e := range r.Errors {
		msgs = append(msgs, e.Message)
	}
	want := []string{
		`Cannot query field "totalCount" on type "Document".`,
		`Unknown argument "nope" on field "measures" of type "Query".`,
	}
	if len(msgs) != len(want) {
		t.Fatalf("errors %q; want exactly %q", msgs, want)
	}
	for i := range want {
		if !strings.HasPrefix(msgs[i], want[i]) {
			t.Errorf("error %d: %q; want %q", i, msgs[i], want[i])
		}
	}
}
