package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/rule"
	"github.com/tightlip/tightlip/internal/scan"
)

// defaultTests is --tests' default: findings in test code, fixtures,
// examples and third-party code are reported as notes, which --fail-on's default lets pass.
const defaultTests = "note"

// suppressedTests counts, in the summary, the findings --tests skip drops.
const suppressedTests = "test code, fixtures, examples and third-party code (tests = skip)"

// resolveTests is the --tests in force: the flag's, else the
// configuration's [scan] tests, else the default. A configuration that
// skips test findings is named in the notes: the change under review may
// have written it, and may have put a real key under testdata/.
func resolveTests(flagValue string, cfg *config.File) (value, note string, err error) {
	if flagValue != "" {
		v := strings.ToLower(strings.TrimSpace(flagValue))
		if !slices.Contains(config.TestsValues, v) {
			return "", "", usageError{fmt.Sprintf("--tests %q: want one of note, report, skip", flagValue)}
		}
		return v, "", nil
	}
	if cfg == nil || cfg.Scan.Tests == "" {
		return defaultTests, "", nil
	}
	if cfg.Scan.Tests == "skip" {
		note = fmt.Sprintf("%s sets tests = \"skip\": findings in test code, fixtures, examples and third-party code are not reported (the summary counts them); --tests overrides it", cfg.Name)
	}
	return cfg.Scan.Tests, note, nil
}

// applyTests marks each finding in test code, a fixture, an example or
// third-party code with its context (finding.ContextOf), then, as mode says, lowers it to
// a note ("note"), leaves its severity ("report") or drops it, counted
// ("skip"). gitignore-missing is about the project's .gitignore, not a
// test file.
func applyTests(res *scan.Result, mode string) {
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		ctx := finding.ContextOf(f.File)
		if f.RuleID == gitignore.RuleMissing || ctx == "" {
			kept = append(kept, f)
			continue
		}
		f.Context = ctx
		switch mode {
		case "skip":
			res.Summary.Suppressed[suppressedTests]++
			continue
		case "note":
			f.Severity = rule.Note
		}
		kept = append(kept, f)
	}
	res.Findings = kept
}
