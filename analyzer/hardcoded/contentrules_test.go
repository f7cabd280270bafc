package hardcoded_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tightlip/tightlip/analyzer/hardcoded"
)

// With -contentrules=false (as tightlip scan runs it, whose content scan
// covers .go files already) only credentials found by name are reported.
func TestContentRulesOff(t *testing.T) {
	if err := hardcoded.Analyzer.Flags.Set("contentrules", "false"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := hardcoded.Analyzer.Flags.Set("contentrules", "true"); err != nil {
			t.Error(err)
		}
	})
	analysistest.Run(t, analysistest.TestData(), hardcoded.Analyzer, "norules")
}
