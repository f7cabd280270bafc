package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/finding"
	"github.com/tightlip/tightlip/report"
)

// TestTextEdges: what the golden files do not show. A control character in
// a path must not reach the terminal, a category the catalogue does not
// know still counts, and units scale.
func TestTextEdges(t *testing.T) {
	fs := []finding.Finding{{
		RuleID: "odd", Category: "", Severity: "fatal", Message: "line one\nline two",
		File: "evil\x1b[31m.go", Line: 1, Fingerprint: "x",
	}}
	sum := finding.Summary{FilesScanned: 1, BytesScanned: 5 << 30, Duration: 2*time.Minute + 3400*time.Millisecond,
		Skipped: map[string]int{"binary": 1}}
	out := string(render(t, report.Text, fs, sum, report.Options{}))
	want := `evil?[31m.go:1: [odd] line one?line two

findings:   1 (hardcoded-secret 0, insecure-transport 0, secret-exposure 0, gitignore 0, uncategorised 1)
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
