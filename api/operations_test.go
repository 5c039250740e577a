package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestCORS checks the default (any origin, GET and POST, no credentials), a list of
// origins, and CORS turned off.
func TestCORS(t *testing.T) {
	const page = "https://frontend.example"
	tests := []struct {
		name      string
		cors      CORS
		method    string
		origin    string
		preflight bool
		allow     string // Access-Control-Allow-Origin wanted, "" for none
		status    int
	}{
		{"default, simple POST", DefaultCORS(), http.MethodPost, page, false, "*", http.StatusOK},
		{"default, preflight", DefaultCORS(), http.MethodOptions, page, true, "*", http.StatusNoContent},
		{"listed origin", CORS{Origins: []string{page}}, http.MethodPost, page, false, page, http.StatusOK},
		{"listed origin, preflight", CORS{Origins: []string{page}}, http.MethodOptions, page, true, page, http.StatusNoContent},
		{"other origin", CORS{Origins: []string{page}}, http.MethodPost, "https://elsewhere.example", false, "", http.StatusForbidden},
		{"other origin, preflight", CORS{Origins: []string{page}}, http.MethodOptions, "https://elsewhere.example", true, "", http.StatusForbidden},
		{"CORS off", CORS{}, http.MethodPost, page, false, "", http.StatusOK},
		{"no Origin", DefaultCORS(), http.MethodPost, "", false, "", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newServer(t, sharedSeeds(t), func(c *Config) { c.CORS = tt.cors }).Handler()
			headers := []string{"Content-Type: application/json"}
			if tt.origin != "" {
				headers = append(headers, "Origin: "+tt.origin)
			}
			if tt.preflight {
				// What a page whose tracing SDK (OpenTelemetry, Sentry) wraps fetch sends.
				headers = append(headers, "Access-Control-Request-Method: POST",
					"Access-Control-Request-Headers: content-type,traceparent,tracestate,baggage,sentry-trace,x-request-id")
			}
			rec := call(h, tt.method, "/graphql", `{"query":"{ __typename }"}`, headers...)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			hd := rec.Header()
			if got := hd.Get("Access-Control-Allow-Origin"); got != tt.allow {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.allow)
			}
			if hd.Get("Access-Control-Allow-Credentials") != "" {
				t.Error("credentials must never be allowed")
			}
			if tt.preflight && tt.allow != "" {
				if m := hd.Get("Access-Control-Allow-Methods"); !strings.Contains(m, "GET") || !strings.Contains(m, "POST") || !strings.Contains(m, "DELETE") {
					t.Errorf("Access-Control-Allow-Methods %q, want GET, POST and DELETE", m)
				}
				allowed := strings.ToLower(hd.Get("Access-Control-Allow-Headers"))
				for _, h := range []string{"content-type", "traceparent", "tracestate", "baggage", "sentry-trace", "x-request-id", "authorization"} {
					if !slices.Contains(strings.Split(allowed, ","), h) {
						t.Errorf("Access-Control-Allow-Headers %q lacks %s", allowed, h)
					}
				}
			}
		})
	}
}

// TestGzip compresses bodies worth it for clients that accept gzip, and only those.
func TestGzip(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	big := `{ documents { title source } measures(first: 50) { edges { node { title text } } } }`
	tests := []struct {
		name, query, acceptEncoding string
		gzipped                     bool
	}{
		{"large, gzip accepted", big, "gzip, deflate", true},
		{"large, gzip refused", big, "gzip;q=0, deflate", false},
		{"large, no Accept-Encoding", big, "", false},
		{"small, gzip accepted", "{ __typename }", "gzip", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := []string{}
			if tt.acceptEncoding != "" {
				headers = append(headers, "Accept-Encoding: "+tt.acceptEncoding)
			}
			rec := postJSON(h, map[string]any{"query": tt.query}, headers...)
			if got := rec.Header().Get("Content-Encoding") == "gzip"; got != tt.gzipped {
				t.Fatalf("gzipped %v, want %v", got, tt.gzipped)
			}
			body := rec.Body.Bytes()
			if tt.gzipped {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			var r gqlResponse
			if err := json.Unmarshal(body, &r); err != nil || r.Data == nil || len(r.Errors) > 0 {
				t.Fatalf("body is no answer (%v): %.200s", err, body)
			}
		})
	}
}

