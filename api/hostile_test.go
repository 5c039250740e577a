package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/policykg/policykg/errcode"
)

// ordinaryQuestion is the question every hostile request is followed by: 18 measures
// of the seed plans involve 市医保局 in 济宁 (16 in the final plan, 2 in the draft that
// the final leaves out).
const ordinaryQuestion = `{ measures(agency: "市医保局", city: "济宁") { totalCount } }`

// hostileRequests are requests a careless or malicious client sends: each must be
// answered or refused with a code of the catalogue, with no answer over the size limit.
func hostileRequests() []struct {
	name, method, query string
	vars                map[string]any
	code                errcode.Code // of the first error; "" when the answer must have none
	message             string
} {
	// repeat writes format n times, with i (and i+1 where format asks for it) for %d.
	repeat := func(format string, n int) string {
		var b strings.Builder
		for i := range n {
			if strings.Count(format, "%") > 1 {
				fmt.Fprintf(&b, format, i, i+1)
			} else {
				fmt.Fprintf(&b, format, i)
			}
		}
		return b.String()
	}
	manyVars := "query(" + repeat("$v%d: Int ", 5000) + ") { __typename }"
	return []struct {
		name, method, query string
		vars                map[string]any
		code                errcode.Code
		message             string
	}{
		{"a fragment that spreads itself (GET, 36 characters)", http.MethodGet, `{ ...A } fragment A on Query { ...A }`, nil,
			errcode.ValidationFailed, `Cannot spread fragment "A" within itself.`},
		{"a cycle through three fragments", http.MethodPost, `{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...C } fragment C on Query { ...A }`, nil,
			errcode.ValidationFailed, `Cannot spread fragment "A" within itself via "B", "C".`},
		{"a cycle inside nested selections and inline fragments", http.MethodPost,
			`{ documents { ...D } } fragment D on Document { measures(first: 1) { edges { node { ... on Measure { document { ...E } } } } } } fragment E on Document { title ... { ...D } }`, nil,
			errcode.ValidationFailed, `Cannot spread fragment "D" within itself via "E".`},
		{"a fragment bomb of 2^40 spreads", http.MethodPost,
			"{ ...F0 } " + repeat("fragment F%d on Query { ...F%[2]d ...F%[2]d } ", 40) + `fragment F40 on Query { measures(agency: "市医保局", city: "济宁") { totalCount } }`, nil, "", ""},
		{"1,800 aliases of every document's text", http.MethodPost, "{" + repeat(" a%d: documents { text }", 1800) + " }", nil,
			errcode.ResponseTooLarge, "over the limit of 4194304 bytes"},
		{"fields nested 30,000 deep", http.MethodPost, strings.Repeat("{a", 30_000) + strings.Repeat("}", 30_000), nil,
			errcode.TooDeep, "more than 100 deep"},
		{"a list nested 30,000 deep", http.MethodPost, `{ measures(agency: ` + strings.Repeat("[", 30_000) + strings.Repeat("]", 30_000) + `) { totalCount } }`, nil,
			errcode.TooDeep, "more than 100 deep"},
		{"5,000 directives on one field", http.MethodPost, "{ __typename " + strings.Repeat("@include(if: true) ", 5000) + "}", nil,
			errcode.ValidationFailed, "The directive @include can only be used once at this location."},
		{"an Int literal over 32 bits", http.MethodPost, `{ measures(year: 99999999999) { totalCount } }`, nil,
			errcode.BadUserInput, `"99999999999" is not an Int`},
		{"an Int variable over 32 bits", http.MethodPost, `query($y: Int) { measures(year: $y) { totalCount } }`, map[string]any{"y": 99999999999},
			errcode.BadUserInput, `Variable "$y" got invalid value "99999999999"`},
		{"an Int variable with a fraction", http.MethodPost, `query($n: Int) { measures(first: $n) { totalCount } }`, map[string]any{"n": 1.5},
			errcode.BadUserInput, `Variable "$n" got invalid value "1.5"`},
		{"a 90 KB document ID", http.MethodPost, `{ document(id: "` + strings.Repeat("文", 30_000) + `") { title } }`, nil,
			errcode.NotFound, `no document "` + strings.Repeat("文", 64) + `…" is loaded`},
		{"a 90 KB search", http.MethodPost, `{ search(text: "` + strings.Repeat("医", 30_000) + `") { totalCount } }`, nil,
			errcode.BadUserInput, "the search text has 30000 characters; at most 200 are allowed"},
		{"5,000 declared variables", http.MethodPost, manyVars, nil,
			errcode.ValidationFailed, `Variable "$v0" is never used.`},
		{"300 aliases a: with differing arguments", http.MethodPost, "{" + repeat(` a: documents(city: "%d") { id }`, 300) + " }", nil,
			errcode.TooComplex, `selects 51 fields named "a" in one selection set`},
		{"9,000 __typename", http.MethodPost, "{ " + strings.Repeat("__typename ", 9000) + "}", nil,
			errcode.TooComplex, `fields named "__typename"`},
	}
}

