//go:build unix

package api

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system, its garbage collector's
// included: on a machine other work keeps busy, what a benchmark costs, not how long it
// waited.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
