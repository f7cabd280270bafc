package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/literalfix"
	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/rules"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/scan"
	"github.com/tightlip/tightlip/internal/textsafe"
)

type scanFlags struct {
	format, output, config, baseline, maxSize string
	// failOn is --fail-on as given ("" when not); failOnValue the value in
	// force (see resolveFailOn).
	failOn, failOnValue string
	// tests is --tests as given; testsValue the value in force (see
	// resolveTests).
	tests, testsValue                     string
	noRedact, fix, gitignore, goAnalyzers bool
	// noTreeConfig never reads a configuration from the scanned tree:
	// only --config, or the built-in rules.
	noTreeConfig bool
	// goDownload lets go vet fetch the modules a go.mod requires; goTimeout
	// bounds the Go analysis.
	goDownload bool
	goTimeout  time.Duration
	// timeout bounds the whole scan (0: no limit); fileTimeout the rules'
	// time on one file.
	timeout, fileTimeout time.Duration
	// allowIncomplete accepts a scan that could not read everything it was
	// asked to: the exit status then follows the findings alone.
	allowIncomplete bool
	// allowShallow accepts a --history truncated by a shallow clone.
	allowShallow bool
	// The git sources; at most one of history, rangeSpec and staged.
	history, staged   bool
	branch, rangeSpec string
	// sinceState is --since-state: the file an incremental --history
	// reads and replaces.
	sinceState string
}

// gitMode names the git source the flags ask for, "" for the working tree.
func (fl scanFlags) gitMode() string {
	switch {
	case fl.history:
		return "--history"
	case fl.rangeSpec != "":
		return "--range"
	case fl.staged:
		return "--staged"
	}
	return ""
}

// check rejects flag combinations that mean nothing.
func (fl scanFlags) check(root string) error {
	n := 0
	for _, on := range []bool{fl.history, fl.rangeSpec != "", fl.staged} {
		if on {
			n++
		}
	}
	switch {
	case n > 1:
		return usageError{"--history, --range and --staged are different scans: give one"}
	case fl.branch != "" && !fl.history:
		return usageError{"--branch goes with --history"}
	case fl.sinceState != "" && !fl.history:
		return usageError{"--since-state goes with --history"}
	case fl.allowShallow && !fl.history && fl.rangeSpec == "":
		return usageError{"--allow-shallow goes with --history or --range"}
	case n == 1 && root == "-":
		return usageError{fl.gitMode() + " scans a git repository, not standard input"}
	case n == 1 && fl.fix:
		return usageError{"--fix fixes the working tree: it does not go with " + fl.gitMode()}
	case fl.fix && root == "-":
		return usageError{"--fix fixes files under a directory, not standard input"}
	case fl.fix && !fl.gitignore && !fl.goAnalyzers:
		return usageError{"--fix fixes .gitignore files and Go URL literals: it needs the gitignore rules or the Go analyzers (not both --gitignore=false and --go=false)"}
	}
	return nil
}

// suppressedFixed is the summary key for findings that --fix resolved.
const suppressedFixed = "fixed by --fix"

// runScan is `tightlip scan`: parse the flags, turn them and the
// configuration into a plan (rules, engine, scan options), run the scan,
// filter its result (test code, baseline, --fix), emit the report, and
// exit by what it found and whether it looked everywhere.
func runScan(args []string, stdin io.Reader, stdout io.Writer, stderr *redactingWriter) (int, error) {
	fl, root, err := parseScanFlags(args)
	if err != nil {
		return exitError, err
	}
	stderr.noRedact = fl.noRedact
	p, err := planScan(fl, root)
	if err != nil {
		return exitError, err
	}
	stderr.scrub = p.eng.Scrub
	res, err := p.run(stdin, stderr)
	if err != nil {
		return exitError, err
	}
	// From here on, messages may quote what the scan found.
	stderr.scrub = report.Scrubber(res.Findings, p.eng.Scrub)
	p.filter(res)
	// A fix refused (a linked .gitignore, say) still leaves a report of
	// what the scan found, the unfixed findings included; the run then
	// ends with the error.
	var fixErr error
	if fl.fix {
		fixErr = applyFixes(root, res, stderr)
	}
	if err := p.emit(res, stdout, stderr); err != nil {
		return exitError, err
	}
	if fixErr != nil {
		return exitError, fixErr
	}
	return exitStatus(p.fl, res, stderr), nil
}

