package graph

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpenBusyStore checks that a second opener of an embedded store is told that another
// process has it, instead of waiting for ever.
func TestOpenBusyStore(t *testing.T) {
	ctx := context.Background()
	url := "bolt:" + filepath.Join(t.TempDir(), "busy.db")
	s := open(t, url)
	start := time.Now()
	other, err := Open(ctx, url)
	if err == nil {
		other.Close()
		t.Fatal("a second Open of the same bolt store succeeded")
	}
	if !strings.Contains(err.Error(), "in use by another process") || !strings.Contains(err.Error(), "busy.db") {
		t.Errorf("error %q does not say the store is in use", err)
	}
	if waited := time.Since(start); waited > 10*boltLockWait {
		t.Errorf("the second Open waited %v", waited)
	}
	if _, err := s.Version(ctx); err != nil {
		t.Errorf("the first opener cannot read any more: %v", err)
	}
}
