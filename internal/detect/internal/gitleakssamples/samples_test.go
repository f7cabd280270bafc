package gitleakssamples_test

import (
	"path/filepath"
	"testing"

	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/detect/internal/gitleakssamples"
)

// dataFile is the captured sample set, relative to this package.
var dataFile = filepath.Join("..", "..", "..", "..", "testdata", "gitleaks-samples", "samples.json.gz")

// TestLabels replays utils.Validate / utils.ValidateWithPaths on the captured
// samples with the rules of the shipped default config: every true positive is
// found by a detector holding only its rule (exactly once for path-based
// samples), every false positive is not. This proves the capture is faithful
// and the conformance test's labels are gitleaks' own.
func TestLabels(t *testing.T) {
	set, err := gitleakssamples.Load(dataFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := set.CheckLinked(glconfig.DefaultConfig); err != nil {
		t.Fatal(err)
	}
	if !set.ConfigMatchesShipped {
		t.Error("the config derived from the rule functions differed from config/gitleaks.toml at capture time")
	}
	defer gitleakssamples.SilenceGitleaksLog()()
	ref, err := gitleakssamples.NewReference()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range set.Rules {
		if !r.InDefaultConfig || !ref.HasRule(r.ID) {
			t.Errorf("rule %s has samples but is not in the default config", r.ID)
			continue
		}
		ids = append(ids, r.ID)
	}
	ref.PrepareSingle(ids)
	tps, fps := 0, 0
	for _, r := range set.Rules {
		if !ref.HasRule(r.ID) {
			continue
		}
		for _, s := range r.TPs {
			fs, err := ref.DetectRule(r.ID, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) == 0 || (s.PathBased && len(fs) != 1) {
				t.Errorf("%s: true positive gave %d findings: %q (path %q)", r.ID, len(fs), s.Raw, s.Path)
			}
			tps++
		}
		for _, s := range r.FPs {
			fs, err := ref.DetectRule(r.ID, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 0 {
				t.Errorf("%s: false positive gave %d findings: %q (path %q)", r.ID, len(fs), s.Raw, s.Path)
			}
			fps++
		}
	}
	t.Logf("%d rules with samples, %d without (%v); %d true positives and %d false positives confirmed",
		len(ids), len(set.Unsampled), set.Unsampled, tps, fps)
	if len(ref.RuleIDs()) != len(ids)+len(set.Unsampled) {
		t.Errorf("default config has %d rules, samples cover %d + %d unsampled", len(ref.RuleIDs()), len(ids), len(set.Unsampled))
	}
}
