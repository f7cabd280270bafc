package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/rule"
)

// TestGitHubEscaping: a workflow command must survive any file name or
// message; GitHub's runner splits properties at ',' and ':' and reads
// %XX escapes.
func TestGitHubEscaping(t *testing.T) {
	f := finding.Finding{
		RuleID: "insecure-http-url", Category: rule.InsecureTransport, Severity: rule.Note,
		Message: "50% of URLs\r\nare http:// here", File: "a,b:c%d.go",
		Line: 4, Column: 2, EndLine: 4, EndColumn: 9, Fingerprint: "fp",
	}
	out := string(render(t, report.GitHub, []finding.Finding{f}, finding.Summary{Duration: time.Second}, testOptions(t)))
	first, _, _ := strings.Cut(out, "\n")
	want := `::notice file=a%2Cb%3Ac%25d.go,line=4,col=2,endColumn=9,title=[insecure-http-url] Plain-HTTP URL reaches an HTTP client::50%25 of URLs\r\nare http:// here`
	if first != want {
		t.Errorf("got  %s\nwant %s", first, want)
	}
}

// TestGitHubMultiLine: the runner rejects columns on a region that spans
// lines, so they are left out there.
func TestGitHubMultiLine(t *testing.T) {
	f := finding.Finding{
		RuleID: "x", Category: rule.InsecureTransport, Severity: rule.Error, Message: "m", File: "f.go",
		Line: 4, Column: 2, EndLine: 6, EndColumn: 9, Fingerprint: "fp",
	}
	out := string(render(t, report.GitHub, []finding.Finding{f}, finding.Summary{}, report.Options{}))
	first, _, _ := strings.Cut(out, "\n")
	if want := "::error file=f.go,line=4,endLine=6,title=[x] insecure-transport::m"; first != want {
		t.Errorf("got  %s\nwant %s", first, want)
	}
}

// TestGitHubInjection: nothing from the tree (a directory name, a message,
// a commit author, a rule ID from the tree's config) can start a line, so
// the output holds exactly one command per finding plus the summary, each
// tightlip's own; bidi controls show as escapes.
func TestGitHubInjection(t *testing.T) {
	evil := "a\n::warning file=x::pwned"
	fs := []finding.Finding{
		{RuleID: "r\n::error::rule", Category: rule.HardcodedSecret, Severity: rule.Error, Message: "m\r::warning::msg",
			File: evil + "/k.go", Line: 1, Fingerprint: "1"},
		{RuleID: "x", Category: rule.HardcodedSecret, Severity: rule.Warning, Message: "m%0A::warning::pct",
			File: "b%0A::warning file=y::pwned/\u202ek.go", Line: 2, Fingerprint: "2",
			Commit: "0123456789", Author: "eve\u2028::warning::author"},
	}
	sum := finding.Summary{Problems: []string{"read " + evil + ": denied"}, Notes: []string{"\n::warning::note"}, Skipped: map[string]int{"\n::warning::skip": 1}}
	out := string(render(t, report.GitHub, fs, sum, report.Options{}))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(fs)+1 {
		t.Fatalf("%d lines for %d findings and a summary:\n%s", len(lines), len(fs), out)
	}
	for i, want := range []string{"::error file=a\\n%3A%3Awarning file=x%3A%3Apwned/k.go,", "::warning file=b%250A%3A%3Awarning file=y%3A%3Apwned/\\u202ek.go,", "::notice title=tightlip::"} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d: %s\nwant it to start %s", i+1, lines[i], want)
		}
	}
	// A log viewer may break a line at \r, U+2028 or U+0085 too.
	if strings.ContainsAny(out, "\r\u2028\u2029\u0085\u202e") {
		t.Errorf("output holds a raw line separator or bidi control:\n%q", out)
	}
}
