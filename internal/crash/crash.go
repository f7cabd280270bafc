// Package crash carries a panic from a worker goroutine to the goroutine
// that waits for the workers. A panic nobody recovers kills the process
// with the runtime's dump, which prints the panic value (it may quote
// scanned content) and every goroutine's stack; carried over, it reaches
// the command's recovery, which prints a short, redacted bug report.
package crash

import (
	"fmt"
	"runtime"
	"sync"
)

// Panic is a panic caught in a worker: its value and the stack it was
// raised on.
type Panic struct {
	Value any
	// Stack holds program counters, for runtime.CallersFrames.
	Stack []uintptr
}

// String says what panicked, as the runtime would.
func (p *Panic) String() string { return fmt.Sprint(p.Value) }

// Box keeps the first panic of a group of workers. The zero value is ready.
type Box struct {
	mu sync.Mutex
	p  *Panic
}

// Catch recovers a panic and keeps it if it is the first. It must be
// deferred directly (defer box.Catch()), around one unit of work, so that
// the worker goes on taking work and nothing waits on it forever.
func (b *Box) Catch() {
	v := recover()
	if v == nil {
		return
	}
	pcs := make([]uintptr, 64)
	// Skip runtime.Callers and Catch; the runtime's panic frames the
	// reader skips.
	p := &Panic{Value: v, Stack: pcs[:runtime.Callers(2, pcs)]}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.p == nil {
		b.p = p
	}
}

// Rethrow panics with the first caught Panic, if there is one, on the
// calling goroutine. Call it after the workers are done.
func (b *Box) Rethrow() {
	b.mu.Lock()
	p := b.p
	b.mu.Unlock()
	if p != nil {
		panic(p)
	}
}