// parseScanFlags parses scan's flags and its one PATH (default ".").
func parseScanFlags(args []string) (scanFlags, string, error) {
	var fl scanFlags
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.StringVar(&fl.format, "format", "text", "")
	fs.StringVar(&fl.output, "o", "", "")
	fs.StringVar(&fl.config, "config", "", "")
	fs.BoolVar(&fl.noTreeConfig, "no-tree-config", false, "")
	fs.StringVar(&fl.baseline, "baseline", "", "")
	fs.StringVar(&fl.maxSize, "max-file-size", "", "")
	fs.StringVar(&fl.failOn, "fail-on", "", "")
	fs.StringVar(&fl.tests, "tests", "", "")
	fs.BoolVar(&fl.noRedact, "no-redact", false, "")
	fs.BoolVar(&fl.fix, "fix", false, "")
	fs.BoolVar(&fl.gitignore, "gitignore", true, "")
	fs.BoolVar(&fl.goAnalyzers, "go", true, "")
	fs.BoolVar(&fl.goDownload, "go-download", false, "")
	fs.DurationVar(&fl.goTimeout, "go-timeout", scan.DefaultGoTimeout, "")
	fs.DurationVar(&fl.timeout, "timeout", 0, "")
	fs.DurationVar(&fl.fileTimeout, "file-timeout", scan.DefaultFileTimeout, "")
	fs.BoolVar(&fl.history, "history", false, "")
	fs.StringVar(&fl.branch, "branch", "", "")
	fs.StringVar(&fl.rangeSpec, "range", "", "")
	fs.BoolVar(&fl.staged, "staged", false, "")
	fs.StringVar(&fl.sinceState, "since-state", "", "")
	fs.BoolVar(&fl.allowIncomplete, "allow-incomplete", false, "")
	fs.BoolVar(&fl.allowShallow, "allow-shallow", false, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return fl, "", err
	}
	if len(pos) > 1 {
		return fl, "", usageError{fmt.Sprintf("scan takes one PATH, got %d", len(pos))}
	}
	root := "."
	if len(pos) == 1 {
		root = pos[0]
	}
	return fl, root, nil
}

// scanPlan is everything a scan needs before it starts, all checked:
// a mistake in a flag, the configuration, the baseline or the state file
// is said before a long scan, not after.
type scanPlan struct {
	fl     scanFlags
	root   string
	tree   string // the scanned tree, for notes (see scannedTree)
	format report.Format
	set    *contentrules.Set
	eng    *detect.Engine
	src    scan.Source
	opts   scan.Options
	base   *report.Baseline
	// notes go into the report, in this order: the configuration's and
	// the state file's, then (in filter) the rule changes, the fail-on and
	// tests notes, the baseline's and the state's outcome.
	notes                 []string
	failOnNote, testsNote string
}

