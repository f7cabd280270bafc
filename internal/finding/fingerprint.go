package finding

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// KeySource says where a Fingerprinter's key came from. Reports record it
// (never the key), so that a baseline made with another key is refused
// instead of silently matching nothing.
type KeySource string

// The key sources.
const (
	// KeyEnv is a key the user set (TIGHTLIP_FINGERPRINT_KEY, a CI
	// secret): without it, nobody can test guesses against a fingerprint.
	KeyEnv KeySource = "env"
	// KeyRepository is derived from the scanned repository's root commit:
	// stable on every clone, so committed baselines and code-scanning
	// alerts keep matching, but known to anyone who has the repository.
	KeyRepository KeySource = "repository"
	// KeyNone is a fixed project constant, for what is not a repository
	// (a plain directory, standard input): it only keeps fingerprints from
	// being the plain hash that precomputed tables serve.
	KeyNone KeySource = "none"
)

// noKey is KeyNone's key.
const noKey = "tightlip fingerprint key: none"

// Fingerprinter turns identities into fingerprints with HMAC-SHA256 and a
// key, so that a fingerprint in a report does not let a reader test guesses
// of a short secret without the key. The zero value uses KeyNone.
type Fingerprinter struct {
	key    []byte
	source KeySource
}

// NewFingerprinter returns a Fingerprinter with key, which came from
// source.
func NewFingerprinter(source KeySource, key []byte) Fingerprinter {
	return Fingerprinter{key: key, source: source}
}

// Source says where the key came from.
func (fp Fingerprinter) Source() KeySource { return cmp.Or(fp.source, KeyNone) }

func (fp Fingerprinter) sum(msg string) []byte {
	key := fp.key
	if len(key) == 0 {
		key = []byte(noKey)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// KeyID names the key without revealing it: a keyed hash of a constant,
// which tells two keys apart. (Any fingerprint of a finding without a
// secret, such as a missing .gitignore entry, is as much a check value.)
func (fp Fingerprinter) KeyID() string {
	return hex.EncodeToString(fp.sum("tightlip fingerprint key id")[:8])
}

// Fingerprint is the keyed hash of an identity (see IdentityOf).
func (fp Fingerprinter) Fingerprint(identity string) string {
	return hex.EncodeToString(fp.sum(identity)[:16])
}

// Assign sets every finding's Fingerprint from its Identity. A finding
// whose source set no identity gets one from its rule, file and
// IdentityText.
func (fp Fingerprinter) Assign(fs []Finding) {
	for i := range fs {
		f := &fs[i]
		if f.Identity == "" {
			f.Identity = IdentityOf(f.RuleID, f.File, IdentityText(*f), 0)
		}
		f.Fingerprint = fp.Fingerprint(f.Identity)
	}
}
