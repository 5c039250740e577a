package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/schema/seedtruth"
)

const countQuery = `{ measures(agency: "市医保局", city: "济宁") { totalCount } }`

// TestGraphQLOverHTTP checks the status codes and media types the GraphQL-over-HTTP
// specification gives for each kind of request, for both response media types.
func TestGraphQLOverHTTP(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	get := func(query string, extra ...string) string {
		v := url.Values{"query": {query}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return "/graphql?" + v.Encode()
	}
	const json, gql = "Accept: application/json", "Accept: application/graphql-response+json"
	const ctJSON = "Content-Type: application/json"
	tests := []struct {
		name         string
		method, url  string
		body         string
		headers      []string
		status       int
		media        string       // "" when the body is no GraphQL response
		code         errcode.Code // extensions.code of the first error, "" for none
		data         bool         // whether the data entry is there
		extraHeaders map[string]string
	}{
		{"GET query", http.MethodGet, get(countQuery), "", nil, 200, mediaJSON, "", true, nil},
		{"GET with variables", http.MethodGet, get(`query($a: String) { measures(agency: $a, city: "济宁") { totalCount } }`, "variables", `{"a":"市医保局"}`), "", []string{gql}, 200, mediaGraphQLResponse, "", true, nil},
		{"POST application/json", http.MethodPost, "/graphql", `{"query":` + quote(countQuery) + `}`, []string{ctJSON, json}, 200, mediaJSON, "", true, nil},
		{"POST graphql-response+json", http.MethodPost, "/graphql", `{"query":` + quote(countQuery) + `}`, []string{ctJSON, gql}, 200, mediaGraphQLResponse, "", true, nil},
		{"POST application/graphql", http.MethodPost, "/graphql", countQuery, []string{"Content-Type: application/graphql"}, 200, mediaJSON, "", true, nil},
		{"Accept */*", http.MethodPost, "/graphql", `{"query":"{ __typename }"}`, []string{ctJSON, "Accept: */*"}, 200, mediaJSON, "", true, nil},
		{"Accept prefers json by q", http.MethodPost, "/graphql", `{"query":"{ __typename }"}`, []string{ctJSON, "Accept: application/graphql-response+json;q=0.5, application/json"}, 200, mediaJSON, "", true, nil},
		{"Accept both: the new type", http.MethodPost, "/graphql", `{"query":"{ __typename }"}`, []string{ctJSON, "Accept: application/json, application/graphql-response+json"}, 200, mediaGraphQLResponse, "", true, nil},
		{"Accept nothing usable", http.MethodPost, "/graphql", `{"query":"{ __typename }"}`, []string{ctJSON, "Accept: text/html, application/xml;q=0.9"}, 406, mediaJSON, errcode.NotAcceptable, false, nil},
		{"Accept json refused by q=0", http.MethodGet, get("{ __typename }"), "", []string{"Accept: application/json;q=0"}, 406, mediaJSON, errcode.NotAcceptable, false, nil},
		{"mutation over GET", http.MethodGet, get("mutation { __typename }"), "", []string{gql}, 405, mediaGraphQLResponse, errcode.MethodNotAllowed, false, map[string]string{"Allow": "POST"}},
		{"named mutation over GET", http.MethodGet, get("query A { __typename } mutation B { __typename }", "operationName", "B"), "", nil, 405, mediaJSON, errcode.MethodNotAllowed, false, nil},
		{"mutation over POST: no mutations in the schema (json)", http.MethodPost, "/graphql", `{"query":"mutation { __typename }"}`, []string{ctJSON, json}, 200, mediaJSON, errcode.ValidationFailed, false, nil},
		{"mutation over POST: no mutations in the schema", http.MethodPost, "/graphql", `{"query":"mutation { __typename }"}`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.ValidationFailed, false, nil},
		{"parse error (json)", http.MethodPost, "/graphql", `{"query":"{"}`, []string{ctJSON, json}, 200, mediaJSON, errcode.ParseFailed, false, nil},
		{"parse error", http.MethodPost, "/graphql", `{"query":"{"}`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.ParseFailed, false, nil},
		{"validation error (json)", http.MethodPost, "/graphql", `{"query":"{ noSuchField }"}`, []string{ctJSON, json}, 200, mediaJSON, errcode.ValidationFailed, false, nil},
		{"validation error", http.MethodPost, "/graphql", `{"query":"{ noSuchField }"}`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.ValidationFailed, false, nil},
		{"variable coercion (json)", http.MethodPost, "/graphql", `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":null}}`, []string{ctJSON, json}, 200, mediaJSON, errcode.BadUserInput, false, nil},
		{"variable coercion", http.MethodPost, "/graphql", `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":null}}`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.BadUserInput, false, nil},
		{"Int variable over 32 bits", http.MethodPost, "/graphql", `{"query":"query($y: Int) { measures(year: $y) { totalCount } }","variables":{"y":99999999999}}`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.BadUserInput, false, nil},
		{"Int literal over 32 bits", http.MethodPost, "/graphql", `{"query":"{ measures(year: 99999999999) { totalCount } }"}`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.BadUserInput, false, nil},
		{"unknown operation name", http.MethodPost, "/graphql", `{"query":"query A { __typename }","operationName":"B"}`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.BadRequest, false, nil},
		{"field error keeps data", http.MethodPost, "/graphql", `{"query":"{ document(id: \"jining-plan-final\") { measures(after: \"nonsense\") { totalCount } } }"}`, []string{ctJSON, gql}, 200, mediaGraphQLResponse, errcode.BadUserInput, true, nil},
		{"batch refused", http.MethodPost, "/graphql", `[{"query":"{ __typename }"},{"query":"{ __typename }"}]`, []string{ctJSON}, 400, mediaJSON, errcode.BatchNotSupported, false, nil},
		{"no Content-Type", http.MethodPost, "/graphql", `{"query":"{ __typename }"}`, nil, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"text/plain", http.MethodPost, "/graphql", `{"query":"{ __typename }"}`, []string{"Content-Type: text/plain;charset=UTF-8"}, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"unsupported Content-Type", http.MethodPost, "/graphql", `<query/>`, []string{"Content-Type: application/xml"}, 415, mediaJSON, errcode.BadRequest, false, nil},
		{"body not JSON", http.MethodPost, "/graphql", `{ "not a JSON`, []string{ctJSON, gql}, 400, mediaGraphQLResponse, errcode.BadRequest, false, nil},
		{"empty body", http.MethodPost, "/graphql", ``, []string{ctJSON}, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"no query", http.MethodPost, "/graphql", `{"qeury":"{ __typename }"}`, []string{ctJSON}, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"query not a string", http.MethodPost, "/graphql", `{"query":["{ __typename }"]}`, []string{ctJSON}, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"operationName not a string", http.MethodPost, "/graphql", `{"query":"{ __typename }","operationName":0}`, []string{ctJSON}, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"variables not an object", http.MethodPost, "/graphql", `{"query":"{ __typename }","variables":"x"}`, []string{ctJSON}, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"extensions not an object", http.MethodPost, "/graphql", `{"query":"{ __typename }","extensions":[1]}`, []string{ctJSON}, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"null parameters", http.MethodPost, "/graphql", `{"query":"{ __typename }","variables":null,"operationName":null,"extensions":null}`, []string{ctJSON}, 200, mediaJSON, "", true, nil},
		{"GET variables not JSON", http.MethodGet, get("{ __typename }", "variables", "{x"), "", nil, 400, mediaJSON, errcode.BadRequest, false, nil},
		{"PUT", http.MethodPut, "/graphql", `{"query":"{ __typename }"}`, []string{ctJSON}, 405, mediaJSON, errcode.MethodNotAllowed, false, map[string]string{"Allow": "GET, POST"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := call(h, tt.method, tt.url, tt.body, tt.headers...)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d\n%s", rec.Code, tt.status, rec.Body.String())
			}
			for k, v := range tt.extraHeaders {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("header %s %q, want %q", k, got, v)
				}
			}
			if tt.media == "" {
				return
			}
			if ct := rec.Header().Get("Content-Type"); ct != tt.media+"; charset=utf-8" {
				t.Errorf("Content-Type %q, want %s; charset=utf-8", ct, tt.media)
			}
			r := decode(t, rec)
			if r.code() != tt.code {
				t.Errorf("error code %q, want %q: %+v", r.code(), tt.code, r.Errors)
			}
			if (r.Data != nil) != tt.data {
				t.Errorf("data present %v, want %v: %s", r.Data != nil, tt.data, rec.Body.String())
			}
		})
	}
}

