package rules

// Static returns the rules that are not regex content rules: those of the Go
// analyzers and the gitignore checks. Their detection lives in code; their
// description lives here, in the one catalogue.
func Static() []Rule {
	return nil
}
