package gitrepo

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Tips are the commits a repository's refs point to.
type Tips struct {
	Commits []plumbing.Hash
	// Notes name refs that point to something other than a commit (a tag
	// of a tree or blob), which are not walked.
	Notes []string
	// Problems name refs whose objects could not be read.
	Problems []string
}

// Tips returns the commits the repository's refs point to: HEAD, branches,
// remote-tracking branches, tags (annotated ones peeled to their commit),
// notes, and every stash entry (older entries live only in the stash's
// reflog). An empty repository has none.
func (r *Repo) Tips() (*Tips, error) {
	o := r.Objects()
	defer o.Release()
	res := &Tips{}
	seen := map[plumbing.Hash]bool{}
	add := func(h plumbing.Hash) {
		if !seen[h] {
			seen[h] = true
			res.Commits = append(res.Commits, h)
		}
	}
	refs, err := r.repo.References()
	if err != nil {
		return nil, fmt.Errorf("list the refs of %s: %w", r.Root(), err)
	}
	err = refs.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference {
			// Symbolic refs (HEAD → refs/heads/main) point at refs that
			// are listed themselves; an unborn HEAD points at nothing.
			if ref.Name() != plumbing.HEAD {
				return nil
			}
			resolved, err := r.repo.Reference(ref.Name(), true)
			if err != nil {
				return nil
			}
			ref = resolved
		}
		h, err := o.peel(ref.Hash())
		switch {
		case errors.Is(err, errNotCommit):
			res.Notes = append(res.Notes, fmt.Sprintf("ref %s %v", ref.Name(), err))
		case err != nil:
			res.Problems = append(res.Problems, fmt.Sprintf("ref %s: %v", ref.Name(), err))
		default:
			add(h)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the refs of %s: %w", r.Root(), err)
	}
	stashes, err := r.stashReflog()
	if err != nil {
		res.Problems = append(res.Problems, fmt.Sprintf("stash reflog: %v", err))
	}
	for _, h := range stashes {
		if _, err := o.commit(h); err != nil {
			res.Problems = append(res.Problems, fmt.Sprintf("stash entry: %v", err))
			continue
		}
		add(h)
	}
	slices.SortFunc(res.Commits, func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	return res, nil
}

// errNotCommit marks a ref to a tree or blob.
var errNotCommit = errors.New("not a commit")

// Resolve turns a revision (branch, tag, remote branch, "HEAD~2", full or
// abbreviated SHA) into a commit.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) || errors.Is(err, plumbing.ErrObjectNotFound) {
			return plumbing.ZeroHash, fmt.Errorf("revision %q: not found in %s (a shallow clone may not have it: fetch more history)", rev, r.Root())
		}
		return plumbing.ZeroHash, fmt.Errorf("revision %q: %w", rev, err)
	}
	o := r.Objects()
	defer o.Release()
	return o.peel(*h)
}

// peel follows annotated tags (which may point at tags) to a commit.
func (o *Objects) peel(h plumbing.Hash) (plumbing.Hash, error) {
	for range 16 {
		obj, err := o.st.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return plumbing.ZeroHash, objectError("object", h, err)
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			tag, err := object.DecodeTag(o.st, obj)
			if err != nil {
				return plumbing.ZeroHash, objectError("tag", h, err)
			}
			h = tag.Target
		default:
			return plumbing.ZeroHash, fmt.Errorf("points to a %s, %w: not scanned", obj.Type(), errNotCommit)
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("tag chain at %s is too long", h)
}

// stashReflog returns the commits of every stash entry, newest first. Only
// the newest is refs/stash; `git stash list` reads the others from the
// reflog, and so do we.
func (r *Repo) stashReflog() ([]plumbing.Hash, error) {
	data, err := r.readFile("logs/refs/stash")
	if err != nil || data == nil {
		return nil, err
	}
	var out []plumbing.Hash
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		// "<old> <new> Name <email> <time> <tz>\t<message>"
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && plumbing.IsHash(fields[1]) {
			h := plumbing.NewHash(fields[1])
			if !h.IsZero() {
				out = append(out, h)
			}
		}
	}
	slices.Reverse(out)
	return out, sc.Err()
}

// HasCommit reports whether the repository holds commit h and can read it.
func (r *Repo) HasCommit(h plumbing.Hash) bool {
	o := r.Objects()
	defer o.Release()
	_, err := o.commit(h)
	return err == nil
}
