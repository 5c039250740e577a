package pace

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// threadSlices maps each thread of the process to the slice the kernel reports for it.
func threadSlices(t *testing.T) map[int]time.Duration {
	t.Helper()
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]time.Duration{}
	for _, task := range tasks {
		tid, err := strconv.Atoi(task.Name())
		if err != nil {
			continue
		}
		attr, err := unix.SchedGetAttr(tid, 0)
		if err != nil {
			continue // the thread ended
		}
		out[tid] = time.Duration(attr.Runtime)
	}
	return out
}

// startThreads starts n goroutines that each hold an OS thread of their own until stop is
// closed, so that Go must start new threads.
func startThreads(n int, stop chan struct{}) {
	ready := make(chan struct{})
	for range n {
		go func() {
			runtime.LockOSThread()
			ready <- struct{}{}
			<-stop
		}()
	}
	for range n {
		<-ready
	}
}

func TestSetSliceReachesThreadsStartedLater(t *testing.T) {
	const want = 200 * time.Microsecond
	got, err := SetSlice(want)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := SetSlice(0); err != nil {
			t.Errorf("back to the kernel's slice: %v", err)
		}
	})
	if got != want {
		// A kernel before 6.12 keeps no slice per thread: it reports its own, for every thread.
		t.Logf("the kernel keeps no slice per thread: it reports %v", got)
		for tid, s := range threadSlices(t) {
			if s == want {
				t.Errorf("thread %d has the slice asked for, %v, while the kernel reported %v", tid, s, got)
			}
		}
		return
	}
	before := threadSlices(t)
	stop := make(chan struct{})
	defer close(stop)
	// More threads held at once than the process has: Go must start new ones.
	startThreads(len(before)+2, stop)
	after := threadSlices(t)
	started := 0
	for tid, s := range after {
		if _, old := before[tid]; !old {
			started++
		}
		if s != want {
			t.Errorf("thread %d has a slice of %v, want %v", tid, s, want)
		}
	}
	if started == 0 {
		t.Errorf("no thread was started after SetSlice (%d before, %d after): the inheritance was not tested", len(before), len(after))
	}
}

func TestSetSliceKeepsNiceValues(t *testing.T) {
	lowered, after := make(chan int), make(chan int)
	check := make(chan struct{})
	go func() {
		// The goroutine ends locked: its thread, at nice 19, ends with it.
		runtime.LockOSThread()
		lowerPriority()
		lowered <- niceOfThisThread()
		if _, ok := <-check; ok {
			after <- niceOfThisThread()
		}
	}()
	defer close(check)
	if got := <-lowered; got != lowestPriority {
		t.Fatalf("the thread runs at nice %d before SetSlice, want %d", got, lowestPriority)
	}
	if _, err := SetSlice(300 * time.Microsecond); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = SetSlice(0) })
	check <- struct{}{}
	if got := <-after; got != lowestPriority {
		t.Errorf("the thread runs at nice %d after SetSlice, want %d", got, lowestPriority)
	}
}

func TestSetSliceRefusesNegative(t *testing.T) {
	_, err := SetSlice(-time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "negative") {
		t.Errorf("SetSlice(-1ms) = %v, want an error saying it is negative", err)
	}
}
