package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/tightlip/tightlip/scan"
)

func TestProgressLine(t *testing.T) {
	var p scan.Progress
	p.Files.Store(120)
	p.Bytes.Store(30e6)
	if got, want := progressLine(&p, 2*time.Second), "tightlip: 120 files, 30.0 MB (15.0 MB/s)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	p.Commits.Store(7)
	if got, want := progressLine(&p, 2*time.Second), "tightlip: 7 commits, 120 blobs, 30.0 MB (15.0 MB/s)"; got != want {
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
