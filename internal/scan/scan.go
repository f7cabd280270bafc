// Package scan runs a working-tree scan: it walks a source, reads each file
// once, hands the bytes to the content engine on every core and collects the
// findings and the summary.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/tightlip/tightlip/internal/allowmark"
	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/reuse"
	"github.com/tightlip/tightlip/internal/source"
)

// Skip reasons of this package; source adds its own.
const (
	SkipBinary   = "binary"
	SkipTooLarge = "too large"
	// SkipAllowlisted is for a path the built-in global allowlist
	// excludes; a configuration's allowlist is named after it (see
	// allowlistedBy).
	SkipAllowlisted = "allowlisted path"
)

// SuppressedInline is the summary key for findings dropped by an allow comment.
const SuppressedInline = "inline " + allowmark.Tightlip + " / " + allowmark.Gitleaks

// SuppressedPlaceholder is the summary key for values dropped as
// placeholders (<your-api-key>, changeme, ${VAR} …): a drop is never
// silent.
const SuppressedPlaceholder = "placeholders ignored"

// SuppressedAllowlisted is the summary key for gitignore and Go findings
// about a path that a built-in global allowlist excludes; a
// configuration's allowlist is named after it (see allowlistedBy).
const SuppressedAllowlisted = "allowlisted path"

// Result is a finished scan. Its findings have identities but no
// fingerprints until Fingerprint gives them theirs.
type Result struct {
	Findings []finding.Finding
	Summary  finding.Summary
	// State is what a complete History scan asked to remember
	// (Options.Remember) leaves for the next one; nil otherwise.
	State *HistoryState
}

// collector gathers the findings of a tree's or a stream's workers, and
// their tally.
type collector struct {
	tally
	findings []finding.Finding
	// input: the findings are in text from a reader, not files of a tree.
	input bool
}

// skipFile counts a file not scanned, for reason; an error is content the
// user asked for and did not get: the scan is incomplete.
func (c *collector) skipFile(path, reason string, err error) {
	if err != nil {
		c.skip(reason, fmt.Sprintf("%s: %v", path, unwrapPath(err)))
		return
	}
	c.skip(reason)
}

// add keeps what the rules found in a file they read to the end.
func (c *collector) add(r detect.Result, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.doneLocked()
	c.readLocked(size, r)
	c.findings = append(c.findings, r.Findings...)
}

// addPartial keeps what the rules found in a file they did not finish:
// the file does not count as scanned. problem, when set, names it.
func (c *collector) addPartial(r detect.Result, reason, problem string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.findings = append(c.findings, r.Findings...)
	addCounts(c.sum.Suppressed, r)
	if reason != "" {
		c.sum.Skipped[reason]++
	}
	if problem != "" {
		c.sum.MarkIncomplete(problem)
	}
}

// scanDir scans the tree (or single file) at root: every file with the content
// rules and, for a directory, the tree with the gitignore rules.
func scanDir(ctx context.Context, root string, opts Options) (*Result, error) {
	start := time.Now()
	c := newCollector(root, opts.Progress)
	// The gitignore checks are fed by the content scan's walk (one walk:
	// each directory listed, each .gitignore read, once), and finish
	// beside the content workers once it is done.
	var gres *gitignore.Result
	var gerr error
	var gwg sync.WaitGroup
	// A bug that panics in a worker comes back here, then to the command.
	var box crash.Box
	var gv *gitignore.Visitor
	if !opts.NoGitignore {
		gv, gerr = gitignore.NewVisitor(root, opts.Gitignore)
		if gv != nil {
			defer gv.Close()
		}
	}
	var gores goResult
	if opts.Go {
		gwg.Go(func() {
			defer box.Catch()
			gores = analyzeGo(ctx, root, goOptions{
				vetTool: opts.VetTool, eng: opts.Engine, download: opts.GoDownload,
				timeout: opts.GoTimeout, workers: opts.Workers, progress: opts.Progress,
			})
		})
	}
	w := source.Walker{Root: root, OnSkip: c.skipFile, OnProblem: func(msg string) { c.problem(msg) }}
	if gv != nil {
		w.Visit = gv
	}
	defer w.Close()
	walk := treeFragments(&w)
	src := func(ctx context.Context, yield func(Fragment) error) error {
		err := walk(ctx, yield)
		if err == nil && gv != nil {
			gwg.Go(func() {
				defer box.Catch()
				gres = gv.Finish()
			})
		}
		return err
	}
	err := scanFragments(ctx, src, opts, c, &box)
	gwg.Wait()
	box.Rethrow()
	// A scan stopped by its context (a time limit, an interrupt) reports
	// what it found, incomplete.
	if err != nil && !stoppedBy(ctx, err) {
		return nil, err
	}
	if gerr != nil && !stoppedBy(ctx, gerr) {
		return nil, gerr
	}
	if ctx.Err() != nil {
		c.interrupted(ctx, "files")
	}
	if gres != nil {
		c.addGitignore(gres, opts.Engine)
	}
	if opts.Go {
		c.addGo(gores, opts.Engine)
	}
	// One secret in files of different directories: a cross-file check,
	// once every file's findings are in.
	c.findings = append(c.findings, reuse.Find(c.findings)...)
	return c.finish(start, opts.Engine), nil
}

