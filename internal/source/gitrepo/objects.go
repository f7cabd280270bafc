package gitrepo

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Objects reads objects for one goroutine (see Repo.Objects).
type Objects struct {
	repo  *Repo
	st    *filesystem.Storage
	cache cache.Object // st's cache of decoded objects
	trees *treeCache
}

// Release hands the storage back to its repository for reuse. Its caches
// are emptied: what one task cached (the trees of a walk) is of no use to
// the next (reading blobs), and would only hold memory until the end.
func (o *Objects) Release() {
	o.cache.Clear()
	o.trees = newTreeCache(treeCacheSize)
	o.repo.mu.Lock()
	defer o.repo.mu.Unlock()
	o.repo.free = append(o.repo.free, o)
}

// Blob returns a blob's content, or nil and its size when it is larger
// than limit bytes. A large blob is not inflated to learn its size: go-git
// reads objects over 16 KiB lazily, from their pack header (for a delta, the
// header of the delta data).
func (o *Objects) Blob(h plumbing.Hash, limit int64) (data []byte, size int64, err error) {
	obj, err := o.st.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, 0, objectError("blob", h, err)
	}
	if obj.Size() > limit {
		return nil, obj.Size(), nil
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, 0, objectError("blob", h, err)
	}
	defer r.Close()
	buf := make([]byte, obj.Size())
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, 0, objectError("blob", h, err)
	}
	return buf, obj.Size(), nil
}

// Tree returns a decoded tree, from the cache when it was read recently:
// the diff of a commit against its parent reads the same subtrees the
// parent's own diff read.
func (o *Objects) Tree(h plumbing.Hash) (*object.Tree, error) {
	if t := o.trees.get(h); t != nil {
		return t, nil
	}
	t, err := object.GetTree(o.st, h)
	if err != nil {
		return nil, objectError("tree", h, err)
	}
	o.trees.put(h, t)
	return t, nil
}

// commit returns a decoded commit.
func (o *Objects) commit(h plumbing.Hash) (*object.Commit, error) {
	c, err := object.GetCommit(o.st, h)
	if err != nil {
		return nil, objectError("commit", h, err)
	}
	return c, nil
}

// ErrMissing is wrapped by errors for objects the repository does not have
// (a partial or damaged clone), as opposed to objects it has but cannot
// read.
var ErrMissing = errors.New("object missing")

// objectError names the object and says whether it is missing or unreadable.
func objectError(kind string, h plumbing.Hash, err error) error {
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		return fmt.Errorf("%s %s: %w", kind, h, ErrMissing)
	}
	return fmt.Errorf("%s %s: unreadable (corrupt object?): %w", kind, h, err)
}

// treeCache keeps recently decoded trees. Two generations approximate an
// LRU at the cost of two map lookups: when the young generation fills up it
// becomes the old one, and a hit in the old one is promoted.
type treeCache struct {
	limit      int
	young, old map[plumbing.Hash]*object.Tree
}

func newTreeCache(limit int) *treeCache {
	return &treeCache{limit: limit, young: map[plumbing.Hash]*object.Tree{}}
}

func (c *treeCache) get(h plumbing.Hash) *object.Tree {
	if t, ok := c.young[h]; ok {
		return t
	}
	if t, ok := c.old[h]; ok {
		c.put(h, t)
		return t
	}
	return nil
}

func (c *treeCache) put(h plumbing.Hash, t *object.Tree) {
	if len(c.young) >= c.limit {
		c.old, c.young = c.young, make(map[plumbing.Hash]*object.Tree, c.limit)
	}
	c.young[h] = t
}

// FileAt returns the blob of the file at path (a slash path from the top
// of the repository) in commit's tree, and false when the tree holds no
// file there (nothing, a directory, a submodule).
func (r *Repo) FileAt(commit plumbing.Hash, path string) (plumbing.Hash, bool, error) {
	o := r.Objects()
	defer o.Release()
	c, err := o.commit(commit)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	t, err := o.Tree(c.TreeHash)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	e, err := t.FindEntry(path)
	switch {
	case errors.Is(err, object.ErrEntryNotFound), errors.Is(err, object.ErrDirectoryNotFound), errors.Is(err, object.ErrFileNotFound):
		return plumbing.ZeroHash, false, nil
	case err != nil:
		return plumbing.ZeroHash, false, objectError("tree", c.TreeHash, err)
	case !isFile(e.Mode):
		return plumbing.ZeroHash, false, nil
	}
	return e.Hash, true, nil
}

// BlobOf reads a blob for a single caller (see Objects.Blob).
func (r *Repo) BlobOf(h plumbing.Hash, limit int64) (data []byte, size int64, err error) {
	o := r.Objects()
	defer o.Release()
	return o.Blob(h, limit)
}
