package rules

// Static returns the rules that are not regex content rules: those of the Go
// analyzers and the gitignore checks. Their detection lives in code; their
// description lives here, in the one catalogue. Each family keeps its
// entries in its own file (static_*.go).
func Static() []Rule {
	var out []Rule
	out = append(out, gitignoreRules...)
	out = append(out, analyzerRules...)
	return out
}
