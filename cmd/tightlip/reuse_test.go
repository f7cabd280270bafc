package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// One key in the staging and the production configuration: each copy is
// reported as the hard-coded secret it is and as secret-reused, naming
// the other in the message, in JSON's related and in SARIF's
// relatedLocations, and never quoting the key. A second key used once is
// not reused; fixtures are left out.
func TestSecretReused(t *testing.T) {
	dir := t.TempDir()
	writeGitignore(t, dir)
	// Fake tokens built for the test (TLFAKE); they grant nothing.
	shared, own := gittest.FakeToken("reuse-cli-shared"), gittest.FakeToken("reuse-cli-own")
	writeFile(t, filepath.Join(dir, "deploy/staging/app.env"), "GITHUB_TOKEN="+shared+"\n")
	writeFile(t, filepath.Join(dir, "deploy/production/app.env"), "# production\nGITHUB_TOKEN="+shared+"\nOTHER_TOKEN="+own+"\n")
	writeFile(t, filepath.Join(dir, "testdata/app.env"), "GITHUB_TOKEN="+shared+"\n")

	rep := scanJSON(t, 1, dir, "--tests", "skip")
	var reused []jsonFinding
	for _, f := range rep.Findings {
		if f.RuleID == "secret-reused" {
			reused = append(reused, f)
		}
		if strings.Contains(f.Message, shared) || strings.Contains(f.Secret, shared) {
			t.Errorf("%s %s: the key is printed", f.File, f.RuleID)
		}
	}
	if len(reused) != 2 {
		t.Fatalf("secret-reused findings: %+v, want one in each deploy file", reused)
	}
	prod, staging := reused[0], reused[1]
	if prod.File != "deploy/production/app.env" || prod.Line != 2 || staging.File != "deploy/staging/app.env" || staging.Line != 1 {
		t.Errorf("reused at %s:%d and %s:%d, want production line 2 and staging line 1", prod.File, prod.Line, staging.File, staging.Line)
	}
	if len(staging.Related) != 1 || staging.Related[0].File != "deploy/production/app.env" || staging.Related[0].Line != 2 {
		t.Errorf("staging related = %+v, want production line 2", staging.Related)
	}
	if !strings.Contains(staging.Message, "deploy/production/app.env:2") || staging.Severity != "warning" || staging.Category != "hardcoded-secret" {
		t.Errorf("staging finding: %s %s %q", staging.Category, staging.Severity, staging.Message)
	}

	r := tightlip(t, "", "scan", "--format", "sarif", "--tests", "skip", dir)
	r.wantCode(t, 1)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID           string `json:"ruleId"`
				RelatedLocations []struct {
					ID               int `json:"id"`
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"relatedLocations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	var uris []string
	for _, res := range log.Runs[0].Results {
		if res.RuleID != "secret-reused" {
			if len(res.RelatedLocations) != 0 {
				t.Errorf("%s has related locations", res.RuleID)
			}
			continue
		}
		for _, l := range res.RelatedLocations {
			if l.ID < 1 {
				t.Errorf("related location id %d, want 1 or more", l.ID)
			}
			uris = append(uris, l.PhysicalLocation.ArtifactLocation.URI+":"+strconv.Itoa(l.PhysicalLocation.Region.StartLine))
		}
	}
	if got := strings.Join(uris, " "); got != "deploy/staging/app.env:1 deploy/production/app.env:2" {
		t.Errorf("SARIF related locations %q, want each copy pointing at the other", got)
	}
}
