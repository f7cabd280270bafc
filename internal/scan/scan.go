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
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/tightlip/tightlip/internal/allowmark"
	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/safefile"
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

// Options configure a scan.
type Options struct {
	Engine *detect.Engine
	// MaxFileSize in bytes; 0 means config.DefaultMaxFileSize.
	MaxFileSize int64
	// Workers defaults to the number of CPUs.
	Workers int
	// Gitignore configures the gitignore rules, which Dir runs when the
	// root is a directory; the zero value applies the default list.
	Gitignore gitignore.Options
	// NoGitignore turns the gitignore rules off.
	NoGitignore bool
	// Go runs the Go analyzers on the Go modules under a scanned directory,
	// through go vet with VetTool: a binary that speaks go vet's -vettool
	// protocol and runs tightlip's analyzers (tightlip and tightlip-vet do).
	// go vet works offline unless GoDownload lets it fetch the modules a
	// go.mod requires; GoTimeout (DefaultGoTimeout when 0) bounds the whole
	// Go analysis. Code it could not analyse makes the scan incomplete.
	Go         bool
	VetTool    string
	GoDownload bool
	GoTimeout  time.Duration
	// Progress, when set, is kept up to date as files are scanned.
	Progress *Progress
	// FileTimeout bounds the time the rules spend on one file
	// (DefaultFileTimeout when 0): a file they do not finish in time is
	// named in a problem and the scan is incomplete.
	FileTimeout time.Duration
}

// Result is a finished scan. Its findings have identities but no
// fingerprints until Fingerprint gives them theirs.
type Result struct {
	Findings []finding.Finding
	Summary  finding.Summary
	// State is what a complete History scan asked to remember
	// (HistoryOptions.Remember) leaves for the next one; nil otherwise.
	State *HistoryState
}

// collector gathers results from the workers.
type collector struct {
	mu       sync.Mutex
	res      Result
	progress *Progress
	// input: the findings are in text from a reader, not files of a tree.
	input bool
}

func (c *collector) skip(path, reason string, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Summary.Skipped[reason]++
	if err != nil {
		// Every error is content the user asked for and did not get.
		c.res.Summary.MarkIncomplete(fmt.Sprintf("%s: %v", path, unwrapPath(err)))
	}
}

// problem records something the scan needed and could not read, which
// makes it incomplete.
func (c *collector) problem(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Summary.MarkIncomplete(msg)
}

func (c *collector) add(r detect.Result, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Summary.FilesScanned++
	c.res.Summary.BytesScanned += size
	c.progress.file(size)
	c.addResult(r)
}

// addPartial keeps what the rules found in a file they did not finish:
// the file does not count as scanned. problem, when set, names it.
func (c *collector) addPartial(r detect.Result, reason, problem string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addResult(r)
	if reason != "" {
		c.res.Summary.Skipped[reason]++
	}
	if problem != "" {
		c.res.Summary.MarkIncomplete(problem)
	}
}

func (c *collector) addResult(r detect.Result) {
	c.res.Findings = append(c.res.Findings, r.Findings...)
	addCounts(c.res.Summary.Suppressed, r)
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

// Dir scans the tree (or single file) at root: every file with the content
// rules and, for a directory, the tree with the gitignore rules.
func Dir(ctx context.Context, root string, opts Options) (*Result, error) {
	start := time.Now()
	c := newCollector(root)
	c.progress = opts.Progress
	// The gitignore checks only list directories and read a few small
	// files; they run beside the content scan instead of after it.
	var gres *gitignore.Result
	var gerr error
	var gwg sync.WaitGroup
	// A bug that panics in a worker comes back here, then to the command.
	var box crash.Box
	if !opts.NoGitignore {
		gwg.Go(func() {
			defer box.Catch()
			gres, gerr = gitignore.Check(ctx, root, opts.Gitignore)
		})
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
	maxSize := opts.maxSize()
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	files := make(chan source.File, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for f := range files {
				func() {
					defer box.Catch()
					scanFile(ctx, opts.Engine, f, maxSize, opts.fileTimeout(), c)
				}()
			}
		})
	}
	w := source.Walker{Root: root, OnSkip: c.skip, OnProblem: c.problem}
	defer w.Close()
	err := w.Walk(ctx, func(f source.File) error {
		if o, ok := opts.Engine.PathAllowedBy(f.Path); ok {
			f.Release()
			c.skip(f.Path, allowlistedBy(o), nil)
			return nil
		}
		if f.Size > maxSize {
			f.Release()
			c.skip(f.Path, SkipTooLarge, nil)
			return nil
		}
		select {
		case files <- f: // scanFile releases it
			return nil
		case <-ctx.Done():
			f.Release()
			return ctx.Err()
		}
	})
	close(files)
	wg.Wait()
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
		c.res.Summary.MarkIncomplete(stopProblem(ctx, c.res.Summary.FilesScanned, "files"))
	}
	if gres != nil {
		c.addGitignore(gres, opts.Engine)
	}
	if opts.Go {
		c.addGo(gores, opts.Engine)
	}
	return c.finish(start, opts.Engine), nil
}

