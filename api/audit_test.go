package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// inCI reports whether the tests run in CI, where every tool a test needs is installed
// by .ci/run and no test may skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// skipOutsideCI skips a test that lacks a tool outside CI, and fails it in CI.
func skipOutsideCI(t *testing.T, format string, a ...any) {
	t.Helper()
	if inCI() {
		t.Fatalf(format, a...)
	}
	t.Skipf(format, a...)
}

// TestGraphQLHTTPAudit runs the server audit of the npm package graphql-http
// (api/testdata/audit, installed by .ci/run) against a live server: every audit, MUST,
// SHOULD and MAY alike, must pass — 0 errors and 0 warnings.
func TestGraphQLHTTPAudit(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		skipOutsideCI(t, "node is not installed: %v", err)
	}
	dir := filepath.Join("testdata", "audit")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-http", "package.json")); err != nil {
		skipOutsideCI(t, "graphql-http is not installed (npm ci --prefix %s): %v", dir, err)
	}
	srv := httptest.NewServer(newServer(t, sharedSeeds(t), nil).Handler())
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "audit.mjs", srv.URL+"/graphql")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("node audit.mjs: %v\n%s", err, stderr)
	}
	var results []struct{ ID, Name, Status, Reason string }
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("audit output is not JSON: %v\n%s", err, out)
	}
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Status]++
		if r.Status != "ok" {
			t.Errorf("%s %s: %s: %s", r.ID, r.Status, r.Name, r.Reason)
		}
	}
	if len(results) < 40 {
		t.Errorf("only %d audits ran", len(results))
	}
	t.Logf("graphql-http audit: %d ok, %d warnings, %d errors, %d notices", counts["ok"], counts["warn"], counts["error"], counts["notice"])
}
