// Package secret carries what the hardcoded analyzer found to the analyzers
// that require it: exposure follows a hard-coded key into logs, errors, URLs
// and responses as it follows one read from the environment.
//
// The package is internal so that the analyzers' public API does not show
// it: hardcoded.Analyzer's ResultType names a type of this package, which
// code outside tightlip's analyzer tree can neither name nor use.
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

// Found is the hardcoded analyzer's result: the package's secret literals,
// in the order they were reported.
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
