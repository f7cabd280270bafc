// Package report turns a scan's findings and summary into tightlip's output
// formats: text for people, JSON for scripts and baselines, SARIF for code
// scanning, and GitHub workflow commands for pull-request annotations.
//
// Every format goes through Write, which sorts the findings and redacts their
// secrets once, before any format sees them, so that no format can print a
// secret in full by mistake.
package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/finding"
	"github.com/tightlip/tightlip/rules"
)

// Format names an output format, as given to --format.
type Format string

// The output formats.
const (
	Text   Format = "text"
	JSON   Format = "json"
	SARIF  Format = "sarif"
	GitHub Format = "github"
)

// Formats lists every format in the order the CLI documents them.
var Formats = []Format{Text, JSON, SARIF, GitHub}

// ParseFormat turns a --format value into a Format. Case and surrounding
// space are ignored; anything else is an error that lists the valid formats.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Formats, f) {
		return f, nil
	}
	return "", unknownFormat(s)
}

func unknownFormat(s string) error {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return fmt.Errorf("unknown format %q: want one of %s", s, strings.Join(names, ", "))
}

// Options tune a report.
type Options struct {
	// NoRedact prints secrets in full. Without it every secret is shortened
	// with finding.Redact, also where a message or commit subject quotes it.
	NoRedact bool
	// Catalogue supplies rule metadata (titles, help, CWE) for SARIF and
	// GitHub annotations. It may be nil or lack a rule: the report then
	// falls back to what the finding itself says.
	Catalogue *rules.Catalogue
	// ToolVersion is tightlip's version, recorded in SARIF; a Go module
	// version such as "v1.2.3" is fine.
	ToolVersion string
}

// Write writes findings and sum to w in format f. The findings are sorted
// by file, line, column and rule; the caller's slice is left as it is.
// Nothing is written if the report cannot be built.
func Write(w io.Writer, f Format, findings []finding.Finding, sum finding.Summary, opts Options) error {
	fs := prepare(findings, opts.NoRedact)
	// Build the whole report in memory first: a half-written JSON or SARIF
	// file is worse than none.
	var buf bytes.Buffer
	var err error
	switch f {
	case Text:
		writeText(&buf, fs, sum)
	case JSON:
		err = writeJSON(&buf, fs, sum, !opts.NoRedact)
	case SARIF:
		err = writeSARIF(&buf, fs, sum, opts)
	case GitHub:
		writeGitHub(&buf, fs, sum, opts.Catalogue)
	default:
		return unknownFormat(string(f))
	}
	if err != nil {
		return fmt.Errorf("build %s report: %w", f, err)
	}
	out := buf.Bytes()
	if f == JSON || f == SARIF {
		out = escapeHidden(out)
	}
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("write %s report: %w", f, err)
	}
	return nil
}

// prepare returns a sorted copy of fs in which Secret holds what a report
// may show of the secret, and the free-text fields no longer quote it.
// Sources should never put a secret in a message, but the report is the last
// place to catch one that does.
func prepare(fs []finding.Finding, noRedact bool) []finding.Finding {
	out := slices.Clone(fs)
	if !noRedact {
		for i := range out {
			s := out[i].Secret
			if s == "" {
				continue
			}
			shown := finding.Redact(s)
			out[i].Secret = shown
			out[i].Message = strings.ReplaceAll(out[i].Message, s, shown)
			out[i].Subject = strings.ReplaceAll(out[i].Subject, s, shown)
		}
	}
	slices.SortStableFunc(out, compareFindings)
	return out
}

// compareFindings orders by position, then by whatever else tells two
// findings apart, so that every report is byte-for-byte reproducible.
func compareFindings(a, b finding.Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndColumn, b.EndColumn),
		cmp.Compare(a.Commit, b.Commit),
		cmp.Compare(a.Fingerprint, b.Fingerprint),
	)
}

// details is the parenthesised tail that text, SARIF and GitHub messages
// share: the (already redacted) secret and where in history it came from.
func details(f finding.Finding) string {
	var parts []string
	if f.Secret != "" {
		parts = append(parts, "secret: "+f.Secret)
	}
	if f.Commit != "" {
		c := "commit " + shortCommit(f.Commit)
		if f.Author != "" {
			c += " by " + f.Author
		}
		if !f.Date.IsZero() {
			c += ", " + f.Date.Format("2006-01-02")
		}
		parts = append(parts, c)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// lookup is Catalogue.Lookup that tolerates a nil catalogue.
func lookup(cat *rules.Catalogue, id string) (rules.Rule, bool) {
	if cat == nil {
		return rules.Rule{}, false
	}
	return cat.Lookup(id)
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}
