package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"

	"github.com/tightlip/tightlip/config"
	"github.com/tightlip/tightlip/detect"
	"github.com/tightlip/tightlip/gitignore"
	"github.com/tightlip/tightlip/report"
	"github.com/tightlip/tightlip/rules"
	"github.com/tightlip/tightlip/scan"
)

type scanFlags struct {
	format, output, config, baseline, maxSize string
	noRedact, fix, gitignore, goAnalyzers     bool
}

// suppressedFixed is the summary key for findings that --fix resolved.
const suppressedFixed = "fixed by --fix"

func runScan(args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	var fl scanFlags
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	fs.StringVar(&fl.format, "format", "text", "")
	fs.StringVar(&fl.output, "o", "", "")
	fs.StringVar(&fl.config, "config", "", "")
	fs.StringVar(&fl.baseline, "baseline", "", "")
	fs.StringVar(&fl.maxSize, "max-file-size", "", "")
	fs.BoolVar(&fl.noRedact, "no-redact", false, "")
	fs.BoolVar(&fl.fix, "fix", false, "")
	fs.BoolVar(&fl.gitignore, "gitignore", true, "")
	fs.BoolVar(&fl.goAnalyzers, "go", true, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitError, err
	}
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
	if fl.fix && (root == "-" || !fl.gitignore) {
		return exitError, usageError{"--fix fixes .gitignore files: it needs a directory and the gitignore rules (not standard input or --gitignore=false)"}
	}

	cfg, err := loadConfig(fl.config, root)
	if err != nil {
		return exitError, err
	}
	set, err := rules.Build(cfg)
	if err != nil {
		return exitError, err
	}
	list, err := gitignore.FromConfig(cfg)
	if err != nil {
		return exitError, err
	}
	opts := scan.Options{Engine: detect.New(set), Gitignore: gitignore.Options{List: list}, NoGitignore: !fl.gitignore, Go: fl.goAnalyzers}
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
	var base *report.Baseline
	if fl.baseline != "" {
		if base, err = report.LoadBaseline(fl.baseline); err != nil {
			return exitError, err
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var res *scan.Result
	if root == "-" {
		res, err = scan.Reader(stdin, "stdin", opts)
	} else {
		res, err = scan.Dir(ctx, root, opts)
	}
	if err != nil {
		return exitError, err
	}
	if base != nil {
		var dropped int
		res.Findings, dropped = base.Filter(res.Findings)
		if dropped > 0 {
			res.Summary.Suppressed["baseline "+fl.baseline] += dropped
		}
	}
	if fl.fix {
		if err := applyFixes(root, res, stderr); err != nil {
			return exitError, err
		}
	}

	ropts := report.Options{NoRedact: fl.noRedact, Catalogue: set.Catalogue, ToolVersion: version()}
	if err := writeReport(fl.output, stdout, format, res, ropts); err != nil {
		return exitError, err
	}
	if fl.output != "" {
		fmt.Fprintf(stderr, "tightlip: %s in %s; report written to %s\n",
			plural(len(res.Findings), "finding"), plural(res.Summary.FilesScanned, "file"), fl.output)
	}
	if n := len(res.Summary.Problems); n > 0 && (format != report.Text || fl.output != "") {
		// The text report lists problems itself; elsewhere they must not
		// hide in a JSON field nobody reads.
		fmt.Fprintf(stderr, "tightlip: warning: %s could not be read; the report's summary names them\n", plural(n, "file"))
	}
	if len(res.Findings) > 0 {
		return exitFindings, nil
	}
	return exitClean, nil
}

// loadConfig reads --config, or .tightlip.toml at the scanned root when
// present. No configuration is not an error.
func loadConfig(explicit, root string) (*config.File, error) {
	if explicit != "" {
		return config.Load(explicit)
	}
	if root == "-" {
		return nil, nil
	}
	dir := root
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		dir = filepath.Dir(root)
	}
	path := filepath.Join(dir, config.DefaultName)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return config.Load(path)
}

func writeReport(output string, stdout io.Writer, format report.Format, res *scan.Result, opts report.Options) error {
	if output == "" {
		return report.Write(stdout, format, res.Findings, res.Summary, opts)
	}
	f, err := os.Create(output)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := report.Write(f, format, res.Findings, res.Summary, opts); err != nil {
		f.Close()
		return fmt.Errorf("write report %s: %w", output, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", output, err)
	}
	return nil
}

// applyFixes applies the findings' fixes under root, says on stderr what
// it added, and drops the findings it fixed from the report, as linters'
// --fix modes do: what is left is what still needs a person.
func applyFixes(root string, res *scan.Result, stderr io.Writer) error {
	applied, err := gitignore.Apply(root, res.Findings)
	fixed := map[string]bool{}
	for _, a := range applied {
		verb := "appended to"
		if a.Created {
			verb = "created"
		}
		fmt.Fprintf(stderr, "tightlip: --fix %s %s:\n", verb, a.File)
		for _, l := range a.Lines {
			fmt.Fprintf(stderr, "  %s\n", l)
		}
		for _, fp := range a.Fingerprints {
			fixed[fp] = true
		}
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if fixed[f.Fingerprint] {
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
