// Package gitrepo reads a git repository in-process, through go-git: which
// commits the history holds, which blobs each commit introduced at which
// path (and what the path held before), and what the index would add to
// HEAD. It finds the bytes; deciding what to scan is the caller's job.
//
// Nothing here aborts on a missing or corrupt object: the walk goes on and
// the object is named in the result's Problems.
package gitrepo

import (
	"crypto"
	"crypto/sha1" //nolint:gosec // object IDs as cache keys, see plainSHA1
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/hash"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/tightlip/tightlip/internal/safefile"
)

// maxRepoFile bounds a file of the repository directory read whole, such
// as the stash's reflog.
const maxRepoFile = 64 * safefile.MiB

// Repo is an open repository.
type Repo struct {
	repo *git.Repository
	// written is the storage repo was opened with; its Config is the
	// configuration as written, extensions included (see safeConfig).
	written *filesystem.Storage
	// storage opens the repository directory (.git, or the bare directory)
	// again, for one worker.
	storage func() (*filesystem.Storage, cache.Object)
	// dir is the repository directory.
	dir string
	// readFile reads a file of the repository directory; nil without error
	// when it does not exist.
	readFile func(name string) ([]byte, error)
	// root is the work tree's top directory; empty for a bare repository.
	root string
	// shallow holds the commits whose parents a shallow clone left out.
	shallow map[plumbing.Hash]bool

	// mu guards pool, every storage Objects made, and free, those not in
	// use.
	mu         sync.Mutex
	pool, free []*Objects
}

// plainSHA1 swaps go-git's SHA-1, which detects collision attacks
// (sha1cd), for the standard library's, which uses the CPU's SHA
// instructions. go-git hashes every object it decodes from a pack only to
// key its cache of delta bases (5% of a history scan's CPU time with
// sha1cd); this package reads objects by the IDs the pack index gives and
// never writes or verifies one, so there is nothing to detect.
var plainSHA1 = sync.OnceValue(func() error { return hash.RegisterHash(crypto.SHA1, sha1.New) })

// Open opens the repository holding path: path itself or any directory
// above it, as git does.
func Open(path string) (*Repo, error) {
	if err := plainSHA1(); err != nil {
		return nil, err
	}
	// path itself first: a work tree's top or a bare repository (which
	// detection, looking for a ".git" above, would miss); then upwards.
	r, err := PlainOpen(path, false)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		r, err = PlainOpen(path, true)
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("open git repository at %s: not a git repository (nor any parent directory)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: %w", path, err)
	}
	st, ok := storageOf(r)
	if !ok {
		return nil, fmt.Errorf("open git repository at %s: unexpected storage %T", path, r.Storer)
	}
	dotgit := st.Filesystem()
	repo := &Repo{repo: r, written: st, dir: dotgit.Root(), shallow: map[plumbing.Hash]bool{}}
	repo.readFile = func(name string) ([]byte, error) {
		f, err := dotgit.Open(name)
		if os.IsNotExist(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return safefile.ReadLimited(f, name, maxRepoFile)
	}
	repo.storage = func() (*filesystem.Storage, cache.Object) {
		c := cache.NewObjectLRU(objectCacheSize)
		return filesystem.NewStorageWithOptions(dotgit, c, filesystem.Options{
			KeepDescriptors: true,
			// The loose objects are listed once, not looked for one by one.
			ExclusiveAccess: true,
			// Larger loose objects are read lazily, so Blob learns their size
			// without inflating them (packed ones over 16 KiB are anyway).
			LargeObjectThreshold: largeObject,
		}), c
	}
	if wt, err := r.Worktree(); err == nil {
		repo.root = wt.Filesystem.Root()
	}
	shallow, err := st.Shallow()
	if err != nil {
		return nil, fmt.Errorf("open git repository at %s: read shallow list: %w", path, err)
	}
	for _, h := range shallow {
		repo.shallow[h] = true
	}
	return repo, nil
}

// Root is the work tree's top directory, or the repository directory of a
// bare repository.
func (r *Repo) Root() string {
	if r.root != "" {
		return r.root
	}
	return filepath.Clean(r.dir)
}

// Shallow reports whether the repository is a shallow clone.
func (r *Repo) Shallow() bool { return len(r.shallow) > 0 }

// Partial reports whether the repository is a partial clone (`git clone
// --filter=…`): objects its filter left out are missing by design, and
// fetched by git on demand, never by us.
func (r *Repo) Partial() bool {
	cfg, err := r.written.Config()
	if err != nil || cfg.Raw == nil {
		return false
	}
	if cfg.Raw.Section("extensions").Option("partialclone") != "" {
		return true
	}
	for _, sub := range cfg.Raw.Section("remote").Subsections {
		if sub.Option("promisor") == "true" {
			return true
		}
	}
	return false
}

// Close releases the files the repository holds open.
func (r *Repo) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var err error
	for _, o := range r.pool {
		if e := o.st.Close(); err == nil {
			err = e
		}
	}
	r.pool = nil
	return err
}

// objectCacheSize bounds each storage's cache of decoded objects, which also
// serves as go-git's cache of delta bases: consecutive versions of a file
// are usually deltas of one another, so a worker that reads them in order
// finds the base here.
const objectCacheSize = 32 * cache.MiByte

// Objects returns a storage for one goroutine: go-git's storage is not safe
// for concurrent use, and one storage per goroutine is the way its
// maintainers recommend. Each storage loads the pack indexes and keeps a
// cache, so storages are reused: Release returns it for the next caller.
func (r *Repo) Objects() *Objects {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.free); n > 0 {
		o := r.free[n-1]
		r.free = r.free[:n-1]
		return o
	}
	o := r.newObjects()
	r.pool = append(r.pool, o)
	return o
}

func (r *Repo) newObjects() *Objects {
	st, c := r.storage()
	return &Objects{repo: r, st: st, cache: c, trees: newTreeCache(treeCacheSize)}
}

// largeObject is the size above which go-git reads an object lazily.
const largeObject = 8 << 20

// treeCacheSize bounds each storage's cache of decoded trees, in trees.
const treeCacheSize = 1024

// WorkTree is the work tree's top directory; empty for a bare repository.
func (r *Repo) WorkTree() string { return r.root }
