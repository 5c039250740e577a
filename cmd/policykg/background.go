package main

import (
	"flag"
	"runtime"
	"runtime/debug"
)

// defaultBackgroundShare is the share of one core that an upload's work (reading the files,
// writing them, the model build after) takes while serve answers requests. Measured on two
// cores with 1,000 documents reloaded again and again under a saturating query mix
// (docs/PERFORMANCE.md).
const defaultBackgroundShare = 0.5

// backgroundShareFlag adds --background-share to serve.
func backgroundShareFlag(fs *flag.FlagSet) *float64 {
	return fs.Float64("background-share", defaultBackgroundShare,
		"share of one core that uploads and the model builds after them take while the server answers requests: more than 0, at most 1 (1: no pausing); lower keeps requests faster and makes uploads slower")
}

// busyGCPercent is the collector's target (GOGC) while an upload's work runs in the
// background: that work allocates fast, and each collection it sets off takes a core from
// the requests for tens of milliseconds. The memory limit (--memory-limit-mib) still bounds
// the heap. Measured in docs/PERFORMANCE.md.
const busyGCPercent = 400

// collectLessWhileBusy returns the pacer's OnBusy function: while background work runs,
// the collector waits for the heap to grow busyGCPercent over what is live, unless it was
// set to wait longer (or off), and goes back to its setting when the work ends.
func collectLessWhileBusy() func(busy bool) {
	before := 100
	return func(busy bool) {
		if !busy {
			debug.SetGCPercent(before)
			return
		}
		before = debug.SetGCPercent(busyGCPercent)
		if before < 0 || before > busyGCPercent {
			debug.SetGCPercent(before)
		}
	}
}

// backgroundProcs is how many more Ps (runtime.GOMAXPROCS) serve runs with than the
// machine has cores when it paces background work. Go polls the network for a request
// only from a P that is free, or every 10 ms: background work on a low-priority thread
// keeps its P while the kernel runs requests instead, so that without spare Ps a request
// waits up to 10 ms before it is even read. An upload holds two (its work and the changes
// it makes ahead of the writes).
const backgroundProcs = 2

// defaultProcs is GOMAXPROCS as the process started with it (the cores it may use).
var defaultProcs = runtime.GOMAXPROCS(0)

// spareProcsForRequests sets GOMAXPROCS to the process's default plus backgroundProcs when
// background work is paced (share below 1), to the default otherwise, and says what it set.
func spareProcsForRequests(share float64) int {
	n := defaultProcs
	if share < 1 {
		n += backgroundProcs
	}
	runtime.GOMAXPROCS(n)
	return n
}
