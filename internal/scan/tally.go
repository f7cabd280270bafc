package scan

import (
	"context"
	"sync"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
)

// tally builds a scan's summary while its workers run: what was read,
// skipped, suppressed, and could not be read. Every kind of scan keeps
// one (the tree's collector, the git scans' gitScan), so each counts the
// same way; its methods are safe for concurrent use, and mu also guards
// whatever the scan keeps beside it.
type tally struct {
	mu       sync.Mutex
	sum      finding.Summary
	progress *Progress
}

func newTally(root string, progress *Progress) tally {
	return tally{progress: progress, sum: finding.Summary{
		Root:       root,
		Skipped:    map[string]int{},
		Suppressed: map[string]int{},
	}}
}

// skip counts content not scanned, for reason; problems, when given, name
// what could not be read, and make the scan incomplete.
func (t *tally) skip(reason string, problems ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sum.Skipped[reason]++
	for _, p := range problems {
		t.sum.MarkIncomplete(p)
	}
}

// problem records things the scan needed and could not read: it is
// incomplete.
func (t *tally) problem(msgs ...string) {
	if len(msgs) == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, m := range msgs {
		t.sum.MarkIncomplete(m)
	}
}

// read counts bytes that went through the rules, and what an allow
// comment, an allowlist, the line cap or the placeholder check dropped in
// them.
func (t *tally) read(bytes int64, r detect.Result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.readLocked(bytes, r)
}

func (t *tally) readLocked(bytes int64, r detect.Result) {
	t.sum.BytesScanned += bytes
	if t.progress != nil {
		t.progress.Bytes.Add(bytes)
	}
	addCounts(t.sum.Suppressed, r)
}

// done counts one file or blob scanned to the end.
func (t *tally) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.doneLocked()
}

func (t *tally) doneLocked() {
	t.sum.FilesScanned++
	if t.progress != nil {
		t.progress.Files.Add(1)
	}
}

// interrupted records that the scan's context ended: what was found is
// reported, incomplete, saying how many units ("files", "blobs") were
// scanned by then.
func (t *tally) interrupted(ctx context.Context, units string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sum.MarkIncomplete(stopProblem(ctx, t.sum.FilesScanned, units))
}

// addCounts adds what one Detect dropped to suppressed: allow comments,
// allowlists and the per-line cap.
func addCounts(suppressed map[string]int, r detect.Result) {
	if r.Suppressed > 0 {
		suppressed[SuppressedInline] += r.Suppressed
	}
	if r.OverLineCap > 0 {
		suppressed[SuppressedOverLineCap] += r.OverLineCap
	}
	if r.Placeholders > 0 {
		suppressed[SuppressedPlaceholder] += r.Placeholders
	}
	addAllowlisted(suppressed, r)
}
