package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestLatency reads wrk's latency figures in their units.
func TestLatency(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"850.00us", 0.85, true}, {"1.27ms", 1.27, true}, {"2.10s", 2100, true}, {"1.50m", 90000, true}, {"", 0, false},
	}
	for _, tt := range tests {
		r := results{"1": {"k": tt.in}}
		got, ok := r.ms(1, "k")
		if ok != tt.ok || ok && (got-tt.want > 1e-9 || tt.want-got > 1e-9) {
			t.Errorf("%q: %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestGoal checks the verdicts: met, missed by a share, missed by a factor.
func TestGoal(t *testing.T) {
	tests := []struct {
		name        string
		value, base float64
		want        float64
		atLeast     bool
		verdict     string
	}{
		{"at least, met", 60, 100, 0.5, true, "| met |"},
		{"at least, missed", 40, 100, 0.5, true, "missed** by 20 %"},
		{"at most, met", 1.2, 1, 1.5, false, "| met |"},
		{"at most, missed", 1.8, 1, 1.5, false, "missed** by 20 %"},
		{"at most, missed far", 11, 1, 1, false, "missed**: 11.0× the limit"},
	}
	for _, tt := range tests {
		var b strings.Builder
		w := func(format string, a ...any) { b.WriteString(strings.TrimSpace(fmt.Sprintf(format, a...))) }
		goal(w, tt.name, tt.value, tt.base, true, tt.want, tt.atLeast, "%.2f×")
		if !strings.Contains(b.String(), tt.verdict) {
			t.Errorf("%s: %q, want %q in it", tt.name, b.String(), tt.verdict)
		}
	}
}
