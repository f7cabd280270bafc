package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/finding"
	"github.com/tightlip/tightlip/report"
	"github.com/tightlip/tightlip/rules"
)

// TestGitHubEscaping: a workflow command must survive any file name or
// message; GitHub's runner splits properties at ',' and ':' and reads
// %XX escapes.
func TestGitHubEscaping(t *testing.T) {
	f := finding.Finding{
		RuleID: "insecure-http-url", Category: rules.InsecureTransport, Severity: rules.Note,
		Message: "50% of URLs\r\nare http:// here", File: "a,b:c%d.go",
		Line: 4, Column: 2, EndLine: 4, EndColumn: 9, Fingerprint: "fp",
	}
	out := string(render(t, report.GitHub, []finding.Finding{f}, finding.Summary{Duration: time.Second}, testOptions(t)))
	first, _, _ := strings.Cut(out, "\n")
	want := "::notice file=a%2Cb%3Ac%25d.go,line=4,col=2,endColumn=9,title=[insecure-http-url] Plain-HTTP URL reaches an HTTP client::50%25 of URLs%0D%0Aare http:// here"
	if first != want {
		t.Errorf("got  %s\nwant %s", first, want)
	}
}

// TestGitHubMultiLine: the runner rejects columns on a region that spans
// lines, so they are left out there.
func TestGitHubMultiLine(t *testing.T) {
	f := finding.Finding{
		RuleID: "x", Category: rules.InsecureTransport, Severity: rules.Error, Message: "m", File: "f.go",
		Line: 4, Column: 2, EndLine: 6, EndColumn: 9, Fingerprint: "fp",
	}
	out := string(render(t, report.GitHub, []finding.Finding{f}, finding.Summary{}, report.Options{}))
	first, _, _ := strings.Cut(out, "\n")
	if want := "::error file=f.go,line=4,endLine=6,title=[x] insecure-transport::m"; first != want {
		t.Errorf("got  %s\nwant %s", first, want)
	}
}
