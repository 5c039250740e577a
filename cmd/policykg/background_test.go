package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestWhileBusy(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	gc := debug.SetGCPercent(100)
	t.Cleanup(func() { runtime.GOMAXPROCS(procs); debug.SetGCPercent(gc) })

	tests := []struct {
		name        string
		limited     bool
		gogc        int // the setting before the work
		wantGCBusy  int
		wantProcsOn int
	}{
		{"under a memory limit", true, 100, busyGCPercent, procs + backgroundProcs},
		{"without a memory limit the collector is left alone", false, 100, 100, procs + backgroundProcs},
		{"a GOGC set higher is kept", true, 800, 800, procs + backgroundProcs},
		{"GOGC off is kept", true, -1, -1, procs + backgroundProcs},
	}
	for _, tt := range tests {
		debug.SetGCPercent(tt.gogc)
		f := whileBusy(tt.limited)
		f(true)
		if got := runtime.GOMAXPROCS(0); got != tt.wantProcsOn {
			t.Errorf("%s: GOMAXPROCS while busy = %d, want %d", tt.name, got, tt.wantProcsOn)
		}
		if got := debug.SetGCPercent(tt.gogc); got != tt.wantGCBusy {
			t.Errorf("%s: GOGC while busy = %d, want %d", tt.name, got, tt.wantGCBusy)
		}
		debug.SetGCPercent(tt.wantGCBusy) // as the work left it
		f(false)
		if got := runtime.GOMAXPROCS(0); got != procs {
			t.Errorf("%s: GOMAXPROCS after = %d, want %d", tt.name, got, procs)
		}
		if got := debug.SetGCPercent(tt.gogc); got != tt.gogc {
			t.Errorf("%s: GOGC after = %d, want %d", tt.name, got, tt.gogc)
		}
	}
}
