package crash_test

import (
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/crash"
)

// A worker's panic comes back on the waiting goroutine with its value and
// the stack of the worker, and the other workers finish their work.
func TestRethrowCarriesTheWorkersPanic(t *testing.T) {
	var box crash.Box
	var wg sync.WaitGroup
	done := make([]bool, 8)
	for i := range done {
		wg.Go(func() {
			defer box.Catch()
			if i == 3 {
				explode()
			}
			done[i] = true
		})
	}
	wg.Wait()
	defer func() {
		p, ok := recover().(*crash.Panic)
		if !ok || p.String() != "boom" {
			t.Fatalf("recovered %v, want the worker's panic", p)
		}
		frames := runtime.CallersFrames(p.Stack)
		found := false
		for {
			f, more := frames.Next()
			found = found || strings.HasSuffix(f.Function, ".explode")
			if !more {
				break
			}
		}
		if !found {
			t.Error("the stack does not hold the function that panicked")
		}
		for i, d := range done {
			if !d && i != 3 {
				t.Errorf("worker %d did not finish", i)
			}
		}
	}()
	box.Rethrow()
	t.Fatal("Rethrow returned")
}

func explode() { panic("boom") }

func TestRethrowWithoutPanic(t *testing.T) {
	var box crash.Box
	box.Rethrow() // must not panic
}
