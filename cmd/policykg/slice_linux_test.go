package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/policykg/policykg/pace"
)

// TestServeSetsSchedulerSlice starts serve with --sched-slice and checks what it logs and
// that every thread of the process runs with that slice, where the kernel keeps one.
func TestServeSetsSchedulerSlice(t *testing.T) {
	t.Cleanup(func() { _, _ = pace.SetSlice(0) })
	ctx, stop := context.WithCancel(context.Background())
	logs := newLogLines()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--store", "memory", "--addr", "127.0.0.1:0", "--sched-slice", "250us"}, io.Discard, logs)
	}()
	wait, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	set, err := logs.wait(wait, "scheduler slice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := logs.wait(wait, "serving"); err != nil {
		t.Fatal(err)
	}
	if set["asked"] != "250µs" {
		t.Errorf("serve logged the slice asked as %v, want 250µs", set["asked"])
	}
	kernel, _ := set["kernel"].(string)
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		tid, _ := strconv.Atoi(task.Name())
		attr, err := unix.SchedGetAttr(tid, 0)
		if err != nil {
			continue // the thread ended
		}
		got := time.Duration(attr.Runtime).String()
		switch {
		case kernel == "250µs" && got != kernel:
			t.Errorf("thread %d runs with a slice of %s, want 250µs", tid, got)
		case kernel != "250µs" && got == "250µs":
			t.Errorf("thread %d runs with a slice of 250µs, while serve logged the kernel's as %s", tid, kernel)
		}
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-wait.Done():
		t.Fatal("serve did not stop within a minute of its context's end")
	}
}
