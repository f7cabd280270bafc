// Package analyzer lists tightlip's go/analysis analyzers, one concern each:
// hard-coded credentials (hardcoded), plain HTTP and disabled TLS
// verification (insecuretransport), credentials flowing into logs,
// errors and URLs (exposure), and webhook signatures compared in variable
// time (webhook). Every diagnostic carries a rule ID as its
// category; each analyzer's package describes its rules in its Rules, from
// which tightlip's catalogue is made.
package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/tightlip/tightlip/analyzer/exposure"
	"github.com/tightlip/tightlip/analyzer/hardcoded"
	"github.com/tightlip/tightlip/analyzer/insecuretransport"
	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/analyzer/webhook"
	"github.com/tightlip/tightlip/internal/rule"
)

// With each analyzer's -suppressed flag, a diagnostic that a comment
// silences comes out under SuppressedCategory with the message "<rule>
// <marker>" (SilencedByAllow or SilencedByGosec), for a driver that counts
// what comments hide; without it, such diagnostics vanish.
const (
	SuppressedCategory = lint.SuppressedCategory
	SilencedByAllow    = lint.SilencedByAllow
	SilencedByGosec    = lint.SilencedByGosec
)

// All returns every analyzer, for go vet's unitchecker, the CLI and the
// golangci-lint plugin alike.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{hardcoded.Analyzer, insecuretransport.Analyzer, exposure.Analyzer, webhook.Analyzer}
}

// RuleIDs returns the rule IDs each analyzer reports, by analyzer name:
// those of the Rules its package declares.
func RuleIDs() map[string][]string {
	return map[string][]string{
		hardcoded.Analyzer.Name:         ids(hardcoded.Rules),
		insecuretransport.Analyzer.Name: ids(insecuretransport.Rules),
		exposure.Analyzer.Name:          ids(exposure.Rules),
		webhook.Analyzer.Name:           ids(webhook.Rules),
	}
}

func ids(rs []rule.Rule) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
