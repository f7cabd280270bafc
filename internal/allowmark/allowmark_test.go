package allowmark_test

import (
	"testing"

	"github.com/tightlip/tightlip/internal/allowmark"
)

func TestIn(t *testing.T) {
	for _, line := range []string{
		`token := "TLFAKE" // tightlip:allow`,
		`key: TLFAKE # gitleaks:allow`,
		`/* tightlip:allow: a test fixture */`,
		`tightlip:allow`,
		`x = "TLFAKE"  // see gitleaks:allowlist`, // gitleaks matches the text, not a word
	} {
		if !allowmark.In(line) {
			t.Errorf("In(%q) = false, want true", line)
		}
	}
	for _, line := range []string{
		``,
		`token := "TLFAKE"`,
		`// tightlip: allow`,
		`// TIGHTLIP:ALLOW`,
		`// gitleaks allow`,
		`// nolint:tightlip`, // the analyzers' directive, not a marker
	} {
		if allowmark.In(line) {
			t.Errorf("In(%q) = true, want false", line)
		}
	}
}
