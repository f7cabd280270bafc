package scan

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/benchtext"
	"github.com/tightlip/tightlip/internal/detect"
)

// Benchmarks of changed-region diffing, the fast path of a history scan:
// an edit of a file costs what the edit costs, not what the file costs.
// The file is internal/benchtext's text (ordinary lines dense with the
// rules' keywords, one of gitleaks' samples after every six); the edits
// are one line in the middle, a line near each end (the case that needs
// the line diff), and 40 lines spread over the file. See bench/README.md
// for how to run and compare them.

// benchFileSize is the size of the edited file: a large source file.
const benchFileSize = 128 << 10

var benchEdits struct {
	once  sync.Once
	cases []editCase
	eng   *detect.Engine
	err   error
}

// editCase is one version of the file and the next.
type editCase struct {
	name       string
	base, next []byte
}

func editCases(b *testing.B) ([]editCase, *detect.Engine) {
	b.Helper()
	s := &benchEdits
	s.once.Do(func() {
		var base []byte
		if base, s.err = benchtext.Text("../..", benchFileSize, 6); s.err != nil {
			return
		}
		if s.eng, s.err = detect.NewDefault(); s.err != nil {
			return
		}
		lines := bytes.SplitAfter(base, []byte("\n"))
		edit := func(at ...int) []byte {
			next := make([][]byte, len(lines))
			copy(next, lines)
			for i, l := range at {
				next[l] = fmt.Appendf(nil, "\tedited(%d) // a changed line\n", i)
			}
			return bytes.Join(next, nil)
		}
		n := len(lines) - 1 // the last element is empty
		var spread []int
		for i := range 40 {
			spread = append(spread, n*i/40+7)
		}
		s.cases = []editCase{
			{"one-line", base, edit(n / 2)},
			{"both-ends", base, edit(3, n-3)},
			{"40-lines", base, edit(spread...)},
		}
	})
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s.cases, s.eng
}

// BenchmarkChangedRegions compares finding what to scan after an edit
// by trimming the common prefix and suffix first and diffing only what
// is left (changedRegions, trimmed) with a line diff of the whole file
// (full-diff). Both report regions of the new version; bytes/s counts
// the new version's size.
func BenchmarkChangedRegions(b *testing.B) {
	cases, eng := editCases(b)
	margin := eng.MaxReach(maxMargin)
	for _, c := range cases {
		if _, ok := touchedLines(lineHashes(c.base), lineHashes(c.next), maxEdits); !ok {
			b.Fatalf("%s: the edit needs more than maxEdits line edits", c.name)
		}
		benchEdit(b, c, "trimmed", func() { changedRegions(c.base, c.next, margin) })
		benchEdit(b, c, "full-diff", func() {
			touched, _ := touchedLines(lineHashes(c.base), lineHashes(c.next), maxEdits)
			aroundLines(c.next, 0, touched, margin)
		})
	}
}

// BenchmarkEditScan compares scanning an edited file as a history scan
// does, the changed regions only (regions: the diff and the rules over
// them), with running the rules over the whole new version (whole).
// bytes/s counts the new version's size either way.
func BenchmarkEditScan(b *testing.B) {
	cases, eng := editCases(b)
	margin := eng.MaxReach(maxMargin)
	for _, c := range cases {
		benchEdit(b, c, "regions", func() {
			for _, r := range changedRegions(c.base, c.next, margin) {
				eng.Detect("bench.txt", c.next[r.from:r.to])
			}
		})
		benchEdit(b, c, "whole", func() { eng.Detect("bench.txt", c.next) })
	}
}

// benchEdit runs fn b.N times as the sub-benchmark edit=CASE/way=WAY,
// counting the new version's bytes.
func benchEdit(b *testing.B, c editCase, way string, fn func()) {
	b.Run("edit="+c.name+"/way="+way, func(b *testing.B) {
		b.SetBytes(int64(len(c.next)))
		b.ReportAllocs()
		for b.Loop() {
			fn()
		}
	})
}

// BenchmarkTouchedLines is the line diff alone (Myers' algorithm on line
// hashes) between the versions of each case, whole files.
func BenchmarkTouchedLines(b *testing.B) {
	cases, _ := editCases(b)
	for _, c := range cases {
		a, n := lineHashes(c.base), lineHashes(c.next)
		b.Run("edit="+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.next)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := touchedLines(a, n, maxEdits); !ok {
					b.Fatal("the edit needs more than maxEdits line edits")
				}
			}
		})
	}
}
