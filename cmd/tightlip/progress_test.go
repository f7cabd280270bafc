package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/scan"
)

func TestProgressLine(t *testing.T) {
	var p scan.Progress
	p.Files.Store(120)
	p.Bytes.Store(30 << 20)
	if got, want := progressLine(&p, 2*time.Second), "tightlip: 120 files, 30.0 MiB (15.0 MiB/s)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	p.Commits.Store(7)
	if got, want := progressLine(&p, 2*time.Second), "tightlip: 7 commits, 120 blobs, 30.0 MiB (15.0 MiB/s)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Progress is for people at a terminal: piped stderr, as in CI logs, gets
// none of it.
func TestProgressOnlyOnTerminals(t *testing.T) {
	var buf bytes.Buffer
	stop := showProgress(&buf, &scan.Progress{})
	time.Sleep(2 * progressEvery)
	stop()
	if buf.Len() != 0 {
		t.Errorf("progress written to a non-terminal: %q", buf.String())
	}
}

func TestProgressLineGoVet(t *testing.T) {
	var p scan.Progress
	p.Files.Store(3)
	p.GoModules.Store(4)
	p.GoModulesDone.Store(1)
	if got, want := progressLine(&p, time.Second), "tightlip: 3 files, 0.0 MiB (0.0 MiB/s); go vet: 1 of 4 Go modules"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// syncBuffer is a bytes.Buffer safe to read while another goroutine writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// In a log, a long go vet run is said, not drawn; a scan without Go
// modules, or whose go vet is done, says nothing.
func TestSlowGoVetNoticeInLogs(t *testing.T) {
	after, every := goNoticeAfter, goNoticeEvery
	goNoticeAfter, goNoticeEvery = time.Millisecond, time.Millisecond
	t.Cleanup(func() { goNoticeAfter, goNoticeEvery = after, every })

	var running scan.Progress
	running.GoModules.Store(3)
	running.GoModulesDone.Store(1)
	var buf syncBuffer
	stop := showProgress(&buf, &running)
	for give := time.Now().Add(time.Minute); !strings.Contains(buf.String(), "go vet is analysing the Go code: 1 of 3 modules done"); {
		if time.Now().After(give) {
			t.Fatalf("no notice of the running go vet: %q", buf.String())
		}
		time.Sleep(time.Millisecond)
	}
	stop()

	for _, p := range []*scan.Progress{{}, func() *scan.Progress {
		var done scan.Progress
		done.GoModules.Store(2)
		done.GoModulesDone.Store(2)
		return &done
	}()} {
		var quiet syncBuffer
		stop := showProgress(&quiet, p)
		time.Sleep(20 * time.Millisecond)
		stop()
		if s := quiet.String(); s != "" {
			t.Errorf("a notice with go vet not running: %q", s)
		}
	}
}
