package rule

import "strings"

// NamedGeneric reports whether a rule is generic the way gitleaks tells
// one: by its ID, which contains "generic" in any case. gitleaks drops a
// generic rule's finding when another, not generic, rule found a secret
// containing it on the same line, and tightlip keeps that for every rule,
// a user's included, since configurations written for gitleaks count on
// it; tightlip also spares such rules' matches the shapes that are not
// keys (detect's notGenericKey), gives them medium precision, and lets
// every other gitleaks rule name a provider (scan's merge with the Go
// analyzers). It is the one place the name is looked at.
//
// It is not Rule.Generic, which says a rule finds a secret by where it is
// written and decides which of several rules matching one secret reports
// it: every built-in rule named generic is Generic, but not the reverse
// (curl-auth-header, password-assignment …), and making either follow the
// other would change what is reported (TestNamedGenericIsGeneric).
func NamedGeneric(id string) bool {
	return strings.Contains(strings.ToLower(id), "generic")
}
