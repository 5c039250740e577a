package model

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockedLog is a log the refresher writes while the test reads it.
type lockedLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// records returns the log's records with the message msg.
func (l *lockedLog) records(msg string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range bytes.Split(l.buf.Bytes(), []byte("\n")) {
		var rec map[string]any
		if json.Unmarshal(line, &rec) == nil && rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// eventually polls cond every 10 ms for two minutes, failing with what when it never holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timeout: after 2 minutes, %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRequestsDoNotWaitForABuild: while a build holds the Reader (as the refresher does
// while it reads the store), a request answers at once from the current model; once the
// build is done, requests answer from the new one.
func TestRequestsDoNotWaitForABuild(t *testing.T) {
	ctx := context.Background()
	docs := loadSeeds(t)
	news := seedByID(docs, "jining-health-news")
	var others = docs[:0:0]
	for _, d := range docs {
		if d != news {
			others = append(others, d)
		}
	}
	s := open(t, "memory")
	if err := s.Put(ctx, others...); err != nil {
		t.Fatal(err)
	}
	r := NewReader(s, WithLogger(slog.New(slog.NewJSONHandler(&lockedLog{}, nil))))
	defer r.Close()
	before, err := r.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.mu.Lock()
	if err := s.Put(ctx, news); err != nil {
		r.mu.Unlock()
		t.Fatal(err)
	}
	answered := make(chan *Model, 1)
	go func() {
		m, err := r.Model(ctx)
		if err != nil {
			t.Error(err)
		}
		answered <- m
	}()
	select {
	case m := <-answered:
		if m != before || m.Document(news.ID) != nil {
			t.Errorf("during the build: a model with %d documents, want the current one with %d", len(m.Documents), len(before.Documents))
		}
	case <-time.After(2 * time.Minute):
		t.Error("timeout: a request waited 2 minutes for the build")
	}
	r.mu.Unlock()
	eventually(t, "the model still lacks the news report", func() bool {
		m, err := r.Model(ctx)
		return err == nil && m.Document(news.ID) != nil
	})
}

// TestFailedBuildKeepsWhatItDecoded: a background build that fails after reading one of
// three new documents is logged, requests keep the previous model meanwhile, and the next
// build reads only the two it had not read.
func TestFailedBuildKeepsWhatItDecoded(t *testing.T) {
	ctx := context.Background()
	docs := loadSeeds(t)
	s := open(t, "memory")
	if err := s.Put(ctx, docs[0]); err != nil {
		t.Fatal(err)
	}
	var failing atomic.Bool
	var log lockedLog
	r := NewReader(s, WithLogger(slog.New(slog.NewJSONHandler(&log, nil))))
	r.opts.decoded = func(id string) error {
		if failing.CompareAndSwap(true, false) {
			return errors.New("the store went away")
		}
		return nil
	}
	defer r.Close()
	before, err := r.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	failing.Store(true)
	if err := s.Put(ctx, docs[1:]...); err != nil {
		t.Fatal(err)
	}
	if m, err := r.Model(ctx); err != nil || m != before {
		t.Fatalf("the request that woke the refresher: %v, %v; want the previous model", m, err)
	}
	eventually(t, "no failed build was logged", func() bool { return len(log.records("model build failed; answering from the previous model")) > 0 })
	if rec := log.records("model build failed; answering from the previous model")[0]; !strings.Contains(rec["err"].(string), "the store went away") {
		t.Errorf("the failure logged: %v", rec)
	}
	eventually(t, "the model was not rebuilt after the failure", func() bool {
		m, err := r.Model(ctx)
		return err == nil && len(m.Documents) == len(docs)
	})
	built := log.records("model built")
	last := built[len(built)-1]
	if last["read_from_quads"] != float64(len(docs)-2) {
		t.Errorf("the build after the failure read %v documents from the store, want %d (the failed one had read one)", last["read_from_quads"], len(docs)-2)
	}
}
