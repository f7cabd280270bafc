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

	reused := reusedFindings(t, scanJSON(t, 1, dir, "--tests", "skip"), shared)
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

// A pull request that copies a key from production into staging: --range
// reports the copy it added as reused, naming the production copy of the
// head commit (JSON related), never printing the key. When the same pull
// request moves the key instead (production's copy removed), the head
// tree has one copy and nothing is reused; the key itself is still found.
func TestSecretReusedInRange(t *testing.T) {
	// Fake tokens built for the test (TLFAKE); they grant nothing.
	shared, own := gittest.FakeToken("reuse-cli-range-shared"), gittest.FakeToken("reuse-cli-range-own")
	for _, moved := range []bool{false, true} {
		r := gittest.New(t)
		base := r.Commit("base", map[string]string{
			"deploy/production/app.env": "# production\nGITHUB_TOKEN=" + shared + "\n",
			"README":                    "hello\n",
		})
		change := map[string]string{
			"deploy/staging/app.env": "# staging\n\nGITHUB_TOKEN=" + shared + "\nOTHER_TOKEN=" + own + "\n",
		}
		if moved {
			change["deploy/production/app.env"] = ""
		}
		head := r.Commit("staging config", change)

		rep := scanJSON(t, exitFindings, "--range", base+".."+head, r.Dir)
		reused := reusedFindings(t, rep, shared)
		if got := ruleIDs(rep.Findings); len(got) != map[bool]int{false: 3, true: 2}[moved] {
			t.Errorf("moved %v: findings %v", moved, got)
		}
		if moved {
			if len(reused) != 0 {
				t.Errorf("key moved: secret-reused %+v, want none", reused)
			}
			continue
		}
		if len(reused) != 1 {
			t.Fatalf("secret-reused findings %+v, want one in deploy/staging/app.env", reused)
		}
		f := reused[0]
		if f.File != "deploy/staging/app.env" || f.Line != 3 || f.Severity != "warning" ||
			len(f.Related) != 1 || f.Related[0].File != "deploy/production/app.env" || f.Related[0].Line != 2 ||
			!strings.Contains(f.Message, "deploy/production/app.env:2") {
			t.Errorf("secret-reused %+v, want deploy/staging/app.env:3 naming deploy/production/app.env:2", f)
		}
		// The text report says it too, redacted.
		res := tightlip(t, "", "scan", "--range", base+".."+head, r.Dir)
		res.wantCode(t, exitFindings)
		if !strings.Contains(res.stdout, "secret-reused") || strings.Contains(res.stdout, shared) {
			t.Errorf("text report: secret-reused missing or key printed:\n%s", res.stdout)
		}
	}
}

// reusedFindings returns a report's secret-reused findings, failing the
// test where any finding prints the shared key.
func reusedFindings(t *testing.T, rep jsonReport, shared string) []jsonFinding {
	t.Helper()
	var reused []jsonFinding
	for _, f := range rep.Findings {
		if f.RuleID == "secret-reused" {
			reused = append(reused, f)
		}
		if strings.Contains(f.Message, shared) || strings.Contains(f.Secret, shared) {
			t.Errorf("%s %s: the key is printed", f.File, f.RuleID)
		}
	}
	return reused
}
