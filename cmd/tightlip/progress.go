package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/tightlip/tightlip/internal/scan"
)

// progressEvery is how often the progress line is redrawn.
const progressEvery = 250 * time.Millisecond

// showProgress draws a one-line progress display on stderr while a scan
// runs, only when stderr is a terminal and not in CI. CI logs and piped
// output get no progress lines, only, when go vet runs long, a line now
// and then saying so (see noteSlowGo). The returned func stops it and
// clears the line.
func showProgress(stderr io.Writer, p *scan.Progress) (stop func()) {
	f, ok := stderr.(*os.File)
	if !ok || os.Getenv("CI") != "" || !isTerminal(f) {
		return noteSlowGo(stderr, p)
	}
	start := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(f, "\r\033[K")
				return
			case <-tick.C:
				fmt.Fprint(f, "\r\033[K"+progressLine(p, time.Since(start)))
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// progressLine says how far a scan got: commits, files or blobs, volume
// and rate.
func progressLine(p *scan.Progress, elapsed time.Duration) string {
	files, bytes, commits := p.Files.Load(), p.Bytes.Load(), p.Commits.Load()
	mb := float64(bytes) / (1 << 20) // MiB, as the summary counts
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = mb / s
	}
	unit := "files"
	prefix := ""
	if commits > 0 {
		unit = "blobs"
		prefix = fmt.Sprintf("%d commits, ", commits)
	}
	line := fmt.Sprintf("tightlip: %s%d %s, %.1f MiB (%.1f MiB/s)", prefix, files, unit, mb, rate)
	if n := p.GoModules.Load(); n > 0 {
		line += fmt.Sprintf("; go vet: %d of %d Go modules", p.GoModulesDone.Load(), n)
	}
	return line
}

// A first go vet run compiles every dependency and can take minutes, in a
// CI log as much as in a terminal. Where no progress line is drawn, a scan
// still running go vet after goNoticeAfter says so, then every
// goNoticeEvery, rather than sit silent.
var (
	goNoticeAfter = 20 * time.Second
	goNoticeEvery = time.Minute
)

func noteSlowGo(w io.Writer, p *scan.Progress) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTimer(goNoticeAfter)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if n := p.GoModules.Load(); n > 0 && p.GoModulesDone.Load() < n {
				fmt.Fprintf(w, "tightlip: go vet is analysing the Go code: %d of %d modules done (a first run compiles their dependencies; later runs use the build cache)\n",
					p.GoModulesDone.Load(), n)
			}
			t.Reset(goNoticeEvery)
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
