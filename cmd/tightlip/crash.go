package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/tightlip/tightlip/internal/crash"
)

// issuesURL is where bugs are reported.
const issuesURL = "https://github.com/tightlip/tightlip/issues"

// maxCrashFrames bounds the stack printed for a panic.
const maxCrashFrames = 12

// reportPanic turns a panic into a short message on stderr (which redacts
// it: the panic value may quote scanned content) and exit status 2. It
// prints the function names and lines of the stack, which locate the bug,
// and leaves out the runtime's goroutine dump, whose argument words may
// hold data. Call it from the deferred function that recovered v, so that
// the stack is still the panicking one; a worker's panic (crash.Panic)
// brings its own.
func reportPanic(stderr io.Writer, v any) int {
	pcs := make([]uintptr, 64)
	pcs = pcs[:runtime.Callers(2, pcs)]
	if p, ok := v.(*crash.Panic); ok {
		v, pcs = p.Value, p.Stack
	}
	var b strings.Builder
	fmt.Fprintf(&b, "tightlip: internal error: %v\n", v)
	fmt.Fprintf(&b, "This is a bug in tightlip %s, not a problem with your code. Please report it at %s\n", version(), issuesURL)
	b.WriteString("with the command line and the lines below (secrets in this message are redacted; do not add any):\n")
	frames := runtime.CallersFrames(pcs)
	n := 0
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && f.Function != "" && n < maxCrashFrames {
			fmt.Fprintf(&b, "  %s (%s:%d)\n", f.Function, shortFile(f.File), f.Line)
			n++
		}
		if !more {
			break
		}
	}
	fmt.Fprint(stderr, b.String())
	return exitError
}

// shortFile keeps the last two elements of a source path: the package and
// file, without the builder's home directory.
func shortFile(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i > 0 {
		if j := strings.LastIndexByte(p[:i], '/'); j >= 0 {
			return p[j+1:]
		}
	}
	return p
}
