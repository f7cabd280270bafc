package scan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tightlip/tightlip/internal/detect"
)

// DefaultFileTimeout bounds the time the rules spend on one file (or
// blob) when Options.FileTimeout is 0.
const DefaultFileTimeout = time.Minute

// Causes of a stopped scan: a command ends the context it gives a scan
// with one of them (context.WithCancelCause, context.WithTimeoutCause), and
// the problem that marks the report incomplete says which. A scan whose
// context ends is not an error: it returns what it found, incomplete.
var (
	ErrTimeLimit   = errors.New("time limit reached")
	ErrInterrupted = errors.New("interrupted")
)

// SuppressedOverLineCap is the summary key for matches beyond
// detect.MaxFindingsPerLine on one line: counted, not reported.
var SuppressedOverLineCap = fmt.Sprintf("over the per-line cap (%d findings a line)", detect.MaxFindingsPerLine)

// SkipFileTimeout counts files (or blobs) the rules stopped on at the
// per-file time limit; a problem names each.
const SkipFileTimeout = "over the per-file time limit (not scanned in full)"

// beforeDetectKey is a context key for tests: a func(ctx context.Context,
// path string) under it runs before the rules see each file of the scan,
// with the file's own context, so that a test can make a file slow by
// waiting on it. Carried by the scan's context rather than held in a
// variable, it stays with its own scan while tests run in parallel.
type beforeDetectKey struct{}

// beforeDetect runs the test hook the scan's context carries, if any.
func beforeDetect(fctx context.Context, path string) {
	if hook, ok := fctx.Value(beforeDetectKey{}).(func(context.Context, string)); ok {
		hook(fctx, path)
	}
}

// stoppedBy reports whether err only says that ctx ended: the scan then
// stopped early and reports what it found.
func stoppedBy(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}

// stopCause says why ctx ended: "time limit reached", "interrupted" or
// "stopped".
func stopCause(ctx context.Context) string {
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, ErrTimeLimit):
		return "time limit reached"
	case errors.Is(cause, ErrInterrupted):
		return "interrupted"
	case cause != nil:
		return "stopped (" + cause.Error() + ")"
	}
	return "stopped"
}

// stopProblem says why a scan stopped and how far it got.
func stopProblem(ctx context.Context, n int, unit string) string {
	what := stopCause(ctx)
	if n == 1 {
		unit = unit[:len(unit)-1]
	}
	return fmt.Sprintf("%s after %d %s: the rest was not scanned", what, n, unit)
}

// fileTimeoutProblem names a file the rules stopped on.
func fileTimeoutProblem(name string, limit time.Duration) string {
	return fmt.Sprintf("%s: not scanned in full: the rules took longer than the per-file time limit (%v)", name, limit)
}

// detectFile runs the rules over one file under the per-file time limit.
// stopped is "" when they ran to the end, "file" when the file's own limit
// stopped them, "scan" when the scan's context did.
func detectFile(ctx context.Context, eng *detect.Engine, limit time.Duration, name string, text []byte) (detect.Result, string) {
	fctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	beforeDetect(fctx, name)
	res, stopped := eng.DetectContext(fctx, name, text)
	switch {
	case !stopped:
		return res, ""
	case ctx.Err() != nil:
		return res, "scan"
	}
	return res, "file"
}
