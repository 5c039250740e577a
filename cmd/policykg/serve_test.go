package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/policykg/policykg/schema/seedtruth"

	"github.com/graphql-go/graphql"
)

// logLines collects the JSON log lines serve writes and tells when one with a message
// appears.
type logLines struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	lines []map[string]any
	added chan struct{}
}

func newLogLines() *logLines { return &logLines{added: make(chan struct{}, 100)} }

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadBytes('\n')
		if err != nil {
			l.buf.Write(line) // an incomplete line waits for the rest
			break
		}
		var m map[string]any
		if json.Unmarshal(line, &m) == nil {
			l.lines = append(l.lines, m)
			select {
			case l.added <- struct{}{}:
			default:
			}
		}
	}
	return len(p), nil
}

// wait returns the first line with msg, waiting for it until ctx ends.
func (l *logLines) wait(ctx context.Context, msg string) (map[string]any, error) {
	for {
		l.mu.Lock()
		for _, m := range l.lines {
			if m["msg"] == msg {
				l.mu.Unlock()
				return m, nil
			}
		}
		l.mu.Unlock()
		select {
		case <-l.added:
		case <-ctx.Done():
			return nil, fmt.Errorf("no log line %q: %w", msg, ctx.Err())
		}
	}
}

// TestServeFinishesRequestsOnSIGTERM starts serve as main does, starts a request and
// holds its body back, sends the process SIGTERM, then sends the body and checks that the
// request is answered in full before serve returns.
func TestServeFinishesRequestsOnSIGTERM(t *testing.T) {
	want := seedtruth.MeasuresWith(t, "市医保局", seedtruth.JiningPlans...)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	logs := newLogLines()
	done := make(chan error, 1)
	go func() {
		// A generous timeout: a busy machine must not turn a slow first answer into a failure.
		done <- run(ctx, []string{"serve", "--store", "memory", "--addr", "127.0.0.1:0", "--load", "../../seeds", "--timeout", "5m"}, io.Discard, logs)
	}()
	wait, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	serving, err := logs.wait(wait, "serving")
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := serving["addr"].(string)

	body := `{"query":"{ measures(agency: \"市医保局\", city: \"济宁\") { totalCount } }"}`
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Expect: 100-continue makes the server say when the handler starts reading the body:
	// from then on the request is in flight, and the body is held back until shutdown.
	head := fmt.Sprintf("POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, len(body))
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	replies := bufio.NewReader(conn)
	if cont, err := http.ReadResponse(replies, nil); err != nil || cont.StatusCode != http.StatusContinue {
		t.Fatalf("no 100 Continue: %v %v", cont, err)
	}

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if _, err := logs.wait(wait, "shutting down"); err != nil {
		t.Fatal(err)
	}
	// Shutdown closes the listener first: once a new connection is refused, the server is
	// draining, and the request above must still be answered.
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		select {
		case <-wait.Done():
			t.Fatal("the listener stayed open after SIGTERM")
		case <-time.After(10 * time.Millisecond):
		}
	}
	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatalf("the connection was closed before the body was sent: %v", err)
	}
	res, err := http.ReadResponse(replies, nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight: %v", err)
	}
	defer res.Body.Close()
	var out struct {
		Data struct{ Measures struct{ TotalCount int } }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || out.Data.Measures.TotalCount != want {
		t.Errorf("status %d, totalCount %d, want 200 and %d", res.StatusCode, out.Data.Measures.TotalCount, want)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after a graceful shutdown", err)
		}
	case <-wait.Done():
		t.Fatal("serve did not return after SIGTERM")
	}
}

// TestServeFlags maps serve's flags onto the API's limits and the schema's page sizes.
func TestServeFlags(t *testing.T) {
	tests := []struct {
		args                       []string
		depth, cost, page, defPage int
		body, response             int64
		timeout                    time.Duration
		introspection              bool
		origins                    []string
	}{
		{nil, 10, 20000, 100, 20, 100 << 10, 4 << 20, 10 * time.Second, true, []string{"*"}},
		{[]string{"--introspection=false", "--max-depth", "5", "--max-complexity", "900", "--max-page-size", "10",
			"--max-body-bytes", "2048", "--max-response-bytes", "65536", "--timeout", "2s", "--cors-origins", "https://a.example, https://b.example"},
			5, 900, 10, 10, 2048, 65536, 2 * time.Second, false, []string{"https://a.example", "https://b.example"}},
		{[]string{"--max-depth", "0", "--max-complexity", "0", "--max-page-size", "0", "--max-response-bytes", "0", "--timeout", "0", "--cors-origins", ""},
			0, 0, 0, 20, 100 << 10, 0, 0, true, nil},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		sf := addServerFlags(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if err := sf.check(); err != nil {
			t.Fatal(err)
		}
		cfg := sf.apiConfig(graphql.Schema{}, nil, nil)
		opts := sf.schemaOptions()
		l := cfg.Limits
		if l.MaxDepth != tt.depth || l.MaxComplexity != tt.cost || opts.MaxPageSize != tt.page || opts.DefaultPageSize != tt.defPage ||
			l.DefaultPageSize != tt.defPage || l.MaxBodyBytes != tt.body || l.MaxResponseBytes != tt.response || l.Timeout != tt.timeout ||
			cfg.NoIntrospection == tt.introspection || strings.Join(cfg.CORS.Origins, " ") != strings.Join(tt.origins, " ") {
			t.Errorf("%v: got limits %+v, page %d/%d, introspection %v, origins %v", tt.args, l, opts.MaxPageSize, opts.DefaultPageSize, !cfg.NoIntrospection, cfg.CORS.Origins)
		}
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	sf := addServerFlags(fs)
	if err := fs.Parse([]string{"--max-depth", "-1"}); err != nil {
		t.Fatal(err)
	}
	if sf.check() == nil {
		t.Error("a negative limit was accepted")
	}
}

// TestQueryAppliesNoLimits: policykg query is a trusted local user, so a page over the
// public limit of 100 and a query deeper than the public 10 levels both answer.
func TestQueryAppliesNoLimits(t *testing.T) {
	want := 0
	for _, f := range []string{"jining-plan-final", "jining-plan-draft", "binzhou-measures-2024", "jining-health-news"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "schema", "testdata", "seeds", f+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var e struct{ Measures []json.RawMessage }
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatal(err)
		}
		want += len(e.Measures)
	}
	deep := `{ measures(first: 500) { totalCount edges { node { agencies { agency { measures(first: 500) { edges { node { agencies { agency { name } } } } } } } } } } }`
	out, stderr, err := runCLI(t, "query", "--store", "memory", "--load", "../../seeds", deep)
	if err != nil {
		t.Fatalf("query: %v\n%s", err, stderr)
	}
	var res struct {
		Data struct {
			Measures struct {
				TotalCount int
				Edges      []json.RawMessage
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Data.Measures.TotalCount != want || len(res.Data.Measures.Edges) != want {
		t.Errorf("totalCount %d with %d edges, want every one of the seeds' %d measures", res.Data.Measures.TotalCount, len(res.Data.Measures.Edges), want)
	}
}