// addGitignore merges the gitignore checks' findings and problems. A global
// allowlist's paths apply to their findings as to content findings.
func (c *collector) addGitignore(r *gitignore.Result, eng *detect.Engine) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range r.Findings {
		if o, ok := eng.PathAllowedBy(f.File); ok {
			c.sum.Suppressed[allowlistedBy(o)]++
			continue
		}
		c.findings = append(c.findings, f)
	}
	// A .gitignore or git index that could not be read leaves the checks
	// undecided for what it covers.
	for _, p := range r.Problems {
		c.sum.MarkIncomplete(p)
	}
}

// addGo merges the Go analyzers' findings; a global allowlist's paths
// apply to them as to content findings. Go code they could not analyse
// makes the scan incomplete: their findings there may be missing.
func (c *collector) addGo(r goResult, eng *detect.Engine) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.findings = addGoFindings(c.findings, &c.sum, r, eng)
}

// scanReader scans one stream, such as standard input, reported under name.
// When ctx ends while the stream is still being read (a pipe that never
// closes, --timeout, an interrupt), it returns at once, incomplete, with
// nothing of the stream scanned.
func scanReader(ctx context.Context, r io.Reader, name string, opts Options) (*Result, error) {
	start := time.Now()
	c := newCollector(name, opts.Progress)
	c.input = true
	type read struct {
		data []byte
		err  error
	}
	// A read from a pipe cannot be interrupted: it goes on in its own
	// goroutine, left behind when ctx ends first (the process exits).
	got := make(chan read, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, opts.maxSize()+1))
		got <- read{data, err}
	}()
	var data []byte
	select {
	case <-ctx.Done():
		c.sum.MarkIncomplete(fmt.Sprintf("%s while %s was still being read: nothing of it was scanned", stopCause(ctx), name))
		return c.finish(start, opts.Engine), nil
	case rd := <-got:
		if rd.err != nil {
			return nil, fmt.Errorf("read %s: %w", name, rd.err)
		}
		data = rd.data
	}
	var box crash.Box
	if err := scanFragments(ctx, bytesFragment(name, data), opts, c, &box); err != nil && !stoppedBy(ctx, err) {
		return nil, err
	}
	box.Rethrow()
	if ctx.Err() != nil && c.sum.FilesScanned == 0 && len(c.sum.Skipped) == 0 {
		c.sum.MarkIncomplete(fmt.Sprintf("%s while the rules ran on %s: it was not scanned in full", stopCause(ctx), name))
	}
	return c.finish(start, opts.Engine), nil
}

func newCollector(root string, progress *Progress) *collector {
	return &collector{tally: newTally(root, progress)}
}

func (c *collector) finish(start time.Time, eng *detect.Engine) *Result {
	c.sum.Duration = time.Since(start)
	// Messages name the file's kind: built once every finding has its path.
	if c.input {
		eng.DescribeInput(c.findings)
	} else {
		eng.Describe(c.findings)
	}
	// The content scan and the gitignore checks, fed by one walk, may
	// both report the same unreadable directory or .gitignore: say it once.
	slices.Sort(c.sum.Problems)
	c.sum.Problems = slices.Compact(c.sum.Problems)
	// Stable: findings at one place keep the order their source gave them,
	// such as the gitignore entries in list order, which --fix appends in.
	slices.SortStableFunc(c.findings, finding.Compare)
	return &Result{Findings: c.findings, Summary: c.sum}
}

// Fingerprint gives every finding its fingerprint, keyed by fp, and records
// the key in the summary: the one place fingerprints are made, after every
// source has set its findings' identities. The key may be computed while
// the scan runs (see gitrepo.Repo.RootCommit).
func (r *Result) Fingerprint(fp finding.Fingerprinter) {
	fp.Assign(r.Findings)
	r.Summary.FingerprintKey = fp.Source()
	r.Summary.FingerprintKeyID = fp.KeyID()
}

// unwrapPath drops the *PathError wrapper: the summary line names the path already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