// addGitignore merges the gitignore checks' findings and problems. A global
// allowlist's paths apply to their findings as to content findings.
func (c *collector) addGitignore(r *gitignore.Result, eng *detect.Engine) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range r.Findings {
		if o, ok := eng.PathAllowedBy(f.File); ok {
			c.res.Summary.Suppressed[allowlistedBy(o)]++
			continue
		}
		c.res.Findings = append(c.res.Findings, f)
	}
	// A .gitignore or git index that could not be read leaves the checks
	// undecided for what it covers.
	for _, p := range r.Problems {
		c.res.Summary.MarkIncomplete(p)
	}
}

// addGo merges the Go analyzers' findings; a global allowlist's paths
// apply to them as to content findings. Go code they could not analyse
// makes the scan incomplete: their findings there may be missing.
func (c *collector) addGo(r goResult, eng *detect.Engine) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.res.Findings = addGoFindings(c.res.Findings, &c.res.Summary, r, eng, nil)
}

// Reader scans one stream, such as standard input, reported under name.
// When ctx ends while the stream is still being read (a pipe that never
// closes, --timeout, an interrupt), it returns at once, incomplete, with
// nothing of the stream scanned.
func Reader(ctx context.Context, r io.Reader, name string, opts Options) (*Result, error) {
	start := time.Now()
	c := newCollector(name)
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
		c.res.Summary.MarkIncomplete(fmt.Sprintf("%s while %s was still being read: nothing of it was scanned", stopCause(ctx), name))
		return c.finish(start, opts.Engine), nil
	case rd := <-got:
		if rd.err != nil {
			return nil, fmt.Errorf("read %s: %w", name, rd.err)
		}
		data = rd.data
	}
	o, allowlisted := opts.Engine.PathAllowedBy(name)
	text, _, isText := decodeText(data)
	switch {
	case allowlisted:
		c.skip(name, allowlistedBy(o), nil)
	case int64(len(data)) > opts.maxSize():
		c.skip(name, SkipTooLarge, nil)
	case !isText:
		c.skip(name, SkipBinary, nil)
	default:
		limit := opts.fileTimeout()
		switch res, stopped := detectFile(ctx, opts.Engine, limit, name, text); stopped {
		case "":
			c.add(res, int64(len(data)))
		case "file":
			c.addPartial(res, SkipFileTimeout, fileTimeoutProblem(name, limit))
		default:
			c.addPartial(res, "", fmt.Sprintf("%s while the rules ran on %s: it was not scanned in full", stopCause(ctx), name))
		}
	}
	return c.finish(start, opts.Engine), nil
}

func newCollector(root string) *collector {
	return &collector{res: Result{Summary: finding.Summary{
		Root:       root,
		Skipped:    map[string]int{},
		Suppressed: map[string]int{},
	}}}
}

func (c *collector) finish(start time.Time, eng *detect.Engine) *Result {
	c.res.Summary.Duration = time.Since(start)
	// Messages name the file's kind: built once every finding has its path.
	if c.input {
		eng.DescribeInput(c.res.Findings)
	} else {
		eng.Describe(c.res.Findings)
	}
	// Both walks, the content scan's and the gitignore checks', may meet
	// the same unreadable directory: say it once.
	slices.Sort(c.res.Summary.Problems)
	c.res.Summary.Problems = slices.Compact(c.res.Summary.Problems)
	// Stable: findings at one place keep the order their source gave them,
	// such as the gitignore entries in list order, which --fix appends in.
	slices.SortStableFunc(c.res.Findings, finding.Compare)
	return &c.res
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

func (o Options) maxSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return config.DefaultMaxFileSize
}

func scanFile(ctx context.Context, eng *detect.Engine, f source.File, maxSize int64, limit time.Duration, c *collector) {
	defer f.Release()
	if ctx.Err() != nil {
		return // the scan stopped: the files left are not read
	}
	// Read through a limit: the file may have grown since it was listed,
	// and nothing larger than maxSize+1 bytes is allocated.
	data, err := f.Read(maxSize)
	switch {
	case errors.Is(err, safefile.ErrTooLarge):
		c.skip(f.Path, SkipTooLarge, nil)
		return
	case errors.Is(err, safefile.ErrLink):
		// Swapped for a link since it was listed.
		c.skip(f.Path, source.SkipSymlink, nil)
		return
	case err != nil:
		c.skip(f.Path, source.SkipUnreadable, errors.New(safefile.Why(err)))
		return
	}
	text, _, ok := decodeText(data)
	if !ok {
		c.skip(f.Path, SkipBinary, nil)
		return
	}
	switch res, stopped := detectFile(ctx, eng, limit, f.Path, text); stopped {
	case "":
		c.add(res, int64(len(data)))
	case "file":
		c.addPartial(res, SkipFileTimeout, fileTimeoutProblem(f.Path, limit))
	default:
		// The scan stopped: what was found is kept, the summary says the
		// rest was not scanned.
		c.addPartial(res, "", "")
	}
}

// unwrapPath drops the *PathError wrapper: the summary line names the path already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
