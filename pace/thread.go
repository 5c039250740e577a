package pace

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
)

// Go runs fn in a goroutine of its own. While the pacer is active, that goroutine holds an
// OS thread of its own at the lowest CPU priority the system gives (see lowerPriority), so
// that the kernel hands a core to the threads answering requests before this work: pauses
// keep the work's average to its share, the priority keeps it from delaying a request in
// the meantime. The thread ends with the goroutine, since an unprivileged process cannot
// raise a thread's priority again. A nil or inactive pacer runs fn in a plain goroutine.
func (p *Pacer) Go(fn func()) {
	low := p.lowers()
	if low {
		p.busy(1)
	}
	go func() {
		if low {
			defer p.busy(-1)
			// Never unlocked: a goroutine that ends locked takes its thread with it.
			runtime.LockOSThread()
			lowerPriority()
		}
		fn()
	}()
}

// Hold counts as background work from now until release is called, when the pacer is
// active: a task made of several Runs (an upload's reading, writing and model build) then
// sets OnBusy's settings once for the whole of it, rather than back and forth between its
// parts, each change of which stops the world for a moment.
func (p *Pacer) Hold() (release func()) {
	if !p.lowers() {
		return func() {}
	}
	p.busy(1)
	var once sync.Once
	return func() { once.Do(func() { p.busy(-1) }) }
}

// lowers reports whether background work started now runs at low priority and counts as
// busy: the pacer exists, paces, and is active.
func (p *Pacer) lowers() bool {
	return p != nil && p.share < 1 && p.active()
}

// busy counts background work beginning (+1) or ending (-1) and tells OnBusy's function
// when none ran before or none runs any more.
func (p *Pacer) busy(delta int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	was := p.running > 0
	p.running += delta
	if now := p.running > 0; now != was && p.onBusy != nil {
		p.onBusy(now)
	}
}

// Run is Go that waits for fn, as a call of fn would: a panic in fn panics again in the
// caller's goroutine, where a recovery of the caller's can take it (an error value stays
// an error that wraps it), with fn's stack in its message.
func (p *Pacer) Run(fn func()) {
	done := make(chan any, 1)
	p.Go(func() {
		defer func() {
			v := recover()
			if v != nil {
				stack := debug.Stack()
				if err, ok := v.(error); ok {
					v = fmt.Errorf("%w\n\nin background work:\n%s", err, stack)
				} else {
					v = fmt.Sprintf("%v\n\nin background work:\n%s", v, stack)
				}
			}
			done <- v
		}()
		fn()
	})
	if v := <-done; v != nil {
		panic(v)
	}
}
