package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// failOnNever is the --fail-on value no finding reaches.
const failOnNever = "never"

// defaultFailOn is --fail-on's default: warnings and errors fail a scan,
// notes are reported only.
const defaultFailOn = string(rule.Warning)

// resolveFailOn is the --fail-on in force: the flag's, else the
// configuration's [scan] failOn, else the default. The note names a
// configuration that raises it above the default: like a rule turned off,
// it lets findings through a CI gate, and the configuration may come with
// the change under review.
func resolveFailOn(flagValue string, cfg *config.File) (value, note string, err error) {
	if flagValue != "" {
		v := strings.ToLower(strings.TrimSpace(flagValue))
		if !slices.Contains(config.FailOnValues, v) {
			return "", "", usageError{fmt.Sprintf("--fail-on %q: want one of error, warning, note, never", flagValue)}
		}
		return v, "", nil
	}
	if cfg == nil || cfg.Scan.FailOn == "" {
		return defaultFailOn, "", nil
	}
	v := cfg.Scan.FailOn
	switch {
	case v == failOnNever:
		note = fmt.Sprintf("%s sets failOn = %q (default %q): findings are reported but none fails the scan; --fail-on overrides it",
			cfg.Name, v, defaultFailOn)
	case !rule.Severity(defaultFailOn).AtLeast(rule.Severity(v)):
		note = fmt.Sprintf("%s raises failOn to %q (default %q): findings below %s are reported but do not fail the scan; --fail-on overrides it",
			cfg.Name, v, defaultFailOn, v)
	}
	return v, note, nil
}

// failing counts the findings at or above failOn.
func failing(fs []finding.Finding, failOn string) int {
	if failOn == failOnNever {
		return 0
	}
	n := 0
	for _, f := range fs {
		if f.Severity.AtLeast(rule.Severity(failOn)) {
			n++
		}
	}
	return n
}
