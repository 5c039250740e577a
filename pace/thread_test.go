package pace

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestRunIsLikeACall(t *testing.T) {
	p, err := New(0.5)
	if err != nil {
		t.Fatal(err)
	}
	var none *Pacer
	unreadable := errors.New("file 3 unreadable")
	for name, p := range map[string]*Pacer{"active pacer": p, "nil pacer": none} {
		got := 0
		p.Run(func() { got = 7 })
		if got != 7 {
			t.Errorf("%s: Run returned before its work was done", name)
		}
		// A panic comes back to the caller, an error value still an error.
		for _, tt := range []struct {
			value any
			check func(v any) bool
		}{
			{"index out of range", func(v any) bool { s, ok := v.(string); return ok && strings.HasPrefix(s, "index out of range") }},
			{unreadable, func(v any) bool { err, ok := v.(error); return ok && errors.Is(err, unreadable) }},
		} {
			v := recovered(func() { p.Run(func() { panic(tt.value) }) })
			if !tt.check(v) || !strings.Contains(fmt.Sprint(v), "in background work:") {
				t.Errorf("%s: Run of work that panics with %v: the caller recovered %v", name, tt.value, v)
			}
		}
	}
}

// recovered calls f and returns what it panicked with.
func recovered(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

// busyRecorder is a pacer, active once active is set, whose OnBusy calls are kept.
type busyRecorder struct {
	p      *Pacer
	active bool
	mu     sync.Mutex
	got    []bool
}

func newBusyRecorder(t *testing.T) *busyRecorder {
	t.Helper()
	r := &busyRecorder{}
	p, err := New(0.5, When(func() bool { return r.active }), OnBusy(func(busy bool) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.got = append(r.got, busy)
	}))
	if err != nil {
		t.Fatal(err)
	}
	r.p = p
	return r
}

// calls returns the OnBusy calls so far.
func (r *busyRecorder) calls() []bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

func TestOnBusyCountsOverlappingWork(t *testing.T) {
	r := newBusyRecorder(t)
	p := r.p
	// Before serving, background work is not counted: it runs at full speed.
	p.Run(func() {})
	if calls := r.calls(); len(calls) != 0 {
		t.Fatalf("inactive pacer: OnBusy called %v", calls)
	}
	r.active = true
	release := make(chan struct{})
	started := make(chan struct{})
	done := make(chan struct{})
	go func() {
		p.Run(func() {
			close(started)
			<-release
		})
		close(done)
	}()
	<-started
	// A second piece of work begins and ends while the first runs: still busy.
	p.Run(func() {})
	close(release)
	<-done
	waitRunning(p, 0)
	if calls, want := r.calls(), []bool{true, false}; !slices.Equal(calls, want) {
		t.Errorf("OnBusy calls = %v, want %v", calls, want)
	}
}

// waitRunning waits until n pieces of background work are counted: the busy(-1) of a Run
// comes after Run returned.
func waitRunning(p *Pacer, n int) {
	for {
		p.mu.Lock()
		got := p.running
		p.mu.Unlock()
		if got == n {
			return
		}
		runtime.Gosched()
	}
}

func TestHoldKeepsBusyAcrossRuns(t *testing.T) {
	r := newBusyRecorder(t)
	p := r.p
	// Before serving, a hold counts nothing.
	p.Hold()()
	r.active = true
	release := p.Hold()
	p.Run(func() {})
	p.Run(func() {})
	waitRunning(p, 1)
	if calls, want := r.calls(), []bool{true}; !slices.Equal(calls, want) {
		t.Errorf("after two Runs under a hold, OnBusy calls = %v, want %v", calls, want)
	}
	release()
	release() // a second call changes nothing
	if calls, want := r.calls(), []bool{true, false}; !slices.Equal(calls, want) {
		t.Errorf("after the hold is released, OnBusy calls = %v, want %v", calls, want)
	}
	var nilPacer *Pacer
	nilPacer.Hold()()
}
