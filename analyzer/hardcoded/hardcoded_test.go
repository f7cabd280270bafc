package hardcoded_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tightlip/tightlip/analyzer/hardcoded"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), hardcoded.Analyzer, "a")
}
