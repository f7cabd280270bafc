package report_test

import (
	"encoding/json"
	"testing"

	"github.com/tightlip/tightlip/internal/report"
)

// A finding's fix becomes the result's SARIF fix: one artifact change per
// insert, a replacement that deletes nothing at the insertion point (line
// and column, and byte offset), and the text exactly as the file wants it,
// CRLF included; one per replace, deleting the old text's region.
func TestSARIFFixes(t *testing.T) {
	out := render(t, report.SARIF, append(gitignoreFixFindings(), testFindings()...), testSummary(), testOptions(t))
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Fixes  []struct {
					Description     struct{ Text string }
					ArtifactChanges []struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Replacements []struct {
							DeletedRegion   map[string]int `json:"deletedRegion"`
							InsertedContent struct{ Text string }
						} `json:"replacements"`
					} `json:"artifactChanges"`
				} `json:"fixes"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		rule, description, text string
		region                  map[string]int
	}{
		".gitignore": {"gitignore-missing", "Add .env to .gitignore", "\r\n.env\r\n",
			map[string]int{"startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 14, "byteOffset": 40, "byteLength": 0}},
		"services/api/.gitignore": {"gitignore-missing", "Add *.pem, *.key to services/api/.gitignore", "*.pem\n*.key\n",
			map[string]int{"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1, "byteOffset": 0, "byteLength": 0}},
		"cmd/api/main.go": {"go-plain-http-url", "Use https:// in cmd/api/main.go", "https://",
			map[string]int{"startLine": 12, "startColumn": 12, "endLine": 12, "endColumn": 19, "byteOffset": 187, "byteLength": 7}},
	}
	seen := 0
	for _, r := range log.Runs[0].Results {
		file := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		w, ok := want[file]
		if !ok || r.RuleID != w.rule {
			if len(r.Fixes) != 0 {
				t.Errorf("%s %s: fixes %+v, want none", file, r.RuleID, r.Fixes)
			}
			continue
		}
		seen++
		if len(r.Fixes) != 1 || len(r.Fixes[0].ArtifactChanges) != 1 || len(r.Fixes[0].ArtifactChanges[0].Replacements) != 1 {
			t.Fatalf("%s: fixes %+v, want one fix with one change and one replacement", file, r.Fixes)
		}
		fx := r.Fixes[0]
		ch := fx.ArtifactChanges[0]
		rep := ch.Replacements[0]
		if fx.Description.Text != w.description || ch.ArtifactLocation.URI != file || ch.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("%s: fix %q on %s (base %s)", file, fx.Description.Text, ch.ArtifactLocation.URI, ch.ArtifactLocation.URIBaseID)
		}
		if rep.InsertedContent.Text != w.text {
			t.Errorf("%s: inserted %q, want %q", file, rep.InsertedContent.Text, w.text)
		}
		for k, v := range w.region {
			if got, ok := rep.DeletedRegion[k]; !ok || got != v {
				t.Errorf("%s: deletedRegion %v, want %s = %d", file, rep.DeletedRegion, k, v)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d results with fixes, want %d", seen, len(want))
	}
}
