package graph

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// TestCayleyLogger: Cayley's lines reach the logger a program gives, at debug level, with
// the password of a database address masked.
func TestCayleyLogger(t *testing.T) {
	var buf bytes.Buffer
	l := CayleyLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	l.Errorf("Couldn't open database at %s", "postgres://policykg:s3cret@db:5432/kg")
	out := buf.String()
	if strings.Contains(out, "s3cret") || !strings.Contains(out, "policykg:***@db:5432") || !strings.Contains(out, "level=DEBUG") {
		t.Errorf("logged %q", out)
	}
	buf.Reset()
	quiet := CayleyLogger(slog.New(slog.NewTextHandler(&buf, nil)))
	quiet.Infof("opened %s", "bolt:kg.db")
	if buf.Len() != 0 {
		t.Errorf("a logger at info level wrote Cayley's debug line %q", buf.String())
	}
}
