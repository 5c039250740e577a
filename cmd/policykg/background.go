package main

import (
	"flag"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/policykg/policykg/pace"
)

// defaultBackgroundShare is the share of one core that an upload's work (reading the files,
// writing them, the model build after) takes while serve answers requests. Measured on two
// cores with 1,000 documents reloaded again and again under a saturating query mix
// (docs/PERFORMANCE.md).
const defaultBackgroundShare = 0.5

// defaultSchedSlice is how long a thread of serve runs before a thread woken for a request
// may take its core: about what answering a request takes. Measured in docs/PERFORMANCE.md.
const defaultSchedSlice = 100 * time.Microsecond

// schedSliceFlag adds --sched-slice to serve.
func schedSliceFlag(fs *flag.FlagSet) *time.Duration {
	return fs.Duration("sched-slice", defaultSchedSlice,
		"how long a thread of the server runs before a thread woken for a request may take its core (Linux 6.12 or later, 100µs to 100ms; 0: the kernel's default)")
}

// applySchedSlice sets the scheduler slice of serve's threads, before it starts others
// (they inherit it), and logs what the kernel took. A kernel that refuses it costs only
// the latency it would have saved.
func applySchedSlice(d time.Duration, log *slog.Logger) {
	if d == 0 {
		return
	}
	got, err := pace.SetSlice(d)
	if err != nil {
		log.Warn("scheduler slice not set", "error", err.Error())
		return
	}
	log.Info("scheduler slice", "asked", d.String(), "kernel", got.String())
}

// backgroundShareFlag adds --background-share to serve.
func backgroundShareFlag(fs *flag.FlagSet) *float64 {
	return fs.Float64("background-share", defaultBackgroundShare,
		"share of one core that uploads and the model builds after them take while the server answers requests: more than 0, at most 1 (1: no pausing); lower keeps requests faster and makes uploads slower")
}

// While an upload's work runs in the background, serve changes two settings of the
// process, and sets them back when the work ends:
//   - GOMAXPROCS, to backgroundProcs more than the process started with. Go polls the
//     network for a request only from a P that is free, or every 10 ms; background work on
//     its low-priority threads keeps its Ps while the kernel runs requests instead, so that
//     without spare Ps a request would wait up to 10 ms before it is even read. An upload
//     holds two (its work and the changes it makes ahead of the writes). Outside uploads
//     the spare Ps would only cost: more threads than cores answering at once.
//   - GOGC, to busyGCPercent, under a memory limit only (--memory-limit-mib, which still
//     bounds the heap): the work allocates fast, and each collection it sets off takes a
//     core from the requests for tens of milliseconds.
//
// Measured in docs/PERFORMANCE.md.
const (
	backgroundProcs = 2
	busyGCPercent   = 200
)

// backgroundOptions are serve's pacing options: pace while serving says so, and change the
// settings above while background work runs.
func backgroundOptions(serving func() bool) []pace.Option {
	return []pace.Option{pace.When(serving), pace.OnBusy(whileBusy(debug.SetMemoryLimit(-1) != math.MaxInt64))}
}

// whileBusy returns the pacer's OnBusy function, which sets GOMAXPROCS and, when limited
// (a memory limit is set), GOGC for background work and back. A GOGC set higher than
// busyGCPercent (or off) is left as it is.
func whileBusy(limited bool) func(busy bool) {
	procs := runtime.GOMAXPROCS(0)
	gcBefore := 100
	return func(busy bool) {
		if !busy {
			runtime.GOMAXPROCS(procs)
			if limited {
				debug.SetGCPercent(gcBefore)
			}
			return
		}
		runtime.GOMAXPROCS(procs + backgroundProcs)
		if limited {
			gcBefore = debug.SetGCPercent(busyGCPercent)
			if gcBefore < 0 || gcBefore > busyGCPercent {
				debug.SetGCPercent(gcBefore)
			}
		}
	}
}
