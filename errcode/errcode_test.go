package errcode

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestOfAndMessage(t *testing.T) {
	notFound := errors.New("not found")
	tests := []struct {
		name string
		err  error
		code Code
		msg  string
	}{
		{"coded", New(BadUserInput, "first: %d is over the largest page of %d", 101, 100), BadUserInput, "first: 101 is over the largest page of 100"},
		{"wrapped by context", fmt.Errorf("coordination: %w", Wrap(notFound, NotFound, "no document %s", Quote("nope"))), NotFound, `no document "nope"`},
		{"deadline", fmt.Errorf("read: %w", context.DeadlineExceeded), Timeout, "the request ran out of time and was stopped"},
		{"internal", errors.New("bolt: page 7 is corrupt"), Internal, "internal error: the server failed to answer; the log has the cause under this request's id"},
	}
	for _, tt := range tests {
		if got := Of(tt.err); got != tt.code {
			t.Errorf("%s: Of = %s, want %s", tt.name, got, tt.code)
		}
		if got := Message(tt.err); got != tt.msg {
			t.Errorf("%s: Message = %q, want %q", tt.name, got, tt.msg)
		}
	}
	if !errors.Is(Wrap(notFound, NotFound, "x"), notFound) {
		t.Error("Wrap loses its cause")
	}
	if Of(nil) != "" {
		t.Error("Of(nil) is not empty")
	}
}

func TestQuoteCutsLongValues(t *testing.T) {
	if got := Quote("济宁"); got != `"济宁"` {
		t.Errorf("Quote = %s", got)
	}
	long := strings.Repeat("医", 90_000)
	if got := Quote(long); got != `"`+strings.Repeat("医", 64)+`…"` {
		t.Errorf("Quote of 90,000 characters gives %d bytes", len(got))
	}
}
