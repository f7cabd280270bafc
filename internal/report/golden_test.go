package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

// TestGolden pins every format's exact output for a representative scan and
// for an empty one. After an intended change, run
//
//	go test ./internal/report -run TestGolden -update
//
// and review the diff of testdata/report.
func TestGolden(t *testing.T) {
	sets := []struct {
		name     string
		findings []finding.Finding
		summary  finding.Summary
	}{
		{"basic", testFindings(), testSummary()},
		{"empty", nil, emptySummary()},
	}
	for _, set := range sets {
		for _, f := range report.Formats {
			name := set.name + "." + string(f) + ".golden"
			t.Run(name, func(t *testing.T) {
				got := render(t, f, set.findings, set.summary, testOptions(t))
				path := filepath.Join("..", "..", "testdata", "report", name)
				if *update {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("output differs from %s (run with -update if intended)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
				}
			})
		}
	}
}
