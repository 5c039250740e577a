// Package pace keeps background work (reading, writing and indexing an upload) to a share
// of one core while a server answers requests, so that the requests keep their latency.
//
// The work calls Pause at checkpoints (between documents, between write transactions);
// Pause sleeps for as long as the share asks: after w of work at share s, w×(1−s)/s. Work
// time is measured on the wall clock, so background work that waits for the CPU because
// requests hold it counts that wait as work and backs off further.
package pace

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// minSleep is the shortest pause taken: shorter debts are carried to the next checkpoint,
// since a timer cannot wake much sooner and waking costs CPU itself.
const minSleep = time.Millisecond

// Pacer holds the share of one core background work may take. A nil *Pacer paces nothing.
type Pacer struct {
	share  float64
	active func() bool
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error

	// onBusy, running: see OnBusy; mu orders the calls.
	mu      sync.Mutex
	onBusy  func(busy bool)
	running int
}

// Option changes how a Pacer works.
type Option func(*Pacer)

// When has the pacer pace only while active reports true (a server: once it answers
// requests), so that work with no requests to yield to, such as a load before serving,
// runs at full speed.
func When(active func() bool) Option {
	return func(p *Pacer) { p.active = active }
}

// OnBusy has f called with true when background work started by Go or Run begins while
// none runs, and with false when the last of it ends, one call at a time: the command can
// trade process-wide settings (the collector's) while uploads run, which a library must
// not set itself.
func OnBusy(f func(busy bool)) Option {
	return func(p *Pacer) { p.onBusy = f }
}

// WithClock replaces the clock and the sleep (for tests: a pacer that measures and sleeps
// in invented time).
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(p *Pacer) { p.now, p.sleep = now, sleep }
}

// New returns a pacer that keeps background work to share of one core: more than 0, at
// most 1 (1 paces nothing).
func New(share float64, opts ...Option) (*Pacer, error) {
	if !(share > 0 && share <= 1) {
		return nil, fmt.Errorf("background share must be more than 0 and at most 1, got %v", share)
	}
	p := &Pacer{share: share, active: func() bool { return true }, now: time.Now, sleep: sleep}
	for _, opt := range opts {
		opt(p)
	}
	return p, nil
}

// Share is the share of one core background work may take.
func (p *Pacer) Share() float64 {
	if p == nil {
		return 1
	}
	return p.share
}

// Task starts measuring one piece of background work, which calls Pause at its
// checkpoints. Several goroutines of the work may pause on one task: each pause counts the
// time since the last one of any of them.
func (p *Pacer) Task() *Task {
	if p == nil || p.share >= 1 {
		return nil
	}
	return &Task{p: p, since: p.now()}
}

// Task is one piece of background work paced by a Pacer. A nil *Task pauses for nothing.
type Task struct {
	p  *Pacer
	mu sync.Mutex
	// since is when the work last resumed; owed is the pause it has earned and not taken.
	since time.Time
	owed  time.Duration
}

// Pause sleeps for the share of the work done since the last pause, or returns ctx's error
// as soon as ctx ends (at once when it has ended already).
func (t *Task) Pause(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if t == nil {
		return nil
	}
	d := t.debt()
	if d == 0 {
		return nil
	}
	err := t.p.sleep(ctx, d)
	t.mu.Lock()
	t.since = t.p.now()
	t.mu.Unlock()
	return err
}

// debt counts the work since the last pause and returns the pause it asks for now: 0
// while it is under minSleep (carried to the next checkpoint) or the pacer is inactive.
func (t *Task) debt() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.p.now()
	if !t.p.active() {
		t.since, t.owed = now, 0
		return 0
	}
	t.owed += time.Duration(float64(now.Sub(t.since)) * (1 - t.p.share) / t.p.share)
	t.since = now
	if t.owed < minSleep {
		return 0
	}
	d := t.owed
	t.owed = 0
	return d
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
