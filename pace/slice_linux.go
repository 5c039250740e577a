package pace

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// SetSlice asks the kernel to run each thread of the process for at most d at a time
// before a thread woken with an earlier deadline takes its core (Linux 6.12 and later:
// the EEVDF scheduler reads sched_attr's runtime of a normal thread as its slice, clamped
// to 0.1–100 ms). With the default slice (0.7–3 ms), a thread woken for a request waits
// behind one of the process's own busy threads, such as a garbage collection worker,
// until that slice ends, even while the other core idles; a slice as short as a request's
// own work lets it in at once. Threads inherit the slice from the thread that starts
// them, so calling this early covers the threads Go starts later.
//
// It returns the slice the kernel reports for the calling thread afterwards: d brought
// within the kernel's bounds, or on a kernel that keeps no slice per thread (before 6.12; the call changes nothing there) the
// kernel's own, 0 before 6.6. A d of 0 gives the threads the kernel's slice back.
// Real-time threads are left as they are; a thread's nice value is kept.
func SetSlice(d time.Duration) (time.Duration, error) {
	if d < 0 {
		return 0, fmt.Errorf("scheduler slice %v: must not be negative", d)
	}
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0, fmt.Errorf("scheduler slice: list the process's threads: %w", err)
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := setThreadSlice(tid, d); err != nil {
			return 0, fmt.Errorf("scheduler slice of thread %d: %w", tid, err)
		}
	}
	attr, err := unix.SchedGetAttr(0, 0)
	if err != nil {
		return 0, fmt.Errorf("scheduler slice: read it back: %w", err)
	}
	return time.Duration(attr.Runtime), nil
}

// setThreadSlice sets the slice of one thread of a normal or batch policy; a thread that
// ended meanwhile is no error.
func setThreadSlice(tid int, d time.Duration) error {
	attr, err := unix.SchedGetAttr(tid, 0)
	if errors.Is(err, unix.ESRCH) {
		return nil
	}
	if err != nil {
		return err
	}
	if attr.Policy != unix.SCHED_NORMAL && attr.Policy != unix.SCHED_BATCH {
		return nil
	}
	attr.Size = unix.SizeofSchedAttr
	attr.Runtime = uint64(d)
	if err := unix.SchedSetAttr(tid, attr, 0); err != nil && !errors.Is(err, unix.ESRCH) {
		return err
	}
	return nil
}
