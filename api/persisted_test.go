package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/schema/seedtruth"
)

// TestPersistedQueries plays an Apollo client's automatic persisted queries: the hash
// alone is unknown at first, hash and query register it, then the hash alone works, over
// POST and over GET.
func TestPersistedQueries(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	sum := sha256.Sum256([]byte(countQuery))
	hash := hex.EncodeToString(sum[:])
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	want := seedtruth.MeasuresWith(t, "市医保局", seedtruth.JiningPlans...)

	getURL := func(query string) string {
		e, _ := json.Marshal(ext)
		v := url.Values{"extensions": {string(e)}}
		if query != "" {
			v.Set("query", query)
		}
		return "/graphql?" + v.Encode()
	}
	totalCount := func(t *testing.T, body []byte) int {
		var out struct {
			Data struct{ Measures struct{ TotalCount int } }
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		return out.Data.Measures.TotalCount
	}
	steps := []struct {
		name   string
		send   func() (int, []byte, http.Header)
		status int
		code   errcode.Code
	}{
		{"GET hash alone, unknown", func() (int, []byte, http.Header) {
			rec := call(h, http.MethodGet, getURL(""), "", "Accept: "+mediaGraphQLResponse)
			return rec.Code, rec.Body.Bytes(), rec.Header()
		}, http.StatusOK, errcode.PersistedQueryNotFound},
		{"POST hash alone, unknown", func() (int, []byte, http.Header) {
			rec := postJSON(h, map[string]any{"extensions": ext})
			return rec.Code, rec.Body.Bytes(), rec.Header()
		}, http.StatusOK, errcode.PersistedQueryNotFound},
		{"POST hash with a query it is not the hash of", func() (int, []byte, http.Header) {
			rec := postJSON(h, map[string]any{"query": "{ __typename }", "extensions": ext})
			return rec.Code, rec.Body.Bytes(), rec.Header()
		}, http.StatusBadRequest, errcode.BadRequest},
		{"POST hash alone, still unknown", func() (int, []byte, http.Header) {
			rec := postJSON(h, map[string]any{"extensions": ext})
			return rec.Code, rec.Body.Bytes(), rec.Header()
		}, http.StatusOK, errcode.PersistedQueryNotFound},
		{"POST hash and query register it", func() (int, []byte, http.Header) {
			rec := postJSON(h, map[string]any{"query": countQuery, "extensions": ext})
			return rec.Code, rec.Body.Bytes(), rec.Header()
		}, http.StatusOK, ""},
		{"POST hash alone", func() (int, []byte, http.Header) {
			rec := postJSON(h, map[string]any{"extensions": ext})
			return rec.Code, rec.Body.Bytes(), rec.Header()
		}, http.StatusOK, ""},
		{"GET hash alone", func() (int, []byte, http.Header) {
			rec := call(h, http.MethodGet, getURL(""), "")
			return rec.Code, rec.Body.Bytes(), rec.Header()
		}, http.StatusOK, ""},
	}
	for _, st := range steps {
		status, body, header := st.send()
		var r gqlResponse
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if status != st.status || r.code() != st.code {
			t.Fatalf("%s: status %d code %q, want %d %q\n%s", st.name, status, r.code(), st.status, st.code, body)
		}
		switch {
		case st.code == errcode.PersistedQueryNotFound:
			if r.Errors[0].Message != "PersistedQueryNotFound" || header.Get("Cache-Control") != "private, no-cache, must-revalidate" {
				t.Errorf("%s: message %q, Cache-Control %q", st.name, r.Errors[0].Message, header.Get("Cache-Control"))
			}
		case st.code == "":
			if got := totalCount(t, body); got != want {
				t.Errorf("%s: totalCount %d, want %d", st.name, got, want)
			}
		}
	}
}

// TestPersistedQueryErrors refuses malformed persisted query extensions.
func TestPersistedQueryErrors(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	tests := []struct {
		name string
		pq   any
	}{
		{"not an object", "abc"},
		{"version 2", map[string]any{"version": 2, "sha256Hash": "ab"}},
		{"short hash", map[string]any{"version": 1, "sha256Hash": "abc"}},
	}
	for _, tt := range tests {
		rec := postJSON(h, map[string]any{"extensions": map[string]any{"persistedQuery": tt.pq}})
		if r := decode(t, rec); rec.Code != http.StatusBadRequest || r.code() != errcode.BadRequest {
			t.Errorf("%s: status %d %+v, want 400", tt.name, rec.Code, r.Errors)
		}
	}
	// An invalid query is not remembered under its hash.
	bad := "{ noSuchField }"
	sum := sha256.Sum256([]byte(bad))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	postJSON(h, map[string]any{"query": bad, "extensions": ext})
	if r := decode(t, postJSON(h, map[string]any{"extensions": ext})); r.code() != errcode.PersistedQueryNotFound {
		t.Errorf("an invalid query was persisted: %+v", r.Errors)
	}
}
