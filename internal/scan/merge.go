package scan

import (
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// SuppressedDuplicate is the summary key for a secret that a content rule
// and a Go analyzer both found: it is reported once.
const SuppressedDuplicate = "same secret found by a content rule and a Go analyzer"

// mergeGoFindings adds the Go analyzers' findings to the content findings,
// reporting a secret that both found once. A provider-specific content rule
// (aws-access-token, github-pat …) says more than the analyzer and wins; the
// analyzer, which knows the Go context (a credential-named constant, a
// header), wins over generic and password rules.
func mergeGoFindings(content, fromGo []finding.Finding, cat *rule.Catalogue) ([]finding.Finding, int) {
	dropContent := map[int]bool{}
	dropGo := map[int]bool{}
	for gi, g := range fromGo {
		if g.Secret == "" {
			continue
		}
		for ci, c := range content {
			if c.File != g.File || c.Category != rule.HardcodedSecret || !within(c, g) {
				continue
			}
			if specific(c.RuleID, cat) {
				dropGo[gi] = true
			} else {
				dropContent[ci] = true
			}
		}
	}
	out := make([]finding.Finding, 0, len(content)+len(fromGo))
	for i, c := range content {
		if !dropContent[i] {
			out = append(out, c)
		}
	}
	for i, g := range fromGo {
		if !dropGo[i] {
			out = append(out, g)
		}
	}
	return out, len(dropContent) + len(dropGo)
}

// within reports whether content finding c lies inside the literal that
// analyzer finding g points at.
func within(c, g finding.Finding) bool {
	after := c.Line > g.Line || c.Line == g.Line && c.Column >= g.Column
	before := c.EndLine < g.EndLine || c.EndLine == g.EndLine && c.EndColumn <= g.EndColumn
	return after && before
}

// specific reports whether a content rule names a provider: gitleaks'
// rules other than the generic one.
func specific(ruleID string, cat *rule.Catalogue) bool {
	r, ok := cat.Lookup(ruleID)
	return ok && r.Origin == "gitleaks" && !rule.NamedGeneric(ruleID)
}
