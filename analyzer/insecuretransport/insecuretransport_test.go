package insecuretransport_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tightlip/tightlip/analyzer/insecuretransport"
)

func Test(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), insecuretransport.Analyzer, "a", "escaped", "flow")
}
