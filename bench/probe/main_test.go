package main

import (
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	at := time.Unix(0, 0)
	// 1,000 requests of 1 ms to 1,000 ms, sent in that order.
	var lat []Request
	for i := 1; i <= 1000; i++ {
		lat = append(lat, Request{Sent: at.Add(time.Duration(i) * time.Second), MS: float64(i)})
	}
	s := summarize(lat, 3, 2)
	want := Summary{Requests: 1003, Failed: 3, P50: 500, P90: 900, P99: 990, P999: 999, Max: 1000}
	if s.Requests != want.Requests || s.Failed != want.Failed || s.P50 != want.P50 || s.P90 != want.P90 ||
		s.P99 != want.P99 || s.P999 != want.P999 || s.Max != want.Max {
		t.Errorf("summarize = %+v, want %+v", s, want)
	}
	if len(s.Slowest) != 2 || s.Slowest[0].MS != 1000 || s.Slowest[1].MS != 999 || !s.Slowest[0].Sent.Equal(at.Add(1000*time.Second)) {
		t.Errorf("slowest = %+v, want the requests of 1000 and 999 ms, slowest first", s.Slowest)
	}
	if n := countOver(lat, 997.5); n != 3 {
		t.Errorf("countOver 997.5 ms = %d, want 3", n)
	}
	if empty := summarize(nil, 5, 20); empty.Requests != 5 || empty.Max != 0 || empty.Slowest != nil {
		t.Errorf("summarize of failures only = %+v", empty)
	}
}
