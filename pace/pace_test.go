package pace

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeClock is invented time: work advances it, and sleeps are recorded rather than taken.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

func TestNewRefusesShares(t *testing.T) {
	for _, share := range []float64{0, -0.5, 1.5} {
		if _, err := New(share); err == nil {
			t.Errorf("New(%v) took the share", share)
		}
	}
	for _, share := range []float64{0.1, 0.5, 1} {
		p, err := New(share)
		if err != nil {
			t.Errorf("New(%v): %v", share, err)
			continue
		}
		if p.Share() != share {
			t.Errorf("New(%v).Share() = %v", share, p.Share())
		}
	}
}

func TestPauseSleepsTheShareOfTheWork(t *testing.T) {
	tests := []struct {
		share float64
		work  []time.Duration // work before each checkpoint
		want  []time.Duration // pauses taken
	}{
		{0.5, []time.Duration{10 * time.Millisecond, 4 * time.Millisecond}, []time.Duration{10 * time.Millisecond, 4 * time.Millisecond}},
		{0.25, []time.Duration{10 * time.Millisecond}, []time.Duration{30 * time.Millisecond}},
		// Debts under a millisecond are carried to the next checkpoint.
		{0.5, []time.Duration{300 * time.Microsecond, 300 * time.Microsecond, 600 * time.Microsecond}, []time.Duration{1200 * time.Microsecond}},
	}
	for _, tt := range tests {
		c := &fakeClock{now: time.Unix(0, 0)}
		p, err := New(tt.share, WithClock(c.Now, c.Sleep))
		if err != nil {
			t.Fatal(err)
		}
		task := p.Task()
		for _, w := range tt.work {
			c.now = c.now.Add(w)
			if err := task.Pause(context.Background()); err != nil {
				t.Fatalf("share %v: Pause: %v", tt.share, err)
			}
		}
		if len(c.sleeps) != len(tt.want) {
			t.Fatalf("share %v, work %v: slept %v, want %v", tt.share, tt.work, c.sleeps, tt.want)
		}
		for i := range tt.want {
			if c.sleeps[i] != tt.want[i] {
				t.Errorf("share %v, work %v: slept %v, want %v", tt.share, tt.work, c.sleeps, tt.want)
			}
		}
	}
}

func TestPauseReturnsAtOnceWhenCancelled(t *testing.T) {
	c := &fakeClock{now: time.Unix(0, 0)}
	p, err := New(0.1, WithClock(c.Now, c.Sleep))
	if err != nil {
		t.Fatal(err)
	}
	task := p.Task()
	c.now = c.now.Add(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := task.Pause(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Pause with a cancelled context = %v, want context.Canceled", err)
	}
	if len(c.sleeps) != 0 {
		t.Errorf("Pause with a cancelled context slept %v", c.sleeps)
	}
	// The real sleep stops when its context ends, not when its time is up.
	ctx, cancel = context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sleep(ctx, time.Hour) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("sleep cancelled = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("timeout: sleep went on after its context was cancelled")
	}
}

func TestNoPacing(t *testing.T) {
	c := &fakeClock{now: time.Unix(0, 0)}
	active := false
	paced, err := New(0.5, WithClock(c.Now, c.Sleep), When(func() bool { return active }))
	if err != nil {
		t.Fatal(err)
	}
	full, err := New(1, WithClock(c.Now, c.Sleep))
	if err != nil {
		t.Fatal(err)
	}
	var none *Pacer
	for name, task := range map[string]*Task{"inactive": paced.Task(), "share 1": full.Task(), "nil pacer": none.Task()} {
		c.now = c.now.Add(time.Second)
		if err := task.Pause(context.Background()); err != nil {
			t.Errorf("%s: Pause: %v", name, err)
		}
		if len(c.sleeps) != 0 {
			t.Errorf("%s: slept %v", name, c.sleeps)
		}
	}
	// Work done while inactive is not owed once the pacer becomes active.
	task := paced.Task()
	c.now = c.now.Add(time.Second)
	if err := task.Pause(context.Background()); err != nil {
		t.Fatal(err)
	}
	active = true
	c.now = c.now.Add(2 * time.Millisecond)
	if err := task.Pause(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(c.sleeps) != 1 || c.sleeps[0] != 2*time.Millisecond {
		t.Errorf("after becoming active: slept %v, want [2ms]", c.sleeps)
	}
}
