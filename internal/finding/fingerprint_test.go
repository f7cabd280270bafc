package finding_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
)

// unsalted is the fingerprint tightlip published before keyed
// fingerprints: a plain SHA-256 that anyone can recompute for a guessed
// secret.
func unsalted(rule, file, secret string) string {
	h := sha256.New()
	for _, p := range []string{rule, file, secret} {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	h.Write([]byte{0, 0, 0})
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// A fingerprint depends on the key: a reader without it cannot test a
// guessed password against the report, and it is not the old unsalted hash.
func TestFingerprintIsKeyed(t *testing.T) {
	const rule, file, secret = "generic-password", "config.yml", "TLFAKEpass12"
	id := finding.IdentityOf(rule, file, secret, 0)
	a := finding.NewFingerprinter(finding.KeyEnv, []byte("key one"))
	b := finding.NewFingerprinter(finding.KeyEnv, []byte("key two"))
	var none finding.Fingerprinter
	fps := map[string]string{
		"key one": a.Fingerprint(id), "key two": b.Fingerprint(id), "no key": none.Fingerprint(id),
	}
	seen := map[string]string{}
	for name, fp := range fps {
		if fp == unsalted(rule, file, secret) || fp == id {
			t.Errorf("%s: fingerprint %s is the unkeyed hash", name, fp)
		}
		if len(fp) != 32 {
			t.Errorf("%s: fingerprint %q, want 32 hex digits", name, fp)
		}
		if other, ok := seen[fp]; ok {
			t.Errorf("%s and %s give the same fingerprint", name, other)
		}
		seen[fp] = name
	}
	// The same key gives the same fingerprint, run after run.
	if again := finding.NewFingerprinter(finding.KeyEnv, []byte("key one")); again.Fingerprint(id) != fps["key one"] {
		t.Error("the same key gives another fingerprint")
	}
	if a.KeyID() == b.KeyID() || a.KeyID() == none.KeyID() || a.KeyID() != finding.NewFingerprinter(finding.KeyRepository, []byte("key one")).KeyID() {
		t.Error("KeyID does not tell keys apart by their value alone")
	}
	if none.Source() != finding.KeyNone || a.Source() != finding.KeyEnv {
		t.Errorf("sources %q %q", none.Source(), a.Source())
	}
}

func TestAssign(t *testing.T) {
	fp := finding.NewFingerprinter(finding.KeyEnv, []byte("k"))
	fs := []finding.Finding{
		{RuleID: "r", File: "a", Identity: finding.IdentityOf("r", "a", "s", 0)},
		{RuleID: "r", File: "a", Identity: finding.IdentityOf("r", "a", "s", 1)},
		{RuleID: "gitignore-missing", File: ".gitignore", Message: "no .env"}, // no identity set
	}
	fp.Assign(fs)
	if fs[0].Fingerprint == "" || fs[0].Fingerprint == fs[1].Fingerprint {
		t.Errorf("two occurrences: fingerprints %q %q", fs[0].Fingerprint, fs[1].Fingerprint)
	}
	if fs[0].Fingerprint != fp.Fingerprint(fs[0].Identity) {
		t.Error("Assign does not use the identity")
	}
	if fs[2].Identity == "" || fs[2].Fingerprint == "" {
		t.Errorf("a finding without identity got %q / %q", fs[2].Identity, fs[2].Fingerprint)
	}
}
