package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tightlip/tightlip/analyzer"
	"github.com/tightlip/tightlip/internal/rule"
	"github.com/tightlip/tightlip/internal/rules"
)

// Every rule an analyzer reports is in the catalogue, with help that says
// how to fix it, and every analyzer documents itself.
func TestRulesInCatalogue(t *testing.T) {
	cat, err := rule.NewCatalogue(rules.Static())
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(analyzer.All()); err != nil {
		t.Fatal(err)
	}
	ids := analyzer.RuleIDs()
	for _, a := range analyzer.All() {
		if a.Doc == "" || a.URL == "" {
			t.Errorf("analyzer %s: missing Doc or URL", a.Name)
		}
		if len(ids[a.Name]) == 0 {
			t.Errorf("analyzer %s: no rule IDs listed", a.Name)
		}
		for _, id := range ids[a.Name] {
			r, ok := cat.Lookup(id)
			if !ok {
				t.Errorf("analyzer %s reports %s, which the catalogue lacks", a.Name, id)
				continue
			}
			if r.CWE == "" || r.Short == "" || r.Full == "" || r.Help == "" || r.Precision == "" {
				t.Errorf("rule %s: incomplete catalogue entry %+v", id, r)
			}
		}
	}
}

// together runs every analyzer as one, so that one analysistest run checks
// a package's findings of all rules: the `want` comments in
// testdata/src/everflow are the exact set of findings.
var together = &analysis.Analyzer{
	Name: "tightlip",
	Doc:  "all of tightlip's analyzers",
	Requires: func() []*analysis.Analyzer {
		var req []*analysis.Analyzer
		for _, a := range analyzer.All() {
			req = append(req, a.Requires...)
		}
		return req
	}(),
	Run: func(pass *analysis.Pass) (any, error) {
		for _, a := range analyzer.All() {
			p := *pass
			p.Analyzer = a
			if _, err := a.Run(&p); err != nil {
				return nil, err
			}
		}
		return nil, nil
	},
}

// TestEverflowClient runs every analyzer on a realistic Everflow client:
// offers, reporting, postbacks and a webhook receiver with an HMAC check,
// mostly right and wrong in a few places.
func TestEverflowClient(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), together, "everflow")
}
