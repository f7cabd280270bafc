package report_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
)

// sarifLog is the part of SARIF that GitHub code scanning reads.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text, Markdown string }
					DefaultConfig    struct{ Level string } `json:"defaultConfiguration"`
					Properties       map[string]any
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct{ Text string }
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          map[string]any    `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFForCodeScanning(t *testing.T) {
	out := render(t, report.SARIF, testFindings(), testSummary(), testOptions(t))
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q with %d runs, want 2.1.0 with one", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "tightlip" || d.Version != "1.2.3-test" || d.InformationURI != "https://github.com/tightlip/tightlip" {
		t.Errorf("driver = %q %q %q", d.Name, d.Version, d.InformationURI)
	}

	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
		if r.Name == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" || r.DefaultConfig.Level == "" {
			t.Errorf("rule %s lacks a text: %+v", r.ID, r)
		}
		if r.Properties["security-severity"] == nil || r.Properties["precision"] == nil {
			t.Errorf("rule %s lacks security-severity or precision: %v", r.ID, r.Properties)
		}
		tags, _ := r.Properties["tags"].([]any)
		if !slices.Contains(tags, any("security")) {
			t.Errorf("rule %s tags %v lack security", r.ID, tags)
		}
	}
	// Only the rules that fired, in catalogue order; the uncatalogued one
	// is described from its finding.
	want := []string{"aws-access-token", "custom-internal-token", "everflow-api-key", "insecure-http-url", "secret-in-log", "gitignore-missing-env"}
	if !slices.Equal(ids, want) {
		t.Errorf("rules = %q\nwant    %q", ids, want)
	}
	for _, r := range d.Rules {
		if r.ID == "aws-access-token" {
			if tags, _ := r.Properties["tags"].([]any); !slices.Contains(tags, any("external/cwe/cwe-798")) || !slices.Contains(tags, any("hardcoded-secret")) {
				t.Errorf("aws-access-token tags = %v", tags)
			}
			if r.Properties["security-severity"] != "8.0" {
				t.Errorf("security-severity = %v", r.Properties["security-severity"])
			}
		}
	}

	if len(run.Results) != len(testFindings()) {
		t.Fatalf("%d results, want %d", len(run.Results), len(testFindings()))
	}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d does not point at its rule", res.RuleID, res.RuleIndex)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("result %s: %d locations", res.RuleID, len(res.Locations))
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.Region.StartLine < 1 {
			t.Errorf("result %s: location %+v", res.RuleID, loc)
		}
		if res.PartialFingerprints["primaryLocationLineHash"] == "" {
			t.Errorf("result %s: no primaryLocationLineHash", res.RuleID)
		}
		switch res.RuleID {
		case "everflow-api-key":
			if res.Properties["commit"] != "0123456789abcdef0123456789abcdef01234567" || res.Properties["author"] != "Dana Dev" || res.Properties["date"] != "2024-03-01T09:30:00+02:00" {
				t.Errorf("git result properties = %v", res.Properties)
			}
		case "custom-internal-token":
			if got := loc.ArtifactLocation.URI; got != "docs/notes,%20draft:%20v1.md" {
				t.Errorf("uri = %q, want the path percent-encoded", got)
			}
		case "aws-access-token":
			if r := loc.Region; r.StartLine != 12 || r.StartColumn != 11 || r.EndLine != 12 || r.EndColumn <= 11 {
				t.Errorf("region = %+v", r)
			}
		}
		if res.RuleID != "everflow-api-key" && res.Properties["commit"] != nil {
			t.Errorf("result %s: git properties on a working-tree finding", res.RuleID)
		}
	}

	// go-sarif's placeholders are pruned.
	for _, noise := range []string{`": -1`, `": []`, `": {}`} {
		if strings.Contains(string(out), noise) {
			t.Errorf("output contains %s", noise)
		}
	}
}

// A git scan says which repository and revision it read.
func TestSARIFVersionControlProvenance(t *testing.T) {
	sum := testSummary()
	sum.VCS = &finding.VCS{RepositoryURI: "https://github.com/acme/app.git", Revision: "0123456789abcdef0123456789abcdef01234567", Branch: "main"}
	type sarifLog struct {
		Runs []struct {
			VersionControlProvenance []struct {
				RepositoryURI string `json:"repositoryUri"`
				RevisionID    string `json:"revisionId"`
				Branch        string `json:"branch"`
			} `json:"versionControlProvenance"`
		} `json:"runs"`
	}
	var log sarifLog
	if err := json.Unmarshal(render(t, report.SARIF, testFindings(), sum, testOptions(t)), &log); err != nil {
		t.Fatal(err)
	}
	vcs := log.Runs[0].VersionControlProvenance
	if len(vcs) != 1 || vcs[0].RepositoryURI != sum.VCS.RepositoryURI || vcs[0].RevisionID != sum.VCS.Revision || vcs[0].Branch != "main" {
		t.Errorf("versionControlProvenance = %+v", vcs)
	}
	var plain sarifLog
	if err := json.Unmarshal(render(t, report.SARIF, testFindings(), testSummary(), testOptions(t)), &plain); err != nil {
		t.Fatal(err)
	}
	if n := len(plain.Runs[0].VersionControlProvenance); n != 0 {
		t.Errorf("a working-tree scan has %d versionControlProvenance entries, want none", n)
	}
}

// A consumer that reads only the SARIF file must not take an incomplete
// scan for a clean one: the invocation says it, and carries the problems.
func TestSARIFInvocation(t *testing.T) {
	type invocation struct {
		ExecutionSuccessful        *bool `json:"executionSuccessful"`
		ToolExecutionNotifications []struct {
			Level   string
			Message struct{ Text string }
		} `json:"toolExecutionNotifications"`
		Properties map[string]any
	}
	decode := func(sum finding.Summary) invocation {
		t.Helper()
		var log struct {
			Runs []struct{ Invocations []invocation }
		}
		if err := json.Unmarshal(render(t, report.SARIF, nil, sum, testOptions(t)), &log); err != nil {
			t.Fatal(err)
		}
		if len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 {
			t.Fatalf("want one run with one invocation, got %+v", log)
		}
		return log.Runs[0].Invocations[0]
	}

	clean := decode(emptySummary())
	if clean.ExecutionSuccessful == nil || !*clean.ExecutionSuccessful || len(clean.ToolExecutionNotifications) != 0 {
		t.Errorf("complete scan: %+v, want executionSuccessful true and no notifications", clean)
	}

	sum := testSummary()
	sum.MarkIncomplete("deep/dir/file.txt: file name too long")
	sum.Notes = []string{"history truncated by a shallow clone"}
	inv := decode(sum)
	if inv.ExecutionSuccessful == nil || *inv.ExecutionSuccessful {
		t.Errorf("incomplete scan: executionSuccessful = %v, want false", inv.ExecutionSuccessful)
	}
	var got []string
	for _, n := range inv.ToolExecutionNotifications {
		got = append(got, n.Level+": "+n.Message.Text)
	}
	want := []string{
		"error: vendor/locked.go: permission denied",
		"error: deep/dir/file.txt: file name too long",
		"note: history truncated by a shallow clone",
	}
	if !slices.Equal(got, want) {
		t.Errorf("notifications %q, want %q", got, want)
	}
	if inv.Properties["incomplete"] != true || inv.Properties["suppressed"] == nil {
		t.Errorf("properties %v, want incomplete and the suppressed counts", inv.Properties)
	}
}
