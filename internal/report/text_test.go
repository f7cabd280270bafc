package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
)

// TestTextEdges: what the golden files do not show. A control character in
// a path must not reach the terminal but show as an escape, a category the
// catalogue does not know still counts, and units scale.
func TestTextEdges(t *testing.T) {
	fs := []finding.Finding{{
		RuleID: "odd", Category: "", Severity: "fatal", Message: "line one\nline two",
		File: "evil\x1b[31m.go", Line: 1, Fingerprint: "x",
	}}
	sum := finding.Summary{FilesScanned: 1, BytesScanned: 5 << 30, Duration: 2*time.Minute + 3400*time.Millisecond,
		Skipped: map[string]int{"binary": 1}}
	out := string(render(t, report.Text, fs, sum, report.Options{}))
	want := `evil\x1b[31m.go:1: warning: [odd] line one\nline two

findings:   1 (hardcoded-secret 0, insecure-transport 0, secret-exposure 0, gitignore 0, webhook 0, uncategorised 1)
scanned:    1 file, 5.0 GiB in 2m3s
skipped:    1 file (binary 1)
suppressed: 0 findings
problems:   0
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if strings.Contains(out, "\x1b") {
		t.Error("escape character printed")
	}
}

// A bidi override in a file name or a commit author would make the line
// read differently from what it says; it is shown as an escape instead.
func TestTextEscapesBidi(t *testing.T) {
	fs := []finding.Finding{{
		RuleID: "odd", Message: "m", File: "src/invoice\u202egpj.go", Line: 3, Fingerprint: "x",
		Commit: "0123456789abcdef", Author: "mallory\u2066\u2028", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
	}}
	sum := finding.Summary{FilesScanned: 1, Problems: []string{"read a\u2029b: denied"}, Notes: []string{"n\u200fote"}}
	out := string(render(t, report.Text, fs, sum, report.Options{}))
	for _, want := range []string{`src/invoice\u202egpj.go:3: warning: [odd] m (commit 0123456789ab by mallory\u2066\u2028, 2026-01-02)`, `read a\u2029b: denied`, `n\u200fote`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	if strings.ContainsAny(out, "\u202e\u2066\u2028\u2029\u200f") {
		t.Errorf("a bidi or separator character was printed:\n%q", out)
	}
}

// An insecure-transport finding's match is a URL, not a secret: the text
// shows its message (which names the host), not "(secret: http…)"; a secret
// finding still shows its shortened secret.
func TestTextInsecureTransportShowsNoMatch(t *testing.T) {
	fs := []finding.Finding{
		{RuleID: "plain-http-url", Category: "insecure-transport", Severity: "warning", Message: "plain http (host api.partner.io).",
			File: "a.yaml", Line: 1, Column: 5, Secret: "http://api.partner.io/v1", Fingerprint: "x"},
		{RuleID: "url-credentials", Category: "hardcoded-secret", Severity: "error", Message: "m",
			File: "a.yaml", Line: 2, Column: 5, Secret: "hunter2hunter2", Fingerprint: "y"},
	}
	out := string(render(t, report.Text, fs, finding.Summary{}, report.Options{}))
	if strings.Contains(out, "secret: http") || !strings.Contains(out, "(host api.partner.io).\n") {
		t.Errorf("insecure-transport finding:\n%s", out)
	}
	if !strings.Contains(out, "(secret: hun…)") {
		t.Errorf("secret finding lost its secret:\n%s", out)
	}
}
