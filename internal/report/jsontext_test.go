package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/rule"
)

// A bidi override, a zero-width character or a line separator in a file
// name is written as a \u escape in JSON and SARIF: the document decodes
// to the same strings, and a terminal that shows the file shows the escape.
func TestJSONEscapesHiddenCharacters(t *testing.T) {
	file := "src/invoice\u202egpj.go"
	msg := "a\u2066b\u200bc\u2028d\u0085e\x7ff\U000E0041"
	fs := []finding.Finding{{RuleID: "x", Category: rule.HardcodedSecret, Severity: rule.Error, Message: msg, File: file, Line: 1, Fingerprint: "fp"}}
	for _, format := range []report.Format{report.JSON, report.SARIF} {
		out := string(render(t, format, fs, finding.Summary{}, report.Options{}))
		// SARIF has the name as a URI, percent-encoded.
		if format == report.JSON && !strings.Contains(out, `src/invoice\u202egpj.go`) {
			t.Errorf("%s: the file name is not escaped:\n%s", format, out)
		}
		if strings.ContainsAny(out, "\u202e\u2066\u200b\u2028\u0085\x7f\U000E0041") {
			t.Errorf("%s: a hidden character is written raw:\n%q", format, out)
		}
		if !strings.Contains(out, `\udb40\udc41`) {
			t.Errorf("%s: the tag character is not a surrogate pair escape", format)
		}
		if format == report.JSON {
			var doc struct {
				Findings []struct{ File, Message string } `json:"findings"`
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Findings) != 1 || doc.Findings[0].File != file || doc.Findings[0].Message != msg {
				t.Errorf("decoded %+v, want the same strings back", doc.Findings)
			}
		}
	}
}
