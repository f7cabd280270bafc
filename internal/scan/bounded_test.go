package scan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
)

var boundedEngine = sync.OnceValues(detect.NewDefault)

// slowLimit is the per-file limit of the tests: the slow file waits for
// it, so it costs the test this long, and every other file must be
// scanned within it on a loaded machine under the race detector. The
// tests that wait run in parallel, so that the waits overlap.
const slowLimit = 3 * time.Second

// withHook returns ctx carrying a hook that runs before the rules see
// each file (see beforeDetectKey).
func withHook(ctx context.Context, hook func(fctx context.Context, path string)) context.Context {
	return context.WithValue(ctx, beforeDetectKey{}, hook)
}

// slowFile returns a context for a scan in which the rules wait, on the
// named file only, until the file's own context ends: its time limit, or
// the scan's. The test never measures time; a short limit only keeps it
// short.
func slowFile(name string) context.Context {
	return withHook(context.Background(), func(fctx context.Context, path string) {
		if path == name {
			<-fctx.Done()
		}
	})
}

func boundedTree(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range map[string]string{
		"slow.env": "token = \"" + gittest.FakeToken("slow") + "\"\n",
		"fast.env": "token = \"" + gittest.FakeToken("fast") + "\"\n",
	} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// A file the rules do not finish within the per-file limit is named, the
// scan is incomplete, and every other file is scanned.
func TestFileTimeout(t *testing.T) {
	t.Parallel()
	eng, err := boundedEngine()
	if err != nil {
		t.Fatal(err)
	}
	root := boundedTree(t)
	res, err := Run(slowFile("slow.env"), Source{Path: root}, Options{Engine: eng, NoGitignore: true, FileTimeout: slowLimit})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if !s.Incomplete || !slices.ContainsFunc(s.Problems, func(p string) bool {
		return strings.HasPrefix(p, "slow.env: not scanned in full") && strings.Contains(p, "per-file time limit")
	}) {
		t.Errorf("summary %+v: want incomplete, with a problem naming slow.env", s)
	}
	if s.FilesScanned != 1 || s.Skipped[SkipFileTimeout] != 1 {
		t.Errorf("scanned %d files, %d over the limit; want 1 and 1", s.FilesScanned, s.Skipped[SkipFileTimeout])
	}
	if !slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.File == "fast.env" }) {
		t.Errorf("fast.env's finding is missing: %v", res.Findings)
	}
}

// A scan whose context ends reports what it found, incomplete, with why it
// stopped and after how many files.
func TestStoppedScanIsPartial(t *testing.T) {
	t.Parallel()
	eng, err := boundedEngine()
	if err != nil {
		t.Fatal(err)
	}
	root := boundedTree(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	// The slow file waits for the scan's end, which the test brings
	// about once the rules are on it.
	ctx = withHook(ctx, func(fctx context.Context, path string) {
		if path == "slow.env" {
			cancel(ErrTimeLimit)
			<-fctx.Done()
		}
	})
	res, err := Run(ctx, Source{Path: root}, Options{Engine: eng, Workers: 1})
	if err != nil {
		t.Fatalf("a stopped scan is not an error: %v", err)
	}
	s := res.Summary
	if !s.Incomplete || !slices.ContainsFunc(s.Problems, func(p string) bool {
		return strings.HasPrefix(p, "time limit reached after ") && strings.HasSuffix(p, ": the rest was not scanned")
	}) {
		t.Errorf("summary %+v: want incomplete, with a time limit problem", s)
	}
	if s.Skipped[SkipFileTimeout] != 0 {
		t.Errorf("the scan's limit counted as a file's: %v", s.Skipped)
	}
}

// The history scans keep to the per-file limit and stop with their
// context in the same way.
func TestHistoryBounded(t *testing.T) {
	t.Parallel()
	eng, err := boundedEngine()
	if err != nil {
		t.Fatal(err)
	}
	r := gittest.New(t)
	r.Commit("one", map[string]string{
		"slow.env": "token = \"" + gittest.FakeToken("slow") + "\"\n",
		"fast.env": "token = \"" + gittest.FakeToken("fast") + "\"\n",
	})
	res, err := Run(slowFile("slow.env"), Source{Kind: History, Path: r.Dir}, Options{Engine: eng, FileTimeout: slowLimit})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if !s.Incomplete || s.Skipped[SkipFileTimeout] != 1 || !slices.ContainsFunc(s.Problems, func(p string) bool {
		return strings.HasPrefix(p, "slow.env (commit ") && strings.Contains(p, "per-file time limit")
	}) {
		t.Errorf("summary %+v: want incomplete, with a problem naming slow.env", s)
	}
	if !slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.File == "fast.env" }) {
		t.Errorf("fast.env's finding is missing: %v", res.Findings)
	}

	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(ErrInterrupted)
	res, err = Run(ctx, Source{Kind: History, Path: r.Dir}, Options{Engine: eng})
	if err != nil {
		t.Fatalf("a stopped history scan is not an error: %v", err)
	}
	if !res.Summary.Incomplete || !slices.ContainsFunc(res.Summary.Problems, func(p string) bool { return strings.HasPrefix(p, "interrupted after ") }) {
		t.Errorf("summary %+v: want incomplete, interrupted", res.Summary)
	}
}

// Matches over the per-line cap are counted in the summary.
func TestOverLineCapCounted(t *testing.T) {
	t.Parallel()
	eng, err := boundedEngine()
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	var toks []string
	for i := range detect.MaxFindingsPerLine + 7 {
		toks = append(toks, gittest.FakeToken(strings.Repeat("x", i+1)))
	}
	if err := os.WriteFile(filepath.Join(root, "tokens.txt"), []byte(strings.Join(toks, " ")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Source{Path: root}, Options{Engine: eng, NoGitignore: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(res.Findings); got != detect.MaxFindingsPerLine {
		t.Errorf("%d findings, want %d", got, detect.MaxFindingsPerLine)
	}
	if got := res.Summary.Suppressed[SuppressedOverLineCap]; got != 7 {
		t.Errorf("%d counted over the cap, want 7 (%v)", got, res.Summary.Suppressed)
	}
}
