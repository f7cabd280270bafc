package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/rule"
)

// relatedFindings are the two copies of one key that secret-reused
// reports, each pointing at the other (the secret is this package's fake).
func relatedFindings() []finding.Finding {
	key := fakeSecret("shared")
	at := func(file string, line int, other string, otherLine int) finding.Finding {
		return finding.Finding{
			RuleID: "secret-reused", Category: rule.HardcodedSecret, Severity: rule.Warning,
			Message: "The same secret is also in " + other, File: file,
			Line: line, Column: 12, EndLine: line, EndColumn: 12 + len(key), Secret: key,
			Fingerprint: finding.IdentityOf("secret-reused", file, key, 0),
			Related:     []finding.Location{{File: other, Line: otherLine, Column: 12}},
		}
	}
	return []finding.Finding{
		at("deploy/production/app.env", 4, "deploy/staging/app.env", 2),
		at("deploy/staging/app.env", 2, "deploy/production/app.env", 4),
	}
}

// A finding's related places are JSON's related and SARIF's
// relatedLocations (ids from 1, paths relative to the source root); other
// findings have neither.
func TestRelatedLocations(t *testing.T) {
	opts := testOptions(t)
	fs := append(relatedFindings(), testFindings()[0])
	var js struct {
		Findings []struct {
			File    string `json:"file"`
			Related []struct {
				File   string `json:"file"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"related"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(render(t, report.JSON, fs, testSummary(), opts), &js); err != nil {
		t.Fatal(err)
	}
	// Reports order findings by file: app/main.go, then production, then
	// staging.
	if got := js.Findings[1].Related; js.Findings[1].File != "deploy/production/app.env" || len(got) != 1 ||
		got[0].File != "deploy/staging/app.env" || got[0].Line != 2 || got[0].Column != 12 {
		t.Errorf("%s: JSON related = %+v, want deploy/staging/app.env:2:12", js.Findings[1].File, got)
	}
	if js.Findings[0].File != "app/main.go" || len(js.Findings[0].Related) != 0 {
		t.Errorf("%s: JSON related = %+v, want none", js.Findings[0].File, js.Findings[0].Related)
	}

	out := string(render(t, report.SARIF, fs, testSummary(), opts))
	var log struct {
		Runs []struct {
			Results []struct {
				Related []struct {
					ID       int `json:"id"`
					Physical struct {
						Artifact struct {
							URI  string `json:"uri"`
							Base string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"relatedLocations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	rs := log.Runs[0].Results
	if r := rs[1].Related; len(r) != 1 || r[0].ID != 1 || r[0].Physical.Artifact.URI != "deploy/staging/app.env" || r[0].Physical.Artifact.Base == "" || r[0].Physical.Region.StartLine != 2 {
		t.Errorf("SARIF relatedLocations = %+v, want id 1 at deploy/staging/app.env:2 under the source root", r)
	}
	if len(rs[0].Related) != 0 {
		t.Errorf("a finding without related places has relatedLocations %+v", rs[0].Related)
	}
	if strings.Contains(out, fakeSecret("shared")) {
		t.Error("the SARIF report prints the secret")
	}
}
