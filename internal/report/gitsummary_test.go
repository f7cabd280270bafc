package report_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
)

// gitSummary is what a history scan of a shallow, damaged clone reports.
func gitSummary() finding.Summary {
	return finding.Summary{
		Root: "repo", FilesScanned: 12, BytesScanned: 4096, Commits: 30,
		Skipped:    map[string]int{"missing or corrupt object": 1, "submodule (not followed)": 2},
		Problems:   []string{"app.env (commit 0123456789ab): blob 0123456789abcdef0123456789abcdef01234567: object missing"},
		Notes:      []string{"history is truncated (shallow clone)"},
		Incomplete: true,
		Duration:   15 * time.Millisecond,
	}
}

func TestTextGitSummary(t *testing.T) {
	out := string(render(t, report.Text, nil, gitSummary(), report.Options{}))
	want := `findings:   0 (hardcoded-secret 0, insecure-transport 0, secret-exposure 0, gitignore 0, webhook 0)
scanned:    12 blobs, 4.0 KiB from 30 commits under repo in 15ms
skipped:    3 blobs (missing or corrupt object 1, submodule (not followed) 2)
suppressed: 0 findings
problems:   1
  app.env (commit 0123456789ab): blob 0123456789abcdef0123456789abcdef01234567: object missing
incomplete: some content could not be read (see problems): findings may be missing
note:       history is truncated (shallow clone)
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestJSONGitSummary(t *testing.T) {
	out := render(t, report.JSON, nil, gitSummary(), report.Options{})
	var doc struct {
		Summary struct {
			Commits    int      `json:"commits"`
			Notes      []string `json:"notes"`
			Incomplete bool     `json:"incomplete"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if s := doc.Summary; s.Commits != 30 || len(s.Notes) != 1 || !s.Incomplete {
		t.Errorf("summary = %+v", s)
	}
	// Outside git, no commit count; notes and incomplete are always there.
	out = render(t, report.JSON, nil, finding.Summary{}, report.Options{})
	if strings.Contains(string(out), `"commits"`) || !strings.Contains(string(out), `"notes": []`) || !strings.Contains(string(out), `"incomplete": false`) {
		t.Errorf("working-tree summary:\n%s", out)
	}
}
