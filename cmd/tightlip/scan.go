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

func runScan(args []string, stdin io.Reader, stdout io.Writer, stderr *redactingWriter) (int, error) {
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
		return exitError, err
	}
	stderr.noRedact = fl.noRedact
	if len(pos) > 1 {
		return exitError, usageError{fmt.Sprintf("scan takes one PATH, got %d", len(pos))}
	}
	root := "."
	if len(pos) == 1 {
		root = pos[0]
	}
	format, err := report.ParseFormat(fl.format)
	if err != nil {
		return exitError, usageError{err.Error()}
	}
	if err := fl.check(root); err != nil {
		return exitError, err
	}

	tree := scannedTree(fl, root)
	cfg, notes, err := loadConfig(fl, tree)
	if err != nil {
		return exitError, err
	}
	set, err := rules.Build(cfg)
	if err != nil {
		return exitError, err
	}
	testsNote := ""
	if fl.testsValue, testsNote, err = resolveTests(fl.tests, cfg); err != nil {
		return exitError, err
	}
	failOnNote := ""
	if fl.failOnValue, failOnNote, err = resolveFailOn(fl.failOn, cfg); err != nil {
		return exitError, err
	}
	list, err := gitignore.FromConfig(cfg)
	if err != nil {
		return exitError, err
	}
	if fl.goTimeout <= 0 {
		return exitError, usageError{"--go-timeout: want a positive duration, e.g. 10m"}
	}
	if fl.fileTimeout <= 0 {
		return exitError, usageError{"--file-timeout: want a positive duration, e.g. 1m"}
	}
	if fl.timeout < 0 {
		return exitError, usageError{"--timeout: want a positive duration, e.g. 30m (0: no limit)"}
	}
	eng := detect.New(set)
	stderr.scrub = eng.Scrub
	opts := scan.Options{
		Engine: eng, Gitignore: gitignore.Options{List: list}, NoGitignore: !fl.gitignore,
		Go: fl.goAnalyzers, GoDownload: fl.goDownload, GoTimeout: fl.goTimeout,
		FileTimeout: fl.fileTimeout,
	}
	if fl.goAnalyzers {
		// go vet runs this very binary as its -vettool (see vettool.go).
		if opts.VetTool, err = os.Executable(); err != nil {
			return exitError, fmt.Errorf("find the tightlip binary for go vet: %w", err)
		}
	}
	if cfg != nil {
		if opts.MaxFileSize, err = cfg.MaxFileSize(); err != nil {
			return exitError, err
		}
	}
	if fl.maxSize != "" {
		if opts.MaxFileSize, err = config.ParseSize(fl.maxSize); err != nil {
			return exitError, usageError{"--max-file-size: " + err.Error()}
		}
	}
	if fl.output != "" {
		// Say now, not after a long scan, that -o names a link or a FIFO.
		if _, err := safefile.CheckWriteTarget(fl.output); err != nil {
			return exitError, err
		}
	}
	var since sinceState
	if fl.sinceState != "" {
		since.path = fl.sinceState
		var note string
		if since.state, note, err = loadSinceState(fl.sinceState); err != nil {
			return exitError, err
		}
		if note != "" {
			notes = append(notes, note)
		}
		if since.digest, err = rulesDigest(fl, set, cfg, opts.MaxFileSize); err != nil {
			return exitError, err
		}
	}
	var base *report.Baseline
	if fl.baseline != "" {
		if base, err = report.LoadBaseline(fl.baseline); err != nil {
			return exitError, err
		}
	}

	ctx, stop := scanContext(fl.timeout)
	defer stop()
	if testHookScanStart != nil {
		testHookScanStart()
	}
	// Finding the repository's root commit reads the first-parent history:
	// it runs beside the scan.
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
		k.fp, k.err = fingerprinter(ctx, root, os.Getenv(fingerprintKeyEnv))
	}()
	opts.Progress = new(scan.Progress)
	stopProgress := showProgress(stderr.raw, opts.Progress)
	res, err := runSource(ctx, fl, root, opts, since, stdin)
	stopProgress()
	if err != nil {
		return exitError, err
	}
	key := <-keyc
	keyPanic.Rethrow()
	res.Fingerprint(key.fp)
	if key.err != nil {
		// The scan was stopped while the key was being found: the report
		// still comes out, incomplete, and says what the unknown key cost.
		problem := key.err.Error() + ": fingerprints are made with no key"
		if base != nil {
			problem += fmt.Sprintf(", and the baseline %s was not applied (its findings are reported again)", fl.baseline)
			base = nil
		}
		res.Summary.MarkIncomplete(problem)
	} else if err := base.CheckKey(key.fp); err != nil {
		return exitError, err
	}
	// From here on, messages may quote what the scan found.
	stderr.scrub = report.Scrubber(res.Findings, eng.Scrub)
	// What the configuration and the baseline changed is said in the
	// report itself: both may come from the change under review.
	notes = append(notes, set.Changes...)
	if failOnNote != "" {
		notes = append(notes, failOnNote)
	}
	if testsNote != "" {
		notes = append(notes, testsNote)
	}
	applyTests(res, fl.testsValue)
	if base != nil {
		var dropped int
		res.Findings, dropped = base.Filter(res.Findings)
		if dropped > 0 {
			res.Summary.Suppressed["baseline "+fl.baseline] += dropped
		}
		notes = append(notes, baselineNote(fl.baseline, tree, dropped))
	}
	if fl.sinceState != "" {
		if res.State != nil {
			notes = append(notes, fmt.Sprintf("history state %s records this scan: the next --since-state run reads only newer commits", fl.sinceState))
		} else {
			why := "the scan is incomplete"
			if !res.Summary.Incomplete {
				why = "the history is truncated (shallow clone)"
			}
			notes = append(notes, fmt.Sprintf("history state %s not updated: %s, so the next run reads these commits again", fl.sinceState, why))
		}
	}
	res.Summary.Notes = append(res.Summary.Notes, notes...)
	// A fix refused (a linked .gitignore, say) still leaves a report of
	// what the scan found, the unfixed findings included; the run then
	// ends with the error.
	var fixErr error
	if fl.fix {
		fixErr = applyFixes(root, res, stderr)
	}

	ropts := report.Options{NoRedact: fl.noRedact, Scrub: eng.Scrub, Catalogue: set.Catalogue, ToolVersion: version()}
	if err := writeReport(fl.output, stdout, format, res, ropts); err != nil {
		return exitError, err
	}
	// The state advances only once the report of what it covers is
	// written: a report lost must not leave commits marked as scanned.
	if fl.sinceState != "" && res.State != nil {
		if err := safefile.WriteFileAtomic(fl.sinceState, res.State.Marshal(), 0o644); err != nil {
			return exitError, fmt.Errorf("--since-state: %w", err)
		}
	}
	if fl.output != "" {
		fmt.Fprintf(stderr, "tightlip: %s in %s; report written to %s\n",
			plural(len(res.Findings), "finding"), plural(res.Summary.FilesScanned, "file"), textsafe.Escape(fl.output))
	}
	if format != report.Text || fl.output != "" {
		// The text report lists problems and notes itself; elsewhere they
		// must not hide in a JSON field nobody reads.
		if n := len(res.Summary.Problems); n > 0 {
			fmt.Fprintf(stderr, "tightlip: warning: %s; the report's summary names them\n", plural(n, "problem"))
		}
		for _, note := range res.Summary.Notes {
			fmt.Fprintf(stderr, "tightlip: note: %s\n", textsafe.Escape(note))
		}
	}
	if fixErr != nil {
		return exitError, fixErr
	}
	return exitStatus(fl, res, stderr), nil
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

