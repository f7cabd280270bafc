package report_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/tightlip/tightlip/internal/report"
)

// TestJSONShape checks the fields docs/architecture.md promises, on decoded output
// rather than on bytes, so the test states the contract.
func TestJSONShape(t *testing.T) {
	out := render(t, report.JSON, testFindings(), testSummary(), testOptions(t))
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if keys := slices.Sorted(maps.Keys(doc)); !slices.Equal(keys, []string{"findings", "summary"}) {
		t.Errorf("top-level keys = %q, want findings and summary", keys)
	}
	var findings []map[string]any
	if err := json.Unmarshal(doc["findings"], &findings); err != nil {
		t.Fatal(err)
	}
	if len(findings) != len(testFindings()) {
		t.Fatalf("%d findings, want %d", len(findings), len(testFindings()))
	}
	required := []string{"rule_id", "category", "severity", "message", "file", "line", "column", "end_line", "end_column", "secret", "fingerprint"}
	git := []string{"commit", "author", "email", "date", "subject"}
	sawGit := false
	for _, f := range findings {
		for _, k := range required {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %v lacks %q", f["rule_id"], k)
			}
		}
		isGit := f["commit"] != nil
		for _, k := range git {
			if _, ok := f[k]; ok != isGit {
				t.Errorf("finding %v: git field %q present=%v, want %v", f["rule_id"], k, ok, isGit)
			}
		}
		if isGit {
			sawGit = true
			if f["date"] != "2024-03-01T09:30:00+02:00" {
				t.Errorf("date = %v, want RFC 3339 with the commit's offset", f["date"])
			}
		}
	}
	if !sawGit {
		t.Error("no git finding in the output")
	}

	var sum map[string]any
	if err := json.Unmarshal(doc["summary"], &sum); err != nil {
		t.Fatal(err)
	}
	byCat, _ := sum["findings_by_category"].(map[string]any)
	for _, c := range []string{"hardcoded-secret", "insecure-transport", "secret-exposure", "gitignore"} {
		if _, ok := byCat[c]; !ok {
			t.Errorf("findings_by_category lacks %q: %v", c, byCat)
		}
	}
	if sum["secrets_redacted"] != true {
		t.Errorf("secrets_redacted = %v, want true", sum["secrets_redacted"])
	}
}
