package report_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/report"
)

// scrubFixture is a history finding and a summary whose free text quotes
// secrets: the finding's own, another finding's, and one that no finding
// names (a go vet error quoting an unquoted token).
func scrubFixture() ([]finding.Finding, finding.Summary, []string) {
	own, other, loose := gittest.FakeToken("report-own"), gittest.FakeToken("report-other"), gittest.FakeToken("report-loose")
	fs := []finding.Finding{
		{
			RuleID: "github-pat", Message: "GitHub token", File: "a.env", Line: 1, Secret: own, Fingerprint: "1",
			Commit: "0123456789abcdef0123456789abcdef01234567", Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
			Subject: "add " + own + " and " + loose, Author: "Mallory " + other, Email: loose + "@example.com",
		},
		{RuleID: "github-pat", Message: "GitHub token " + loose, File: "b.env", Line: 2, Secret: other, Fingerprint: "2"},
	}
	sum := finding.Summary{
		Root:     ".",
		Problems: []string{"go analyzers: .: ./main.go:3:9: undefined: " + loose},
		Notes:    []string{"range base " + other + " is not an ancestor"},
		VCS:      &finding.VCS{RepositoryURI: "https://example.com/r", Revision: "abc", Branch: "feature/" + loose},
	}
	return fs, sum, []string{own, other, loose}
}

// Free text is redacted in every format: problems and notes, commit
// subjects, authors and emails, messages, whichever secret they quote.
func TestFreeTextRedactedInEveryFormat(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	fs, sum, secrets := scrubFixture()
	for _, f := range report.Formats {
		t.Run(string(f), func(t *testing.T) {
			opts := testOptions(t)
			opts.Scrub = eng.Scrub
			out := string(render(t, f, fs, sum, opts))
			if strings.Contains(out, "TLFAKE") {
				t.Errorf("%s output shows a secret:\n%s", f, out)
			}
			if f == report.JSON || f == report.Text {
				if !strings.Contains(out, "undefined: ghp_") {
					t.Errorf("%s output lost the problem around the secret:\n%s", f, out)
				}
			}
			// NoRedact keeps free text as it is.
			opts.NoRedact = true
			out = string(render(t, f, fs, sum, opts))
			for _, s := range secrets[:2] {
				if !strings.Contains(out, s) {
					t.Errorf("%s output with NoRedact lacks %q", f, s)
				}
			}
		})
	}

	// Without a scrubber, the findings' own secrets are still redacted
	// wherever free text quotes them.
	var out strings.Builder
	if err := report.Write(&out, report.JSON, fs, sum, testOptions(t)); err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets[:2] {
		if strings.Contains(out.String(), s) {
			t.Errorf("JSON without a scrubber shows finding secret %q", s)
		}
	}
	var rep struct {
		Findings []struct{ Author, Subject string }
	}
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatal(err)
	}
	if a := rep.Findings[0].Author; !strings.HasPrefix(a, "Mallory ghp_") || !strings.HasSuffix(a, "…") {
		t.Errorf("author %q: want the name with the token redacted", a)
	}
}
