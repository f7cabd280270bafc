package report

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// jsonReport is the JSON output, and the shape LoadBaseline reads back.
// Field names are part of tightlip's contract (see docs/architecture.md): add fields,
// never rename them.
type jsonReport struct {
	Findings []jsonFinding `json:"findings"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonFinding struct {
	RuleID      string        `json:"rule_id"`
	Category    rule.Category `json:"category"`
	Severity    rule.Severity `json:"severity"`
	Message     string        `json:"message"`
	File        string        `json:"file"`
	Line        int           `json:"line"`
	Column      int           `json:"column"`
	EndLine     int           `json:"end_line"`
	EndColumn   int           `json:"end_column"`
	Secret      string        `json:"secret"`
	Fingerprint string        `json:"fingerprint"`
	// Entries lists what a finding standing for several things names one
	// by one (the entries a .gitignore lacks); Also the other rules that
	// matched the same secret at the same place.
	Entries []string `json:"entries,omitempty"`
	Also    []string `json:"also,omitempty"`
	// Related are the other places a finding points at: for
	// secret-reused, the other files holding the same secret.
	Related []jsonLocation `json:"related,omitempty"`
	// Context is "test" for a finding in test code or a fixture,
	// "example" for one in an example or sample, "third-party" for one in
	// vendored code or a committed module cache.
	Context string `json:"context,omitempty"`

	// Git provenance, only for findings from history.
	Commit  string `json:"commit,omitempty"`
	Author  string `json:"author,omitempty"`
	Email   string `json:"email,omitempty"`
	Date    string `json:"date,omitempty"`
	Subject string `json:"subject,omitempty"`
}

type jsonSummary struct {
	Root         string `json:"root"`
	FilesScanned int    `json:"files_scanned"`
	BytesScanned int64  `json:"bytes_scanned"`
	// Maps and lists are never null, so that scripts can index them
	// without a check.
	Skipped            map[string]int `json:"skipped"`
	Problems           []string       `json:"problems"`
	Suppressed         map[string]int `json:"suppressed"`
	FindingsByCategory map[string]int `json:"findings_by_category"`
	DurationMS         int64          `json:"duration_ms"`
	// SecretsRedacted says whether the secret fields are shortened, so a
	// consumer need not guess from the "…".
	SecretsRedacted bool `json:"secrets_redacted"`
	// Commits walked, for git sources only.
	Commits int `json:"commits,omitempty"`
	// Notes qualify the result (a truncated history …); Incomplete says
	// content could not be read, so findings may be missing.
	Notes      []string `json:"notes"`
	Incomplete bool     `json:"incomplete"`
	// FingerprintKey says where the key of the fingerprints came from
	// ("env", "repository", "none") and FingerprintKeyID names the key
	// without revealing it: LoadBaseline refuses a baseline made with
	// another key.
	FingerprintKey   finding.KeySource `json:"fingerprint_key"`
	FingerprintKeyID string            `json:"fingerprint_key_id"`
}

func writeJSON(w *bytes.Buffer, fs []finding.Finding, sum finding.Summary, redacted bool) error {
	out := jsonReport{
		Findings: make([]jsonFinding, 0, len(fs)),
		Summary: jsonSummary{
			Root:               sum.Root,
			FilesScanned:       sum.FilesScanned,
			BytesScanned:       sum.BytesScanned,
			Skipped:            nonNilMap(sum.Skipped),
			Problems:           nonNilSlice(sum.Problems),
			Suppressed:         nonNilMap(sum.Suppressed),
			FindingsByCategory: map[string]int{},
			DurationMS:         sum.Duration.Milliseconds(),
			SecretsRedacted:    redacted,
			Commits:            sum.Commits,
			Notes:              nonNilSlice(sum.Notes),
			Incomplete:         sum.Incomplete,
			FingerprintKey:     sum.FingerprintKey,
			FingerprintKeyID:   sum.FingerprintKeyID,
		},
	}
	for _, c := range categoryCounts(fs) {
		out.Summary.FindingsByCategory[c.label] = c.n
	}
	for _, f := range fs {
		jf := jsonFinding{
			RuleID: f.RuleID, Category: f.Category, Severity: f.Severity, Message: f.Message,
			File: f.File, Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
			Secret: f.Secret, Fingerprint: f.Fingerprint, Entries: f.Entries, Also: f.Also, Context: f.Context,
			Commit: f.Commit, Author: f.Author, Email: f.Email, Subject: f.Subject,
		}
		for _, l := range f.Related {
			jf.Related = append(jf.Related, jsonLocation{File: l.File, Line: l.Line, Column: l.Column})
		}
		if !f.Date.IsZero() {
			jf.Date = f.Date.Format(time.RFC3339)
		}
		out.Findings = append(out.Findings, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote code ("a < b", "&key="); keep them readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// jsonLocation is a place a finding points at.
type jsonLocation struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func nonNilMap(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
