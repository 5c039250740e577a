package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/policykg/policykg/api"
)

// The handoff fixture is an invented 白石 plan whose manifest gives it the ID
// baishi-care-2024; 市医保局 is named in its measures 1. and 2. (it leads 2.).
const (
	handoffDir        = "testdata/handoff"
	handoffID         = "baishi-care-2024"
	handoffWithBureau = 2
)

// startServe runs serve over a new embedded store until the test ends, with args added,
// and returns the store's URL and the address serve answers at.
func startServe(t *testing.T, args ...string) (store, addr string) {
	t.Helper()
	return startServeIn(t, t.TempDir(), args...)
}

// startServeIn is startServe over a store in dir, which outlives t when it belongs to a
// parent test.
func startServeIn(t *testing.T, dir string, args ...string) (store, addr string) {
	t.Helper()
	store = "bolt:" + filepath.Join(dir, "db")
	ctx, cancel := context.WithCancel(context.Background())
	logs := newLogLines()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--store", store, "--addr", "127.0.0.1:0"}, args...), io.Discard, logs)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(time.Minute):
			t.Error("serve did not stop within a minute")
		}
	})
	wait, stop := context.WithTimeout(context.Background(), time.Minute)
	defer stop()
	serving, err := logs.wait(wait, "serving")
	if err != nil {
		t.Fatal(err)
	}
	addr, _ = serving["addr"].(string)
	return store, addr
}

// measuresOf asks a server the measures of 市医保局 in 白石.
func measuresOf(t *testing.T, addr string) int {
	t.Helper()
	body := `{"query":"{ measures(agency: \"市医保局\", city: \"白石\") { totalCount edges { node { document { id } } } } }"}`
	resp, err := http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			Measures struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Document struct{ ID string } }
				}
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	for _, e := range out.Data.Measures.Edges {
		if e.Node.Document.ID != "doc:"+handoffID {
			t.Errorf("a measure of %s, want %s (the manifest's ID)", e.Node.Document.ID, handoffID)
		}
	}
	return out.Data.Measures.TotalCount
}

// TestLoadHandsFilesToServe runs serve with a write token over an embedded store, then
// policykg load on the same store: without a token it says exactly what to run, with the
// token (flag or environment) the files go through the server and are answerable at once.
func TestLoadHandsFilesToServe(t *testing.T) {
	t.Setenv(writeTokenEnv, "")
	store, addr := startServe(t, "--write-token", "s3cret")
	dir := strings.TrimPrefix(store, "bolt:")
	sf, err := api.ReadServerFile(dir)
	if err != nil {
		t.Fatalf("serve left no server file: %v", err)
	}
	if sf.URL != "http://"+addr || sf.PID != os.Getpid() {
		t.Errorf("server file %+v, want http://%s and this process", sf, addr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, api.ServerFileName))
	if bytes.Contains(b, []byte("s3cret")) {
		t.Fatal("the server file holds the token")
	}
	ctx := context.Background()

	var stderr bytes.Buffer
	err = run(ctx, []string{"load", "--store", store, handoffDir}, io.Discard, &stderr)
	if err == nil {
		t.Fatal("a load without a token went through")
	}
	for _, want := range []string{"http://" + addr, "POLICYKG_WRITE_TOKEN=<the token> policykg load --store " + store + " " + handoffDir, "--token"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	if got := measuresOf(t, addr); got != 0 {
		t.Fatalf("a refused load wrote %d measures", got)
	}

	err = run(ctx, []string{"load", "--store", store, "--token", "wrong", handoffDir}, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "refused the token") {
		t.Errorf("a wrong token: %v", err)
	}

	stderr.Reset()
	if err := run(ctx, []string{"load", "--store", store, "--token", "s3cret", handoffDir}, io.Discard, &stderr); err != nil {
		t.Fatalf("load through serve: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "document="+handoffID+" status=added measures=3") {
		t.Errorf("load did not report the document it loaded:\n%s", stderr.String())
	}
	if got := measuresOf(t, addr); got != handoffWithBureau {
		t.Errorf("measures of 市医保局 in 白石 after the load: %d, want %d", got, handoffWithBureau)
	}

	t.Setenv(writeTokenEnv, "s3cret")
	stderr.Reset()
	if err := run(ctx, []string{"load", "--store", store, filepath.Join(handoffDir, "baishi-elderly-care.txt")}, io.Discard, &stderr); err != nil {
		t.Fatalf("load with the token from the environment: %v", err)
	}
	if !strings.Contains(stderr.String(), "status=unchanged") {
		t.Errorf("loading the same file again:\n%s", stderr.String())
	}
	names := t.TempDir()
	if err := os.WriteFile(filepath.Join(names, "agencies.tsv"), []byte("市康养局\t康养局\t市康养服务局\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"load", "--store", store, "--names", names, handoffDir}, io.Discard, &stderr); err == nil || !strings.Contains(err.Error(), "--names") {
		t.Errorf("--names through the server: %v", err)
	}
}

// TestLoadIntoReadOnlyServe checks what load says about a server that takes no documents.
func TestLoadIntoReadOnlyServe(t *testing.T) {
	t.Setenv(writeTokenEnv, "")
	store, addr := startServe(t)
	err := run(context.Background(), []string{"load", "--store", store, "--token", "s3cret", handoffDir}, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("a load into a read-only server went through")
	}
	for _, want := range []string{"read-only", "POLICYKG_WRITE_TOKEN=<a secret of yours> policykg serve --store " + store, "stop it"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	if got := measuresOf(t, addr); got != 0 {
		t.Errorf("a read-only server wrote %d measures", got)
	}
}

// TestServeRemovesServerFile checks that the server file goes when serve stops, so that a
// later load opens the store itself.
func TestServeRemovesServerFile(t *testing.T) {
	t.Setenv(writeTokenEnv, "")
	var dir string
	parent := t.TempDir()
	t.Run("serve", func(t *testing.T) {
		store, _ := startServeIn(t, parent)
		dir = strings.TrimPrefix(store, "bolt:")
		if _, err := os.Stat(filepath.Join(dir, api.ServerFileName)); err != nil {
			t.Fatalf("no server file while serving: %v", err)
		}
	})
	if _, err := os.Stat(filepath.Join(dir, api.ServerFileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the server file is still there after serve stopped: %v", err)
	}
	if err := run(context.Background(), []string{"load", "--store", "bolt:" + dir, handoffDir}, io.Discard, io.Discard); err != nil {
		t.Errorf("load after serve stopped: %v", err)
	}
}