// TestAnswer checks that a query answers with the seed documents' values.
func TestAnswer(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	want := seedtruth.MeasuresWith(t, "市医保局", seedtruth.JiningPlans...)
	if want != 18 {
		t.Fatalf("the expected values changed: %d 济宁 measures name 市医保局", want)
	}
	for _, accept := range []string{mediaJSON, mediaGraphQLResponse} {
		rec := postJSON(h, map[string]any{"query": countQuery}, "Accept: "+accept)
		var out struct {
			Data struct{ Measures struct{ TotalCount int } }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		if out.Data.Measures.TotalCount != want {
			t.Errorf("%s: totalCount %d, want %d", accept, out.Data.Measures.TotalCount, want)
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestNegotiate reads Accept headers.
func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept, want string
		ok           bool
	}{
		{"", mediaJSON, true},
		{"*/*", mediaJSON, true},
		{"application/*", mediaJSON, true},
		{"application/graphql-response+json", mediaGraphQLResponse, true},
		{"application/graphql-response+json, application/json;q=0.9", mediaGraphQLResponse, true},
		{"application/json;charset=utf-8", mediaJSON, true},
		{"application/json, multipart/mixed", mediaJSON, true},
		{"text/html", "", false},
		{"application/graphql-response+json;q=0", "", false},
		{"application/graphql-response+json;q=x", "", false},
	}
	for _, tt := range tests {
		got, ok := negotiate(tt.accept)
		if got != tt.want || ok != tt.ok {
			t.Errorf("negotiate(%q) = %q %v, want %q %v", tt.accept, got, ok, tt.want, tt.ok)
		}
	}
}
