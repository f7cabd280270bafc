package gitrepo

import (
	"bufio"
	"bytes"
	"encoding/hex"
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
// abbreviated hash) into a commit, in git's order: a full hash names its
// object; any other name is a ref first (git's rules: as given, under
// refs/, a tag, a branch, a remote branch, a remote's HEAD), and an
// abbreviated hash of four digits or more only when no ref has that name,
// which must then name one commit; a "~n", "^n" or other suffix walks on
// from there. go-git's ResolveRevision tries the hash first and takes any
// hex prefix, even one digit, and the first of several matches, so a
// branch named "feed" or a tag "2024" could resolve to an unrelated
// commit: --range would have scanned the wrong commits and said nothing.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	name, suffix := rev, ""
	if i := revSuffix(rev); i >= 0 {
		name, suffix = rev[:i], rev[i:]
	}
	o := r.Objects()
	defer o.Release()
	// What is left for go-git: the suffix's walk from a full hash, which
	// it cannot take for anything else, or a revision that names no
	// commit to start from (":/message"), as before.
	var h plumbing.Hash
	var err error
	rest := rev
	if name != "" {
		if h, err = r.resolveName(o, name); err == nil && suffix != "" {
			rest = h.String() + suffix
		} else {
			rest = ""
		}
	}
	if err == nil && rest != "" {
		var p *plumbing.Hash
		if p, err = r.repo.ResolveRevision(plumbing.Revision(rest)); err == nil {
			h = *p
		}
	}
	if err == nil {
		h, err = o.peel(h)
	}
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) || errors.Is(err, plumbing.ErrObjectNotFound) || errors.Is(err, ErrMissing) {
			return plumbing.ZeroHash, fmt.Errorf("revision %q: not found in %s (a shallow clone may not have it: fetch more history)", rev, r.Root())
		}
		return plumbing.ZeroHash, fmt.Errorf("revision %q: %w", rev, err)
	}
	return h, nil
}

// revSuffix returns where the part of rev that walks from a named commit
// starts ("~", "^", ":" or "@{", none of which a ref name holds), or -1.
func revSuffix(rev string) int {
	i := strings.IndexAny(rev, "~^:")
	if j := strings.Index(rev, "@{"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	return i
}

// minAbbrev is the fewest hex digits git takes as an abbreviated hash.
const minAbbrev = 4

// resolveName resolves a revision without suffix (see Resolve).
func (r *Repo) resolveName(o *Objects, name string) (plumbing.Hash, error) {
	if name == "@" {
		name = "HEAD" // git's shorthand
	}
	if len(name) == 2*len(plumbing.ZeroHash) && isHex(name) {
		return plumbing.NewHash(name), nil
	}
	// A name git would refuse as a ref is not looked up as a file of the
	// repository directory.
	if name != "" && !strings.Contains(name, "..") && !strings.HasPrefix(name, "/") && !strings.ContainsAny(name, "\\\x00") {
		for _, rule := range plumbing.RefRevParseRules {
			if ref, err := r.repo.Reference(plumbing.ReferenceName(fmt.Sprintf(rule, name)), true); err == nil {
				return ref.Hash(), nil
			}
		}
	}
	if len(name) < minAbbrev || !isHex(name) {
		return plumbing.ZeroHash, plumbing.ErrReferenceNotFound
	}
	prefix, err := hex.DecodeString(name[:len(name)&^1])
	if err != nil {
		return plumbing.ZeroHash, err
	}
	candidates, err := o.st.HashesWithPrefix(prefix)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var commits []plumbing.Hash
	for _, h := range candidates {
		if !strings.HasPrefix(h.String(), strings.ToLower(name)) {
			continue // the odd last digit
		}
		// Only what names a commit counts, as git takes a revision to be
		// commit-ish: a blob sharing the prefix does not make it ambiguous.
		if c, err := o.peel(h); err == nil && !slices.Contains(commits, c) {
			commits = append(commits, c)
		}
	}
	switch len(commits) {
	case 0:
		return plumbing.ZeroHash, plumbing.ErrObjectNotFound
	case 1:
		return commits[0], nil
	}
	return plumbing.ZeroHash, fmt.Errorf("abbreviated hash %s names %d commits: give more digits or the full hash", name, len(commits))
}

func isHex(s string) bool {
	for i := range len(s) {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return s != ""
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
