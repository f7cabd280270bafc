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

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
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
	// with finding.Redact, also where free text quotes it: a message, a
	// commit subject, author or email, a problem or note of the summary.
	NoRedact bool
	// Scrub, when set, redacts whatever secrets it finds in free text
	// (detect.Engine.Scrub): a problem quoting a compiler error may hold a
	// secret that no finding names. The findings' own secrets are redacted
	// in free text without it.
	Scrub func(string) string
	// Catalogue supplies rule metadata (titles, help, CWE) for SARIF and
	// GitHub annotations. It may be nil or lack a rule: the report then
	// falls back to what the finding itself says.
	Catalogue *rule.Catalogue
	// ToolVersion is tightlip's version, recorded in SARIF; a Go module
	// version such as "v1.2.3" is fine.
	ToolVersion string
}

// Write writes findings and sum to w in format f. The findings are sorted
// by file, line, column and rule; the caller's slice is left as it is.
// Nothing is written if the report cannot be built.
func Write(w io.Writer, f Format, findings []finding.Finding, sum finding.Summary, opts Options) error {
	fs, sum := prepare(findings, sum, opts)
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
// may show of the secret, and a copy of sum; in both, the free text no
// longer quotes a secret. Sources should never put a secret in a message,
// a problem or a note, but commit subjects and compiler errors are the
// scanned tree's words, and the report is the last place to catch one.
func prepare(fs []finding.Finding, sum finding.Summary, opts Options) ([]finding.Finding, finding.Summary) {
	out := slices.Clone(fs)
	if !opts.NoRedact {
		scrub := Scrubber(fs, opts.Scrub)
		for i := range out {
			f := &out[i]
			if f.Secret != "" {
				f.Secret = finding.Redact(f.Secret)
			}
			f.Message, f.Subject = scrub(f.Message), scrub(f.Subject)
			f.Author, f.Email = scrub(f.Author), scrub(f.Email)
		}
		sum.Root = scrub(sum.Root)
		sum.Problems = scrubAll(sum.Problems, scrub)
		sum.Notes = scrubAll(sum.Notes, scrub)
		if sum.VCS != nil {
			v := *sum.VCS
			v.Branch = scrub(v.Branch)
			sum.VCS = &v
		}
	}
	slices.SortStableFunc(out, compareFindings)
	return out, sum
}

// Scrubber returns a function that redacts free text: every secret of fs,
// then whatever extra (detect.Engine.Scrub, may be nil) finds. It remembers
// what it did, since the same subject or author comes back for every
// finding of a commit; so it is not safe for concurrent use.
func Scrubber(fs []finding.Finding, extra func(string) string) func(string) string {
	var secrets []string
	for _, f := range fs {
		if f.Secret != "" {
			secrets = append(secrets, f.Secret)
		}
	}
	done := map[string]string{}
	return func(s string) string {
		if s == "" {
			return s
		}
		if r, ok := done[s]; ok {
			return r
		}
		r := finding.RedactAll(s, secrets)
		if extra != nil {
			r = extra(r)
		}
		done[s] = r
		return r
	}
}

func scrubAll(ss []string, scrub func(string) string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = scrub(s)
	}
	return out
}

// compareFindings orders by place (finding.Compare), then by whatever else
// tells two findings apart, so that every report is byte-for-byte
// reproducible.
func compareFindings(a, b finding.Finding) int {
	return cmp.Or(
		finding.Compare(a, b),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndColumn, b.EndColumn),
		cmp.Compare(a.Commit, b.Commit),
		cmp.Compare(a.Fingerprint, b.Fingerprint),
	)
}

// details is the parenthesised tail that text, SARIF and GitHub messages
// share: the (already redacted) secret, the other rules that matched it,
// and where in history it came from.
func details(f finding.Finding) string {
	var parts []string
	// An insecure-transport match is a URL, not a secret: its message
	// names the host, and the rest (user information, a query) is not
	// shown even shortened.
	if f.Secret != "" && f.Category != rule.InsecureTransport {
		parts = append(parts, "secret: "+f.Secret)
	}
	if len(f.Also) > 0 {
		parts = append(parts, "also: "+strings.Join(f.Also, ", "))
	}
	switch f.Context {
	case finding.ContextTest:
		parts = append(parts, "in test code or a fixture")
	case finding.ContextExample:
		parts = append(parts, "in an example or sample")
	case finding.ContextThirdParty:
		parts = append(parts, "in third-party code")
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
func lookup(cat *rule.Catalogue, id string) (rule.Rule, bool) {
	if cat == nil {
		return rule.Rule{}, false
	}
	return cat.Lookup(id)
}

func shortCommit(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}