// TestRequestIDAndAccessLog keeps a client's request ID, makes one otherwise, and logs
// each request as one structured line with it.
func TestRequestIDAndAccessLog(t *testing.T) {
	var logs bytes.Buffer
	h := newServer(t, sharedSeeds(t), func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	}).Handler()

	rec := postJSON(h, map[string]any{"query": "query Count " + countQuery}, "X-Request-Id: trace-42")
	if got := rec.Header().Get("X-Request-Id"); got != "trace-42" {
		t.Errorf("X-Request-Id %q, want the client's trace-42", got)
	}
	for _, bad := range []string{"", "has space", strings.Repeat("x", 200)} {
		rec := postJSON(h, map[string]any{"query": "{ __typename }"}, "X-Request-Id: "+bad)
		if got := rec.Header().Get("X-Request-Id"); len(got) != 32 || got == bad {
			t.Errorf("for %q the server made %q, want 32 hex digits", bad, got)
		}
	}
	var first map[string]any
	if err := json.Unmarshal(bytes.SplitN(logs.Bytes(), []byte("\n"), 2)[0], &first); err != nil {
		t.Fatalf("the access log is not JSON lines: %v\n%s", err, logs.String())
	}
	want := map[string]any{"msg": "request", "request_id": "trace-42", "method": "POST", "path": "/graphql", "status": 200.0, "operation": "Count"}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("log %s = %v, want %v (%v)", k, first[k], v, first)
		}
	}
	if _, ok := first["took"]; !ok {
		t.Errorf("log has no duration: %v", first)
	}
}

// TestMetrics counts requests and latencies by operation name at /metrics.
func TestMetrics(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	for range 3 {
		postJSON(h, map[string]any{"query": "query MeasuresOfBureau " + countQuery})
	}
	postJSON(h, map[string]any{"query": "{ noSuchField }"})
	rec := call(h, http.MethodGet, "/metrics", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`policykg_graphql_requests_total{operation="MeasuresOfBureau",status="200"} 3`,
		`policykg_graphql_requests_total{operation="anonymous",status="200"} 1`,
		`policykg_graphql_request_duration_seconds_count{operation="MeasuresOfBureau"} 3`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestOperationLabelsBounded keeps the number of operation labels bounded.
func TestOperationLabelsBounded(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	for i := range maxOperationLabels + 5 {
		postJSON(h, map[string]any{"query": "query Op" + strings.Repeat("x", i) + " { __typename }"})
	}
	body := call(h, http.MethodGet, "/metrics", "").Body.String()
	if n := strings.Count(body, "policykg_graphql_requests_total{"); n != maxOperationLabels+1 {
		t.Errorf("%d operation series, want %d and other", n, maxOperationLabels)
	}
	if !strings.Contains(body, `policykg_graphql_requests_total{operation="other",status="200"} 5`) {
		t.Error("names past the bound are not counted as other")
	}
}

// TestHealth answers /healthz at once and /readyz once the server is ready.
func TestHealth(t *testing.T) {
	s := newServer(t, sharedSeeds(t), nil)
	sch := s.cfg
	starting, err := New(sch)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		srv    *Server
		path   string
		status int
	}{
		{starting, "/healthz", http.StatusOK},
		{starting, "/readyz", http.StatusServiceUnavailable},
		{s, "/readyz", http.StatusOK},
	}
	for _, tt := range tests {
		if rec := call(tt.srv.Handler(), http.MethodGet, tt.path, ""); rec.Code != tt.status {
			t.Errorf("%s: %d, want %d", tt.path, rec.Code, tt.status)
		}
	}
}
