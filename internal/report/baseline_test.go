package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/report"
)

// TestBaselineRoundTrip: a JSON report is a baseline, whether or not its
// secrets were redacted.
func TestBaselineRoundTrip(t *testing.T) {
	fs := testFindings()
	for _, noRedact := range []bool{false, true} {
		opts := testOptions(t)
		opts.NoRedact = noRedact
		var buf bytes.Buffer
		if err := report.Write(&buf, report.JSON, fs[:3], testSummary(), opts); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "baseline.json")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		b, err := report.LoadBaseline(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range fs {
			if got, want := b.Contains(f.Fingerprint), i < 3; got != want {
				t.Errorf("noRedact=%v: Contains(%s) = %v, want %v", noRedact, f.RuleID, got, want)
			}
		}
		kept, dropped := b.Filter(fs)
		if dropped != 3 || len(kept) != len(fs)-3 {
			t.Errorf("Filter kept %d, dropped %d; want %d, 3", len(kept), dropped, len(fs)-3)
		}
	}
}

func TestNilBaseline(t *testing.T) {
	var b *report.Baseline
	if b.Contains("anything") {
		t.Error("nil baseline contains a fingerprint")
	}
	if kept, dropped := b.Filter(testFindings()); dropped != 0 || len(kept) != len(testFindings()) {
		t.Errorf("nil baseline filtered %d", dropped)
	}
}

func TestBaselineEmptyReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.json")
	os.WriteFile(path, []byte(`{"findings": [], "summary": {}}`), 0o644)
	b, err := report.LoadBaseline(path)
	if err != nil || b.Contains("") {
		t.Fatalf("LoadBaseline(empty report) = %v, %v", b, err)
	}
}

// TestBaselineErrors: every bad baseline is an error that names the file
// and says what is wrong with it.
func TestBaselineErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, content, want string }{
		{"missing", "", "no such file"},
		{"empty", "", "empty"},
		{"not-json", "findings: []\n", "invalid character"},
		{"truncated", `{"findings": [`, "ends in the middle"},
		{"array", `[{"fingerprint": "x"}]`, "unexpected JSON array at the top level"},
		{"no-findings", `{"results": []}`, `no "findings" array`},
		{"findings-null", `{"findings": null}`, `no "findings" array`},
		{"findings-object", `{"findings": {"fingerprint": "x"}}`, "unexpected JSON object at findings"},
		{"no-fingerprint", `{"findings": [{"fingerprint": "a"}, {"rule_id": "x"}]}`, "finding 2 has no fingerprint"},
		{"empty-fingerprint", `{"findings": [{"fingerprint": ""}]}`, "finding 1 has no fingerprint"},
		{"trailing", `{"findings": []} {"findings": []}`, "after the report"},
		{"sarif", `{"version": "2.1.0", "runs": []}`, `no "findings" array`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name+".json")
			if c.name != "missing" {
				if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := report.LoadBaseline(path)
			if err == nil {
				t.Fatalf("LoadBaseline = %v, want an error", b)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, c.want) {
				t.Errorf("error %q should name %s and say %q", msg, path, c.want)
			}
		})
	}
}

// writeBaseline writes fs as a JSON report made with fp, as a scan does.
func writeBaseline(t *testing.T, fs []finding.Finding, fp finding.Fingerprinter) string {
	t.Helper()
	sum := testSummary()
	fs = slices.Clone(fs)
	fp.Assign(fs)
	sum.FingerprintKey, sum.FingerprintKeyID = fp.Source(), fp.KeyID()
	var buf bytes.Buffer
	if err := report.Write(&buf, report.JSON, fs, sum, testOptions(t)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A baseline matches the scans made with its key, and is refused, with an
// error that says why, by a scan with another key: it would match nothing.
func TestBaselineFingerprintKey(t *testing.T) {
	fs := testFindings()
	for i := range fs {
		fs[i].Identity, fs[i].Fingerprint = fs[i].Fingerprint, ""
	}
	key := finding.NewFingerprinter(finding.KeyEnv, []byte("ci secret"))
	path := writeBaseline(t, fs, key)
	b, err := report.LoadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.CheckKey(key); err != nil {
		t.Errorf("same key: %v", err)
	}
	scanned := slices.Clone(fs)
	key.Assign(scanned)
	if kept, dropped := b.Filter(scanned); len(kept) != 0 || dropped != len(fs) {
		t.Errorf("same key: kept %d, dropped %d", len(kept), dropped)
	}

	for _, other := range []finding.Fingerprinter{
		finding.NewFingerprinter(finding.KeyEnv, []byte("another secret")),
		finding.NewFingerprinter(finding.KeyRepository, []byte("ci secret!")),
		{},
	} {
		err := b.CheckKey(other)
		if err == nil {
			t.Errorf("key %s: baseline accepted", other.Source())
			continue
		}
		for _, want := range []string{path, "another fingerprint key", "TIGHTLIP_FINGERPRINT_KEY", "make it again"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("key %s: error %q lacks %q", other.Source(), err, want)
			}
		}
	}

	// A baseline from before keyed fingerprints has no key to compare.
	old := filepath.Join(t.TempDir(), "old.json")
	os.WriteFile(old, []byte(`{"findings": [{"fingerprint": "0123"}], "summary": {}}`), 0o644)
	b, err = report.LoadBaseline(old)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.CheckKey(key); err == nil || !strings.Contains(err.Error(), "no fingerprint key") {
		t.Errorf("old baseline: %v", err)
	}
}
