// Package secret judges which string literals of a package are hard-coded
// secrets (Find), for the two analyzers that need to know: hardcoded
// reports them, and exposure follows a constant holding one into logs,
// errors, URLs and responses as it follows a key read from the
// environment. exposure asks for the judgement itself rather than
// requiring hardcoded, so that go vet's fact-only runs do not judge
// (docs/architecture.md, "Analyzers that share a judgement").
package secret

import (
	"go/token"
	"strings"
)

// A Literal is a string literal of the package that the hardcoded analyzer
// judged a secret and reported (a report a comment silenced does not
// count: the comment says the value may stay, so it is no source either).
type Literal struct {
	// Value is the literal's value. It is never printed: diagnostics name
	// a literal by its position.
	Value string
	// Pos is where the literal is written.
	Pos token.Pos
}

// Found is Find's result: the package's secret literals, in the order
// they were found.
type Found struct {
	Literals []Literal
}

// In returns the first literal that text contains: a constant made of it,
// alone or joined to others ("Bearer " + apiKey). Literals of fewer than
// minLen bytes are not looked for, as such short text can occur anywhere.
func (f *Found) In(text string) (Literal, bool) {
	if f == nil {
		return Literal{}, false
	}
	for _, l := range f.Literals {
		if len(l.Value) >= minLen && strings.Contains(text, l.Value) {
			return l, true
		}
	}
	return Literal{}, false
}

// minLen is the shortest literal In looks for.
const minLen = 8
