// Package allowmark owns the inline markers that silence a finding on
// their line: the content rules honour them in any file, the Go analyzers
// in comments, and the summary names them. It imports nothing of tightlip,
// so both the content engine and the analyzers use it.
package allowmark

import "strings"

// The markers. gitleaks' is honoured too: code that already carries it
// should not light up again.
const (
	Tightlip = "tightlip:allow"
	Gitleaks = "gitleaks:allow"
)

// markers lists them in the order they are tried.
var markers = [...]string{Tightlip, Gitleaks}

// In reports whether text (a line, or a comment) carries a marker
// anywhere, as gitleaks looks for its own: a marker needs no comment
// syntax around it and no particular place on the line.
func In(text string) bool {
	for _, m := range markers {
		if strings.Contains(text, m) {
			return true
		}
	}
	return false
}
