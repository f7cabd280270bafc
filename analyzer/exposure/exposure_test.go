package exposure_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tightlip/tightlip/analyzer/exposure"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), exposure.Analyzer, "a", "example.com/...")
}
