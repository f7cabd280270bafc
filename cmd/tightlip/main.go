// Command tightlip finds API keys where they must never be: hard-coded in
// code and config, sent over plain HTTP, written to logs, errors and URLs,
// and missing from .gitignore. See README.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rs/zerolog"
	"github.com/zricethezav/gitleaks/v8/logging"

	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/textsafe"
)

// Exit statuses, as documented in the README.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

func main() {
	// gitleaks logs through a process-wide zerolog logger whose debug lines can
	// carry matched text; nothing of it may reach our output.
	logging.Logger = zerolog.Nop()
	if isVetInvocation(os.Args[1:]) {
		runVetTool()
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status. Every
// message it writes to stderr has its secrets redacted (see
// redactingWriter), and a panic is a short, redacted bug report with exit
// status 2, not a goroutine dump.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (status int) {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	errw := newRedactingWriter(stderr)
	defer recoverPanic(errw, &status)
	var err error
	status = exitClean
	switch args[0] {
	case "scan":
		status, err = runScan(args[1:], stdin, stdout, errw)
	case "rules":
		err = runRules(args[1:], stdout)
	case "action":
		status, err = runAction(args[1:], stdout, errw)
	case "hook":
		status, err = runHook(args[1:], stdin, stdout, errw)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "tightlip", readBuild())
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if errors.Is(err, errHelp) {
		fmt.Fprint(stdout, usage)
		return exitClean
	}
	if err != nil {
		printError(errw, err)
		if errors.As(err, new(usageError)) {
			fmt.Fprint(stderr, "Run 'tightlip help' for usage.\n")
		}
		return exitError
	}
	return status
}

// printError writes err on stderr, one "tightlip: " line for each error
// that errors.Join put together, each escaped: messages carry file names
// from the scanned tree, which must not start a line of their own (a CI
// workflow command) nor hide or reorder text with bidi controls.
func printError(stderr io.Writer, err error) {
	for _, e := range splitJoined(err) {
		fmt.Fprintf(stderr, "tightlip: %s\n", textsafe.Escape(e.Error()))
	}
}

// splitJoined returns the errors that errors.Join combined into err, at
// any depth, or err alone. A join's message is its errors' messages one per
// line; an error that wraps several in another form, such as fmt.Errorf
// with two %w, stays whole.
func splitJoined(err error) []error {
	// Only err itself: a join wrapped in context is printed whole.
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	errs := j.Unwrap()
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	if strings.Join(msgs, "\n") != err.Error() {
		return []error{err}
	}
	var out []error
	for _, e := range errs {
		out = append(out, splitJoined(e)...)
	}
	return out
}

// recoverPanic, deferred, turns a panic of the goroutine that runs the
// command into a redacted bug report and exit status 2.
func recoverPanic(stderr io.Writer, status *int) {
	if v := recover(); v != nil {
		*status = reportPanic(stderr, v)
	}
}

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

var usage = strings.Replace(usageText, "--format text|json|sarif|github   ", formatFlag(), 1)

// formatFlag is the --format line's flag column, from report.Formats: a
// new output format shows in the help without an edit here.
func formatFlag() string {
	names := make([]string, len(report.Formats))
	for i, f := range report.Formats {
		names[i] = string(f)
	}
	return fmt.Sprintf("%-34s", "--format "+strings.Join(names, "|"))
}

const usageText = `tightlip keeps API keys out of code, config, logs, URLs and git.

Usage:
  tightlip scan [flags] [PATH]   scan a directory or file (default .); PATH "-" reads standard input
  tightlip scan --history [--branch REF] [PATH]
                                 every commit reachable from any ref (or from REF)
  tightlip scan --range BASE..HEAD [PATH]
                                 only what the commits in BASE..HEAD added (pull requests)
  tightlip scan --staged [PATH]  only what the next commit would add (pre-commit)
  tightlip rules [--format text|json]
                                 list the rule catalogue
  tightlip hook install [--force] | uninstall
                                 write (remove) the git pre-commit hook: scan --staged on every commit
  tightlip version
  tightlip action                what the GitHub Action (action.yml) runs: reads the workflow
                                 event and the INPUT_* variables, fetches, scans, annotates

Scan flags:
  --format text|json|sarif|github   output format (default text)
  -o FILE                           write the report to FILE instead of standard output
                                    (replaced whole; a symbolic link or special file there is refused)
  --config FILE                     configuration (default: PATH/.tightlip.toml when present)
  --no-tree-config                  never read .tightlip.toml from the scanned tree: only --config,
                                    else the built-in rules (for pull requests, which can edit it)
  --baseline FILE                   a previous JSON report: its findings are not reported again
  --no-redact                       print secrets in full (they are redacted by default)
  --max-file-size SIZE              skip larger files, e.g. 5MiB (default 10MiB)
  --fail-on error|warning|note|never
                                    exit 1 only for findings of this severity or above (default
                                    warning, or [scan] failOn); all findings are still reported
  --tests note|report|skip          findings in test code, fixtures, examples and third-party
                                    code (testdata/, *_test.go, fixtures/, test/, examples/,
                                    *.example.yml, vendor/, node_modules/ …):
                                    severity note (default, or [scan] tests), their rule's
                                    severity, or dropped and counted
  --fix                             append the missing credential-file entries to .gitignore, and
                                    rewrite Go's plain-HTTP URL literals to https:// (never through
                                    a symbolic link, never outside PATH)
  --gitignore=false                 skip the gitignore rules (for a tree that is not a project)
  --go=false                        skip the Go analyzers (run by default on Go modules under PATH)
  --go-download                     let go vet download the modules go.mod requires (offline by default:
                                    packages needing a module not in the module cache are not analysed)
  --go-timeout DURATION             time limit of the Go analyzers, all modules together (default 10m)
  --timeout DURATION                time limit of the whole scan (default none): when it is reached, the
                                    report of what was found is written, incomplete (exit 2)
  --file-timeout DURATION           time limit of the rules on one file or blob (default 1m); a file over
                                    it is named in the report, which is incomplete
  --allow-shallow                   accept a --history truncated by a shallow clone (a note, not exit 2)
  --since-state FILE                with --history: read only commits newer than the ones FILE records,
                                    and record this scan's in it when it is complete (incremental
                                    nightly scans; other rules or settings scan everything again)
  --allow-incomplete                exit by the findings alone when some content could not be read
                                    (by default such a scan exits 2: it did not look everywhere)

Environment:
  TIGHTLIP_FINGERPRINT_KEY          key of the fingerprints in reports and baselines (a CI
                                    secret); without it, one derived from the repository
  GIT_INDEX_FILE                    the index --staged reads (git sets it for the hooks of
                                    git commit -a and git commit PATH); else the repository's

Exit status: 0 nothing found (or nothing at or above --fail-on), 1 findings,
2 usage or runtime error, or a scan that could not read everything it was
asked to (see --allow-incomplete), whatever --fail-on says.
An interrupt (SIGINT, SIGTERM) stops the scan as --timeout does: the report
of what was found is written, incomplete, exit 2; a second one ends it at once.
`