// planScan checks the flags, loads the configuration and builds the rules,
// the engine, the scan's source and options, the since-state and the
// baseline.
func planScan(fl scanFlags, root string) (*scanPlan, error) {
	format, err := report.ParseFormat(fl.format)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	if err := fl.check(root); err != nil {
		return nil, err
	}
	p := &scanPlan{fl: fl, root: root, format: format, tree: scannedTree(fl, root)}
	cfg, notes, err := loadConfig(fl, p.tree)
	if err != nil {
		return nil, err
	}
	p.notes = notes
	if p.set, err = rules.Build(cfg); err != nil {
		return nil, err
	}
	if p.fl.testsValue, p.testsNote, err = resolveTests(fl.tests, cfg); err != nil {
		return nil, err
	}
	if p.fl.failOnValue, p.failOnNote, err = resolveFailOn(fl.failOn, cfg); err != nil {
		return nil, err
	}
	if p.src, err = scanSource(fl, root); err != nil {
		return nil, err
	}
	p.eng = detect.New(p.set)
	if p.opts, err = scanOptions(fl, root, cfg, p.eng); err != nil {
		return nil, err
	}
	if fl.output != "" {
		// Say now, not after a long scan, that -o names a link or a FIFO.
		if _, err := safefile.CheckWriteTarget(fl.output); err != nil {
			return nil, err
		}
	}
	if fl.sinceState != "" {
		if err := p.loadSince(cfg); err != nil {
			return nil, err
		}
	}
	if fl.baseline != "" {
		if p.base, err = report.LoadBaseline(fl.baseline); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// scanSource is what the flags and PATH ask to scan.
func scanSource(fl scanFlags, root string) (scan.Source, error) {
	switch {
	case root == "-":
		return scan.Source{Kind: scan.Input, Path: "stdin"}, nil
	case fl.history:
		return scan.Source{Kind: scan.History, Path: root}, nil
	case fl.rangeSpec != "":
		base, head, ok := strings.Cut(fl.rangeSpec, "..")
		if !ok || base == "" || head == "" || strings.HasPrefix(head, ".") {
			return scan.Source{}, usageError{fmt.Sprintf("--range %q: want BASE..HEAD, e.g. origin/main..HEAD", fl.rangeSpec)}
		}
		return scan.Source{Kind: scan.Range, Path: root, Base: base, Head: head}, nil
	case fl.staged:
		return scan.Source{Kind: scan.Staged, Path: root}, nil
	}
	return scan.Source{Path: root}, nil
}

// scanOptions turns the flags and the configuration into scan.Options.
func scanOptions(fl scanFlags, root string, cfg *config.File, eng *detect.Engine) (scan.Options, error) {
	list, err := gitignore.FromConfig(cfg)
	if err != nil {
		return scan.Options{}, err
	}
	if fl.goTimeout <= 0 {
		return scan.Options{}, usageError{"--go-timeout: want a positive duration, e.g. 10m"}
	}
	if fl.fileTimeout <= 0 {
		return scan.Options{}, usageError{"--file-timeout: want a positive duration, e.g. 1m"}
	}
	if fl.timeout < 0 {
		return scan.Options{}, usageError{"--timeout: want a positive duration, e.g. 30m (0: no limit)"}
	}
	opts := scan.Options{
		Engine: eng, Gitignore: gitignore.Options{List: list}, NoGitignore: !fl.gitignore,
		FileTimeout: fl.fileTimeout, Branch: fl.branch, AllowShallow: fl.allowShallow,
	}
	// The Go analyzers read the work tree: in a scan of a directory, or
	// of a range, whose head is usually what is checked out.
	if fl.goAnalyzers && (fl.gitMode() == "" && root != "-" || fl.rangeSpec != "") {
		opts.Go, opts.GoDownload, opts.GoTimeout = true, fl.goDownload, fl.goTimeout
		// go vet runs this very binary as its -vettool (see vettool.go).
		if opts.VetTool, err = vetToolPath(); err != nil {
			return scan.Options{}, fmt.Errorf("find the tightlip binary for go vet: %w", err)
		}
	}
	if fl.staged {
		// The index being committed: git points hooks at a temporary one.
		opts.IndexFile = os.Getenv("GIT_INDEX_FILE")
	}
	if cfg != nil {
		if opts.MaxFileSize, err = cfg.MaxFileSize(); err != nil {
			return scan.Options{}, err
		}
	}
	if fl.maxSize != "" {
		if opts.MaxFileSize, err = config.ParseSize(fl.maxSize); err != nil {
			return scan.Options{}, usageError{"--max-file-size: " + err.Error()}
		}
	}
	return opts, nil
}

// loadSince reads --since-state's file and the digest of the rules it must
// have been made with.
func (p *scanPlan) loadSince(cfg *config.File) error {
	state, note, err := loadSinceState(p.fl.sinceState)
	if err != nil {
		return err
	}
	if note != "" {
		p.notes = append(p.notes, note)
	}
	digest, err := rulesDigest(p.fl, p.set, cfg, p.opts.MaxFileSize)
	if err != nil {
		return err
	}
	p.opts.Since, p.opts.SinceName, p.opts.RulesDigest, p.opts.Remember = state, p.fl.sinceState, digest, true
	return nil
}

// run runs the scan, under --timeout and interrupts, with progress on
// stderr, and gives its findings their fingerprints: the key is found
// beside the scan (finding the repository's root commit reads the
// first-parent history).
func (p *scanPlan) run(stdin io.Reader, stderr *redactingWriter) (*scan.Result, error) {
	ctx, stop := scanContext(p.fl.timeout)
	defer stop()
	if testHookScanStart != nil {
		testHookScanStart()
	}
	type keyResult struct {
		fp  finding.Fingerprinter
		err error
	}
	keyc := make(chan keyResult, 1)
	var keyPanic crash.Box
	go func() {
		var k keyResult
		defer func() { keyc <- k }()
		defer keyPanic.Catch()
		k.fp, k.err = fingerprinter(ctx, p.root, os.Getenv(fingerprintKeyEnv))
	}()
	opts := p.opts
	opts.Progress = new(scan.Progress)
	src := p.src
	if src.Kind == scan.Input {
		src.Input = stdin
	}
	stopProgress := showProgress(stderr.raw, opts.Progress)
	res, err := scan.Run(ctx, src, opts)
	stopProgress()
	if err != nil {
		return nil, err
	}
	key := <-keyc
	keyPanic.Rethrow()
	res.Fingerprint(key.fp)
	if key.err != nil {
		// The scan was stopped while the key was being found: the report
		// still comes out, incomplete, and says what the unknown key cost.
		problem := key.err.Error() + ": fingerprints are made with no key"
		if p.base != nil {
			problem += fmt.Sprintf(", and the baseline %s was not applied (its findings are reported again)", p.fl.baseline)
			p.base = nil
		}
		res.Summary.MarkIncomplete(problem)
	} else if err := p.base.CheckKey(key.fp); err != nil {
		return nil, err
	}
	return res, nil
}

// filter applies --tests and the baseline to the findings, and puts the
// notes into the report. What the configuration and the baseline changed
// is said in the report itself: both may come from the change under
// review.
func (p *scanPlan) filter(res *scan.Result) {
	notes := append(slices.Clip(p.notes), p.set.Changes...)
	if p.failOnNote != "" {
		notes = append(notes, p.failOnNote)
	}
	if p.testsNote != "" {
		notes = append(notes, p.testsNote)
	}
	applyTests(res, p.fl.testsValue)
	if p.base != nil {
		var dropped int
		res.Findings, dropped = p.base.Filter(res.Findings)
		if dropped > 0 {
			res.Summary.Suppressed["baseline "+p.fl.baseline] += dropped
		}
		notes = append(notes, baselineNote(p.fl.baseline, p.tree, dropped))
	}
	if p.fl.sinceState != "" {
		if res.State != nil {
			notes = append(notes, fmt.Sprintf("history state %s records this scan: the next --since-state run reads only newer commits", p.fl.sinceState))
		} else {
			why := "the scan is incomplete"
			if !res.Summary.Incomplete {
				why = "the history is truncated (shallow clone)"
			}
			notes = append(notes, fmt.Sprintf("history state %s not updated: %s, so the next run reads these commits again", p.fl.sinceState, why))
		}
	}
	res.Summary.Notes = append(res.Summary.Notes, notes...)
}

// emit writes the report, then the since-state, and says on stderr where
// the report went and what a machine-readable report would hide.
func (p *scanPlan) emit(res *scan.Result, stdout io.Writer, stderr io.Writer) error {
	fl := p.fl
	ropts := report.Options{NoRedact: fl.noRedact, Scrub: p.eng.Scrub, Catalogue: p.set.Catalogue, ToolVersion: version()}
	if err := writeReport(fl.output, stdout, p.format, res, ropts); err != nil {
		return err
	}
	// The state advances only once the report of what it covers is
	// written: a report lost must not leave commits marked as scanned.
	if fl.sinceState != "" && res.State != nil {
		if err := safefile.WriteFileAtomic(fl.sinceState, res.State.Marshal(), 0o644); err != nil {
			return fmt.Errorf("--since-state: %w", err)
		}
	}
	if fl.output != "" {
		fmt.Fprintf(stderr, "tightlip: %s in %s; report written to %s\n",
			plural(len(res.Findings), "finding"), plural(res.Summary.FilesScanned, "file"), textsafe.Escape(fl.output))
	}
	if p.format != report.Text || fl.output != "" {
		// The text report lists problems and notes itself; elsewhere they
		// must not hide in a JSON field nobody reads.
		if n := len(res.Summary.Problems); n > 0 {
			fmt.Fprintf(stderr, "tightlip: warning: %s; the report's summary names them\n", plural(n, "problem"))
		}
		for _, note := range res.Summary.Notes {
			fmt.Fprintf(stderr, "tightlip: note: %s\n", textsafe.Escape(note))
		}
	}
	return nil
}

// exitStatus is 1 for findings at or above --fail-on, 0 for none, and 2 for
// a scan that could not read everything it was asked to, findings or not
// (whatever --fail-on says): a gate must not pass a scan that did not look,
// and must not call it a mere finding either. --allow-incomplete accepts a
// partial scan knowingly.
func exitStatus(fl scanFlags, res *scan.Result, stderr io.Writer) int {
	if res.Summary.Incomplete {
		if !fl.allowIncomplete {
			fmt.Fprintf(stderr, "tightlip: the scan is incomplete: %s could not be read (the summary names it); no findings there does not mean no secrets; --allow-incomplete accepts a partial scan\n",
				plural(len(res.Summary.Problems), "problem"))
			return exitError
		}
		fmt.Fprintln(stderr, "tightlip: the scan is incomplete (accepted by --allow-incomplete): the summary names what could not be read")
	}
	if failing(res.Findings, fl.failOnValue) > 0 {
		return exitFindings
	}
	if n := len(res.Findings); n > 0 {
		fmt.Fprintf(stderr, "tightlip: %s reported, none at or above the fail-on level %s: exit status 0\n", plural(n, "finding"), fl.failOnValue)
	}
	return exitClean
}

// vetToolPath returns the binary go vet runs as its -vettool: this one.
// The tests of a tightlip process point most scans at one built vet tool
// instead, whose go vet cache outlives a change to the tests (see
// internal/testbin).
var vetToolPath = os.Executable

// testHookScanStart, set by the tests of a tightlip process, runs once
// interrupts are caught: a test sends one only then.
var testHookScanStart func()

// scanContext returns the context of a scan: it ends, with the cause
// scan.ErrInterrupted, at the first SIGINT or SIGTERM, and with
// scan.ErrTimeLimit after timeout (when not 0). A scan whose context
// ends stops promptly and reports what it found, incomplete. A second
// interrupt is not caught: it ends the process.
func scanContext(timeout time.Duration) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			signal.Stop(sigs)
			cancel(scan.ErrInterrupted)
		case <-done:
		}
	}()
	stopTimer := func() {}
	if timeout > 0 {
		var cancelT context.CancelFunc
		ctx, cancelT = context.WithTimeoutCause(ctx, timeout, scan.ErrTimeLimit)
		stopTimer = cancelT
	}
	return ctx, func() {
		stopTimer()
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// writeReport writes the report to stdout, or to the file output. The file
// is replaced whole, never written through a symbolic link (the scanned
// tree may have planted one where the report goes, aimed at ~/.bashrc)
// and never left half written.
func writeReport(output string, stdout io.Writer, format report.Format, res *scan.Result, opts report.Options) error {
	if output == "" {
		return report.Write(stdout, format, res.Findings, res.Summary, opts)
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, format, res.Findings, res.Summary, opts); err != nil {
		return fmt.Errorf("write report %s: %w", output, err)
	}
	if err := safefile.WriteFileAtomic(output, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// applyFixes applies the findings' fixes under root (the gitignore
// appends, then the https:// rewrites of Go URL literals), says on stderr
// what it changed, and drops the findings it fixed from the report, as
// linters' --fix modes do: what is left is what still needs a person.
// File names and lines are printed escaped: both come from the tree.
func applyFixes(root string, res *scan.Result, stderr io.Writer) error {
	applied, err := gitignore.Apply(root, res.Findings)
	fixed := map[string]bool{}
	for _, a := range applied {
		verb := "appended to"
		if a.Created {
			verb = "created"
		}
		fmt.Fprintf(stderr, "tightlip: --fix %s %s:\n", verb, textsafe.Escape(a.File))
		for _, l := range a.Lines {
			fmt.Fprintf(stderr, "  %s\n", textsafe.Escape(l))
		}
		for _, id := range a.Identities {
			fixed[id] = true
		}
	}
	rewritten, litErr := literalfix.Apply(root, res.Findings)
	for _, a := range rewritten {
		fmt.Fprintf(stderr, "tightlip: --fix rewrote %s:\n", textsafe.Escape(a.File))
		for _, c := range a.Changes {
			fmt.Fprintf(stderr, "  line %d: %s → %s\n", c.Line, textsafe.Escape(c.Old), textsafe.Escape(c.Text))
		}
		for _, id := range a.Identities {
			fixed[id] = id != ""
		}
	}
	err = errors.Join(err, litErr)
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if fixed[f.Identity] {
			res.Summary.Suppressed[suppressedFixed]++
			continue
		}
		kept = append(kept, f)
	}
	res.Findings = slices.Clip(kept)
	return err
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
