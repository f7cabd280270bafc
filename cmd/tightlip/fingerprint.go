package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// fingerprintKeyEnv names the variable that keys fingerprints: a secret
// the CI owner sets, so that fingerprints in reports that leave the team
// give nothing away (see README, Suppressing findings).
const fingerprintKeyEnv = "TIGHTLIP_FINGERPRINT_KEY"

// fingerprinter chooses the key of a scan's fingerprints: the environment's
// when set; else one derived from the root commit of the repository holding
// root, the same on every full clone, so that committed baselines and
// code-scanning alerts keep matching; else none (standard input, a
// directory outside git, a shallow clone without its root commit). The
// key is never written anywhere; reports record only its source and ID.
//
// When ctx ends (an interrupt, --timeout) before the root commit is found,
// the key is unknown: fingerprinter returns no key and an error saying
// why, and the caller reports that rather than a baseline refused for a
// key mismatch.
func fingerprinter(ctx context.Context, root, env string) (finding.Fingerprinter, error) {
	if env != "" {
		return finding.NewFingerprinter(finding.KeyEnv, []byte(env)), nil
	}
	if root == "-" {
		return finding.Fingerprinter{}, nil
	}
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		root = filepath.Dir(root)
	}
	repo, err := gitrepo.Open(root)
	if err != nil {
		return finding.Fingerprinter{}, nil
	}
	defer repo.Close()
	h, err := repo.RootCommit(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return finding.Fingerprinter{}, fmt.Errorf("the repository's root commit, which keys fingerprints, was not found: %w", context.Cause(ctx))
		}
		return finding.Fingerprinter{}, nil
	}
	key := sha256.Sum256([]byte("tightlip fingerprint key, repository " + h.String()))
	return finding.NewFingerprinter(finding.KeyRepository, key[:]), nil
}
