// Package report reads the JSON reports of the two scanners the benchmarks
// compare, gitleaks (--report-format json) and tightlip (--format json),
// into the findings they have in common.
package report

import (
	"encoding/json"
	"fmt"
	"os"
)

// Finding is one finding of either scanner.
type Finding struct {
	RuleID string `json:"rule_id"`
	// File is the path as the scanner reports it.
	File string `json:"file"`
	// Line is the 1-based line where the match starts.
	Line   int    `json:"line"`
	Secret string `json:"secret"`
	// Commit is empty in a scan of files.
	Commit string `json:"commit"`
}

// ReadGitleaks reads a gitleaks report.
func ReadGitleaks(path string) ([]Finding, error) {
	var raw []struct {
		RuleID, File, Secret, Commit string
		StartLine                    int
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	out := make([]Finding, 0, len(raw))
	for _, r := range raw {
		out = append(out, Finding{RuleID: r.RuleID, File: r.File, Line: r.StartLine, Secret: r.Secret, Commit: r.Commit})
	}
	return out, nil
}

// ReadTightlip reads a tightlip report.
func ReadTightlip(path string) ([]Finding, error) {
	var r struct {
		Findings []Finding `json:"findings"`
	}
	if err := readJSON(path, &r); err != nil {
		return nil, err
	}
	return r.Findings, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
