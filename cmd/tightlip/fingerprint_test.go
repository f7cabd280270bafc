package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
)

// keyedReport is a JSON report with what fingerprints depend on.
type keyedReport struct {
	Findings []struct {
		RuleID      string `json:"rule_id"`
		File        string `json:"file"`
		Secret      string `json:"secret"`
		Fingerprint string `json:"fingerprint"`
	} `json:"findings"`
	Summary struct {
		FingerprintKey   string `json:"fingerprint_key"`
		FingerprintKeyID string `json:"fingerprint_key_id"`
	} `json:"summary"`
}

// scanKeyed scans with TIGHTLIP_FINGERPRINT_KEY set to key ("" unsets it)
// and returns the JSON report, secrets in full.
func scanKeyed(t *testing.T, key string, args ...string) keyedReport {
	t.Helper()
	t.Setenv(fingerprintKeyEnv, key)
	r := tightlip(t, "", append([]string{"scan", "--format", "json", "--no-redact"}, args...)...)
	var rep keyedReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Findings) == 0 {
		t.Fatalf("want a JSON report with findings: %v\n%s%s", err, r.stdout, r.stderr)
	}
	return rep
}

// A fingerprint is a keyed hash: another key gives another fingerprint,
// none is the unsalted hash a reader could recompute from a guessed
// secret, and the key appears in no output.
func TestFingerprintsKeyedByEnvironment(t *testing.T) {
	dir := leakyTree(t)
	keyA, keyB := fakeMarker+"-fingerprint-key-a", fakeMarker+"-fingerprint-key-b"
	a, b, none := scanKeyed(t, keyA, dir), scanKeyed(t, keyB, dir), scanKeyed(t, "", dir)
	if a.Summary.FingerprintKey != "env" || none.Summary.FingerprintKey != "none" {
		t.Errorf("key sources %q and %q, want env and none", a.Summary.FingerprintKey, none.Summary.FingerprintKey)
	}
	if a.Summary.FingerprintKeyID == b.Summary.FingerprintKeyID {
		t.Error("two keys have one key ID")
	}
	for i, f := range a.Findings {
		unsalted := finding.IdentityOf(f.RuleID, f.File, f.Secret, 0)
		for _, fp := range []string{f.Fingerprint, b.Findings[i].Fingerprint, none.Findings[i].Fingerprint} {
			if fp == unsalted {
				t.Errorf("%s in %s: fingerprint %s is the unsalted SHA-256", f.RuleID, f.File, fp)
			}
		}
		if f.Fingerprint == b.Findings[i].Fingerprint || f.Fingerprint == none.Findings[i].Fingerprint {
			t.Errorf("%s in %s: fingerprint %s does not depend on the key", f.RuleID, f.File, f.Fingerprint)
		}
	}
	// The same key gives the same fingerprints.
	if again := scanKeyed(t, keyA, dir); again.Findings[0].Fingerprint != a.Findings[0].Fingerprint {
		t.Error("the same key gave another fingerprint")
	}

	t.Setenv(fingerprintKeyEnv, keyA)
	for _, format := range formats {
		r := tightlip(t, "", "scan", "--format", format, dir)
		if strings.Contains(r.stdout+r.stderr, keyA) || strings.Contains(r.stdout+r.stderr, fakeMarker) {
			t.Errorf("%s: output shows the key or a secret:\n%s%s", format, r.stdout, r.stderr)
		}
	}
}

// A baseline made with a key matches the scans with that key, and a scan
// with another key refuses it with an error instead of reporting every
// old finding as new.
func TestBaselineWithFingerprintKey(t *testing.T) {
	dir := leakyTree(t)
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	t.Setenv(fingerprintKeyEnv, fakeMarker+"-ci-key")
	tightlip(t, "", "scan", "--format", "json", "-o", baseline, dir).wantCode(t, exitFindings)

	r := tightlip(t, "", "scan", "--baseline", baseline, dir)
	r.wantCode(t, exitClean)

	t.Setenv(fingerprintKeyEnv, fakeMarker+"-other-key")
	r = tightlip(t, "", "scan", "--baseline", baseline, dir)
	r.wantCode(t, exitError)
	for _, want := range []string{baseline, "another fingerprint key", "TIGHTLIP_FINGERPRINT_KEY"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("error lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stdout+r.stderr, fakeMarker) {
		t.Errorf("output shows a key or secret:\n%s%s", r.stdout, r.stderr)
	}
	t.Setenv(fingerprintKeyEnv, "")
	tightlip(t, "", "scan", "--baseline", baseline, dir).wantCode(t, exitError)
}

// Without the environment's key, a repository's fingerprints are keyed by
// its root commit: the same in every clone, so a committed baseline keeps
// matching, and different from another repository's.
func TestRepositoryKeyStableAcrossClones(t *testing.T) {
	repo := gittest.New(t)
	tok := gittest.FakeToken("repo-key")
	repo.Commit("first", map[string]string{"README.md": "hello\n"})
	repo.Commit("add config", map[string]string{"config.env": "TOKEN=" + tok + "\n"})
	clone := filepath.Join(t.TempDir(), "clone")
	repo.Git("clone", "-q", repo.Dir, clone)

	orig := scanKeyed(t, "", "--gitignore=false", "--go=false", repo.Dir)
	copied := scanKeyed(t, "", "--gitignore=false", "--go=false", clone)
	if orig.Summary.FingerprintKey != "repository" {
		t.Errorf("key source %q, want repository", orig.Summary.FingerprintKey)
	}
	if orig.Findings[0].Fingerprint != copied.Findings[0].Fingerprint {
		t.Error("a clone has other fingerprints")
	}
	hist := scanKeyed(t, "", "--history", repo.Dir)
	if hist.Summary.FingerprintKey != "repository" || hist.Summary.FingerprintKeyID != orig.Summary.FingerprintKeyID {
		t.Errorf("history scan key %q %q, want the working tree's", hist.Summary.FingerprintKey, hist.Summary.FingerprintKeyID)
	}

	other := gittest.New(t)
	other.Commit("another first commit", map[string]string{"config.env": "TOKEN=" + tok + "\n"})
	if o := scanKeyed(t, "", "--gitignore=false", "--go=false", other.Dir); o.Findings[0].Fingerprint == orig.Findings[0].Fingerprint {
		t.Error("another repository has the same fingerprints")
	}
}
