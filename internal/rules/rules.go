// Package rules assembles tightlip's rule catalogue: for every rule its
// stable ID, category, default severity, CWE, descriptions and the help
// that says how to fix it. Each rule is declared once, beside the code that
// detects it: the content rules in package contentrules, the Go analyzers'
// in each analyzer package's Rules, the gitignore family's in
// gitignore.Rules. Every part of tightlip (content matching, the Go
// analyzers, the CLI, SARIF and the golangci-lint plugin) reports through
// the catalogue Build makes of them.
package rules

import (
	"github.com/tightlip/tightlip/analyzer/exposure"
	"github.com/tightlip/tightlip/analyzer/hardcoded"
	"github.com/tightlip/tightlip/analyzer/insecuretransport"
	"github.com/tightlip/tightlip/analyzer/webhook"
	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/reuse"
	"github.com/tightlip/tightlip/internal/rule"
)

// Static returns the rules that are not regex content rules: those of the
// gitignore family, of the Go analyzers and of the cross-file checks
// (reuse), whose detection is code.
func Static() []rule.Rule {
	var out []rule.Rule
	out = append(out, gitignore.Rules...)
	out = append(out, hardcoded.Rules...)
	out = append(out, insecuretransport.Rules...)
	out = append(out, exposure.Rules...)
	out = append(out, webhook.Rules...)
	out = append(out, reuse.Rules...)
	return out
}

// Build merges the built-in content rules with a user's configuration (nil
// for none), as contentrules.Build does, and returns the set with the
// catalogue of every rule: the content rules and Static's. A user's rule
// with the ID of a static rule is an error.
func Build(user *config.File) (*contentrules.Set, error) {
	set, err := contentrules.Build(user)
	if err != nil {
		return nil, err
	}
	cat, err := rule.NewCatalogue(append(set.Catalogue.All(), Static()...))
	if err != nil {
		return nil, err
	}
	set.Catalogue = cat
	return set, nil
}
