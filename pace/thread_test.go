package pace

import (
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestRunReturnsWhatTheWorkReturns(t *testing.T) {
	want := errors.New("file 3 unreadable")
	p, err := New(0.5)
	if err != nil {
		t.Fatal(err)
	}
	var none *Pacer
	for name, p := range map[string]*Pacer{"active pacer": p, "nil pacer": none} {
		if err := p.Run(func() error { return want }); !errors.Is(err, want) {
			t.Errorf("%s: Run = %v, want %v", name, err, want)
		}
		if err := p.Run(func() error { return nil }); err != nil {
			t.Errorf("%s: Run of work without error = %v", name, err)
		}
		err := p.Run(func() error { panic("index out of range") })
		if err == nil || !strings.Contains(err.Error(), "panicked: index out of range") {
			t.Errorf("%s: Run of work that panics = %v, want the panic as an error", name, err)
		}
	}
}

func TestOnBusyCountsOverlappingWork(t *testing.T) {
	var mu sync.Mutex
	var calls []bool
	active := false
	p, err := New(0.5, When(func() bool { return active }), OnBusy(func(busy bool) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, busy)
	}))
	if err != nil {
		t.Fatal(err)
	}
	// Before serving, background work is not counted: it runs at full speed.
	if err := p.Run(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Fatalf("inactive pacer: OnBusy called %v", calls)
	}
	active = true
	release := make(chan struct{})
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- p.Run(func() error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	// A second piece of work begins and ends while the first runs: still busy.
	if err := p.Run(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The last busy(-1) runs after Run returned: wait for it under the pacer's lock.
	for {
		p.mu.Lock()
		n := p.running
		p.mu.Unlock()
		if n == 0 {
			break
		}
		runtime.Gosched()
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []bool{true, false}; len(calls) != 2 || calls[0] != want[0] || calls[1] != want[1] {
		t.Errorf("OnBusy calls = %v, want %v", calls, want)
	}
}
