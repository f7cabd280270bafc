package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/rule"
)

// FuzzReport writes findings whose every text field comes from the fuzzer
// (file names, messages, commit subjects and secrets are the scanned
// tree's to choose) in every format. Whatever they hold:
//   - JSON and SARIF are valid JSON, and the JSON report reads back as a
//     baseline that contains the finding;
//   - text keeps one line per finding, and GitHub output one workflow
//     command per line, so a name cannot forge another finding or command;
//   - the secret is not in any output, unless the same text is there
//     anyway when the secret is replaced by another value.
func FuzzReport(f *testing.F) {
	f.Add("a/b.go", "[r] message", "ghp_TLFAKEfuzzsecretvalue0123456789ab", "fix: add key", 3, 7)
	f.Add("dir\n::warning file=x::pwned", "m\r\n%0A::error::", "TLFAKEsecret\u202e", "subject ghp_TLFAKE", 1, 1)
	f.Add("", "", "", "", 0, 0)
	f.Fuzz(func(t *testing.T, file, message, secret, subject string, line, col int) {
		fs := []finding.Finding{{
			RuleID: "fuzz-rule", Category: rule.HardcodedSecret, Severity: rule.Error,
			Message: message + " " + secret, File: file, Line: line, Column: col, EndLine: line, EndColumn: col + 1,
			Secret: secret, Fingerprint: "fp0", Commit: "0123456789abcdef0123456789abcdef01234567",
			Subject: subject + " " + secret,
		}}
		sum := finding.Summary{Root: file}
		other := strings.Repeat("Q", len(secret)+1)
		for _, format := range report.Formats {
			out := renderFuzz(t, format, fs, sum)
			switch format {
			case report.JSON:
				checkBaseline(t, out)
			case report.SARIF:
				if !json.Valid(out) {
					t.Fatalf("SARIF is not valid JSON:\n%s", out)
				}
			case report.Text:
				// One finding line, a blank line, then the summary.
				if n := bytes.Count(out, []byte("\n")); n != 2+len(textSummaryLines) {
					t.Errorf("text report has %d lines, want %d: a field broke the layout:\n%s", n, 2+len(textSummaryLines), out)
				}
			case report.GitHub:
				for _, l := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
					if !strings.HasPrefix(l, "::error ") && !strings.HasPrefix(l, "::notice title=tightlip::") {
						t.Errorf("line %q is not one of the report's own workflow commands", l)
					}
				}
			}
			if len(secret) >= 8 && bytes.Contains(out, []byte(secret)) {
				replaced := fs[0]
				replaced.Secret = other
				replaced.Message = message + " " + other
				replaced.Subject = subject + " " + other
				if !bytes.Contains(renderFuzz(t, format, []finding.Finding{replaced}, sum), []byte(secret)) {
					t.Errorf("%s report prints the secret %q", format, secret)
				}
			}
		}
	})
}

// textSummaryLines are the summary's lines for a summary with no problems,
// notes or commits.
var textSummaryLines = []string{"findings", "scanned", "skipped", "suppressed", "problems"}

func renderFuzz(t *testing.T, f report.Format, fs []finding.Finding, sum finding.Summary) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.Write(&buf, f, fs, sum, report.Options{}); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return buf.Bytes()
}

func checkBaseline(t *testing.T, out []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := report.LoadBaseline(path)
	if err != nil {
		t.Fatalf("the JSON report does not read back as a baseline: %v\n%s", err, out)
	}
	if !b.Contains("fp0") {
		t.Error("the baseline read back does not contain the finding")
	}
}
