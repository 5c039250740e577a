package pace

import (
	"syscall"
	"testing"
)

// niceOfThisThread is the nice value of the calling OS thread; the getpriority system call
// gives 20 − nice, so that it never returns a negative number.
func niceOfThisThread() int {
	v, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		return -100 // not a nice value: the comparisons below fail and show it
	}
	return 20 - v
}

func TestRunLowersOnlyItsOwnThread(t *testing.T) {
	active := false
	p, err := New(0.5, When(func() bool { return active }))
	if err != nil {
		t.Fatal(err)
	}
	nice := func() (n int) {
		p.Run(func() { n = niceOfThisThread() })
		return n
	}
	if got := nice(); got != 0 {
		t.Errorf("before serving: background work runs at nice %d, want 0", got)
	}
	active = true
	if got := nice(); got != lowestPriority {
		t.Errorf("while serving: background work runs at nice %d, want %d", got, lowestPriority)
	}
	// The lowered thread ended with its work: no other goroutine runs on it afterwards.
	for range 50 {
		done := make(chan int)
		go func() { done <- niceOfThisThread() }()
		if got := <-done; got != 0 {
			t.Fatalf("a goroutine after the background work runs at nice %d, want 0", got)
		}
	}
}
