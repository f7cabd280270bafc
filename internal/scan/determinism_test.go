package scan_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/tightlip/tightlip/internal/report"
	"github.com/tightlip/tightlip/internal/scan"
)

// The same tree gives byte-identical JSON and SARIF, whatever the number of
// workers and however the scheduler interleaves them: baselines, SARIF
// diffs and code-scanning alerts depend on it. Only the duration may
// differ between runs, and is set aside.
func TestScanOutputIsDeterministic(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	data := fixture(t)
	for i := range 40 {
		// The same secrets in many files and twice in some: findings that
		// tie on everything but their file or occurrence.
		content := data
		if i%3 == 0 {
			content = append(append([]byte{}, data...), data...)
		}
		write(t, root, fmt.Sprintf("d%d/f%02d.txt", i%4, i), content)
	}
	write(t, root, ".env", []byte("EVERFLOW_API_KEY=TLFAKEtlfake0123456789abcdefTLFAKE\n"))

	var want map[report.Format][]byte
	for _, workers := range []int{1, 2, 7, 1, 7} {
		res, err := scan.Run(context.Background(), scan.Source{Path: root}, scan.Options{Engine: engine(t), Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		res.Summary.Duration = 0
		got := map[report.Format][]byte{}
		for _, f := range []report.Format{report.JSON, report.SARIF} {
			var buf bytes.Buffer
			if err := report.Write(&buf, f, res.Findings, res.Summary, report.Options{}); err != nil {
				t.Fatal(err)
			}
			got[f] = buf.Bytes()
		}
		if len(res.Findings) < 100 {
			t.Fatalf("%d findings: the fixture should give over 100", len(res.Findings))
		}
		if want == nil {
			want = got
			continue
		}
		for f, out := range got {
			if !bytes.Equal(out, want[f]) {
				t.Errorf("%s output with %d workers differs from the first run's", f, workers)
			}
		}
	}
}
