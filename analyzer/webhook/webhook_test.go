package webhook_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tightlip/tightlip/analyzer/webhook"
)

func Test(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), webhook.Analyzer, "a", "nohmac")
}
