package gitrepo

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// ErrNoRoot is wrapped by RootCommit's error when the repository does not
// hold HEAD's root commit: a shallow clone, or a repository without commits.
var ErrNoRoot = errors.New("root commit not in the repository")

// RootCommit returns the commit HEAD's first-parent chain starts from: the
// repository's first commit, the same on every full clone and for every
// later HEAD (a merge keeps its first parent's history). It reads one
// commit object per step of the chain (some tens of microseconds each:
// seconds on a history of a hundred thousand commits, so callers run it
// beside the scan). go-git's commit-graph reader is no faster.
func (r *Repo) RootCommit(ctx context.Context) (plumbing.Hash, error) {
	head, err := r.repo.Head()
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("root commit: HEAD: %w (%w)", err, ErrNoRoot)
	}
	o := r.Objects()
	defer o.Release()
	h := head.Hash()
	for {
		if err := ctx.Err(); err != nil {
			return plumbing.ZeroHash, err
		}
		if r.shallow[h] {
			return plumbing.ZeroHash, fmt.Errorf("root commit: history ends at %s, the boundary of a shallow clone: %w", h, ErrNoRoot)
		}
		c, err := o.commit(h)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("root commit: %w", err)
		}
		if len(c.ParentHashes) == 0 {
			return h, nil
		}
		h = c.ParentHashes[0]
	}
}
