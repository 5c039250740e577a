package graph

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/policykg/policykg/pace"
)

// steppedClock is invented time that moves a millisecond each time it is read, so that
// every checkpoint of a paced write owes a pause; pauses are counted, not taken, and the
// pause numbered cancelAt (from 1) cancels the write's context.
type steppedClock struct {
	mu       sync.Mutex
	now      time.Time
	pauses   int
	cancelAt int
	cancel   context.CancelFunc
}

func (c *steppedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

func (c *steppedClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.pauses++
	if c.pauses == c.cancelAt {
		c.cancel()
	}
	c.mu.Unlock()
	return ctx.Err()
}

func pacedStore(t *testing.T, c *steppedClock) *Store {
	t.Helper()
	p, err := pace.New(0.5, pace.WithClock(c.Now, c.Sleep))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), "bolt:"+t.TempDir(), Paced(p))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestPacedWritePausesBetweenDocuments(t *testing.T) {
	docs := loadSeeds(t)
	c := &steppedClock{now: time.Unix(0, 0)}
	s := pacedStore(t, c)
	if err := s.Put(context.Background(), docs...); err != nil {
		t.Fatal(err)
	}
	// One pause per document compared, one per transaction, one per document cached.
	if min := 2*len(docs) + 1; c.pauses < min {
		t.Errorf("a paced write of %d documents paused %d times, want at least %d", len(docs), c.pauses, min)
	}
	listed, err := s.listDocuments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != len(docs) {
		t.Errorf("after a paced write the store lists %d documents, want %d", len(listed), len(docs))
	}
}

// A write cancelled at any of its pauses is either whole (the cancel came while it cached
// what it wrote) or left no trace: the transactions it wrote before are undone.
func TestPacedWriteCancelledAnywhere(t *testing.T) {
	docs := loadSeeds(t)
	full := &steppedClock{now: time.Unix(0, 0)}
	if err := pacedStore(t, full).Put(context.Background(), docs...); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 8; i++ {
		cancelAt := i * full.pauses / 8
		ctx, cancel := context.WithCancel(context.Background())
		c := &steppedClock{now: time.Unix(0, 0), cancelAt: cancelAt, cancel: cancel}
		s := pacedStore(t, c)
		err := s.Put(ctx, docs...)
		cancel()
		listed, lerr := s.listDocuments(context.Background())
		if lerr != nil {
			t.Fatal(lerr)
		}
		switch {
		case err == nil && len(listed) != len(docs):
			t.Errorf("cancelled at pause %d of %d: the write succeeded with %d documents stored, want %d", cancelAt, full.pauses, len(listed), len(docs))
		case err != nil && len(listed) != 0:
			t.Errorf("cancelled at pause %d of %d: the write failed (%v) and left %d documents, want none", cancelAt, full.pauses, err, len(listed))
		case err != nil && !errors.Is(err, context.Canceled):
			t.Errorf("cancelled at pause %d of %d: %v, want context.Canceled", cancelAt, full.pauses, err)
		}
	}
}

func TestPacedWriteStopsWhenCancelled(t *testing.T) {
	docs := loadSeeds(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := &steppedClock{now: time.Unix(0, 0), cancelAt: 2, cancel: cancel}
	s := pacedStore(t, c)
	if err := s.Put(ctx, docs...); !errors.Is(err, context.Canceled) {
		t.Fatalf("a write cancelled in a pause returned %v, want context.Canceled", err)
	}
	if c.pauses != 2 {
		t.Errorf("the write paused %d times, want it to stop at the pause that cancelled it (2)", c.pauses)
	}
	listed, err := s.listDocuments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 0 {
		t.Errorf("a cancelled write left %d documents in the store, want none", len(listed))
	}
}