// runSource runs the scan the flags ask for.
func runSource(ctx context.Context, fl scanFlags, root string, opts scan.Options, since sinceState, stdin io.Reader) (*scan.Result, error) {
	hopts := scan.HistoryOptions{
		Engine: opts.Engine, Branch: fl.branch, MaxFileSize: opts.MaxFileSize, Workers: opts.Workers,
		Progress: opts.Progress, AllowShallow: fl.allowShallow, FileTimeout: opts.FileTimeout,
		Since: since.state, SinceName: since.path, RulesDigest: since.digest, Remember: since.path != "",
	}
	if !opts.NoGitignore {
		hopts.CredentialFiles = opts.Gitignore.List
		if hopts.CredentialFiles == nil {
			hopts.CredentialFiles = gitignore.Default()
		}
	}
	switch {
	case root == "-":
		return scan.Reader(ctx, stdin, "stdin", opts)
	case fl.history:
		return scan.History(ctx, root, hopts)
	case fl.rangeSpec != "":
		base, head, ok := strings.Cut(fl.rangeSpec, "..")
		if !ok || base == "" || head == "" || strings.HasPrefix(head, ".") {
			return nil, usageError{fmt.Sprintf("--range %q: want BASE..HEAD, e.g. origin/main..HEAD", fl.rangeSpec)}
		}
		// The Go analyzers run on the work tree, which must be at head:
		// only for a range, whose head is usually what is checked out.
		hopts.Go, hopts.VetTool, hopts.GoDownload, hopts.GoTimeout = opts.Go, opts.VetTool, opts.GoDownload, opts.GoTimeout
		return scan.Range(ctx, root, base, head, hopts)
	case fl.staged:
		// The index being committed: git points hooks at a temporary one.
		hopts.IndexFile = os.Getenv("GIT_INDEX_FILE")
		return scan.Staged(ctx, root, hopts)
	}
	return scan.Dir(ctx, root, opts)
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