// TestHostileRequests sends each hostile request to the handler with the public limits
// and checks that it is answered or refused with its code, that no answer passes the
// size limit or lists more than 100 errors, that every error names the request, and that
// the ordinary question still answers 18 afterwards.
//
// With POLICYKG_HOSTILE_URL=http://host:port the requests go to that running
// `policykg serve --load seeds` instead, through a reverse proxy.
func TestHostileRequests(t *testing.T) {
	var h http.Handler = newServer(t, sharedSeeds(t), nil).Handler()
	if target := os.Getenv("POLICYKG_HOSTILE_URL"); target != "" {
		u, err := url.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		h = httputil.NewSingleHostReverseProxy(u)
	}
	limit := DefaultLimits().MaxResponseBytes
	for _, tt := range hostileRequests() {
		t.Run(tt.name, func(t *testing.T) {
			var rec *httptest.ResponseRecorder
			if tt.method == http.MethodGet {
				rec = call(h, http.MethodGet, "/graphql?query="+url.QueryEscape(tt.query), "", "Accept: "+mediaGraphQLResponse)
			} else {
				rec = postJSON(h, map[string]any{"query": tt.query, "variables": tt.vars}, "Accept: "+mediaGraphQLResponse)
			}
			status, body := rec.Code, rec.Body.Bytes()
			if int64(len(body)) > limit {
				t.Fatalf("an answer of %d bytes, over the limit of %d", len(body), limit)
			}
			var r gqlResponse
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatalf("status %d, the answer is not JSON: %v: %.300s", status, err, body)
			}
			if len(r.Errors) > 100 {
				t.Errorf("%d errors; at most 100 are listed", len(r.Errors))
			}
			for _, e := range r.Errors {
				if id, _ := e.Extensions["requestId"].(string); id == "" {
					t.Errorf("error %q has no requestId", e.Message)
				}
			}
			switch {
			case tt.code == "" && (status != http.StatusOK || len(r.Errors) > 0):
				t.Errorf("status %d, errors %.500v; want an answer", status, r.Errors)
			case tt.code != "" && (r.code() != tt.code || !strings.Contains(r.Errors[0].Message, tt.message)):
				t.Errorf("status %d, first error %s %.300q; want %s %q", status, r.code(), firstMessage(r), tt.code, tt.message)
			}
			var after struct {
				Data struct{ Measures struct{ TotalCount int } }
			}
			ordinary := postJSON(h, map[string]any{"query": ordinaryQuestion})
			mustAnswer(t, ordinary)
			if err := json.Unmarshal(ordinary.Body.Bytes(), &after); err != nil || after.Data.Measures.TotalCount != 18 {
				t.Errorf("afterwards the ordinary question answers %d (%v), want 18", after.Data.Measures.TotalCount, err)
			}
		})
	}
}

func firstMessage(r gqlResponse) string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}
