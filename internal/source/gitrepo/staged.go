package gitrepo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Staged is what the next commit would add: the index compared with HEAD.
type Staged struct {
	// Changes are the index entries whose blob is not HEAD's at that path,
	// with Commit -1.
	Changes []Change
	// Unmerged lists paths with unresolved conflicts, which cannot be
	// committed as they are.
	Unmerged []string
	// NoHead is set in a repository without commits: everything staged is
	// new.
	NoHead bool
	// Problems name HEAD trees that could not be read; their files are
	// compared as new.
	Problems []string
	// Files are the files the index holds, staged or not: the tree the
	// next commit would have (unmerged paths aside), in the index's order.
	Files []File
}

// Staged compares the repository's own index with HEAD's tree. It reads
// the index and HEAD's trees, never a blob.
func (r *Repo) Staged() (*Staged, error) { return r.StagedIndex("") }

// StagedIndex compares the index file indexFile with HEAD's tree, or the
// repository's own index when indexFile is empty. indexFile is what
// GIT_INDEX_FILE names: git runs the hooks of `git commit -a`,
// `git commit PATH…` and pre-commit's stashing with a temporary index
// there, and that index, not .git/index, is what is being committed. A
// relative name is taken from the work tree's top, where git runs hooks
// (from the repository directory of a bare repository).
func (r *Repo) StagedIndex(indexFile string) (*Staged, error) {
	var idx *index.Index
	var err error
	if indexFile == "" {
		idx, err = Index(r.repo)
	} else {
		if !filepath.IsAbs(indexFile) {
			indexFile = filepath.Join(r.Root(), indexFile)
		}
		idx, err = readIndexFile(indexFile, maxIndexSize)
	}
	if err != nil {
		return nil, fmt.Errorf("read the index of %s: %w", r.Root(), err)
	}
	o := r.Objects()
	defer o.Release()
	res := &Staged{}
	var head *object.Tree
	ref, err := r.repo.Head()
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		res.NoHead = true
	case err != nil:
		return nil, fmt.Errorf("resolve HEAD of %s: %w", r.Root(), err)
	default:
		c, err := o.commit(ref.Hash())
		if err != nil {
			return nil, fmt.Errorf("read HEAD of %s: %w", r.Root(), err)
		}
		if head, err = o.Tree(c.TreeHash); err != nil {
			return nil, fmt.Errorf("read HEAD of %s: %w", r.Root(), err)
		}
	}
	entries := make([]*index.Entry, 0, len(idx.Entries))
	for _, e := range idx.Entries {
		switch {
		case e.Stage != 0:
			// Stage 0 is a resolved entry; 1-3 are a conflict's versions.
			// (go-git's index.Merged constant is 1, which is wrong.)
			if len(res.Unmerged) == 0 || res.Unmerged[len(res.Unmerged)-1] != e.Name {
				res.Unmerged = append(res.Unmerged, e.Name)
			}
		case e.IntentToAdd:
			// `git add -N`: the path is known, its content not staged.
		default:
			entries = append(entries, e)
		}
	}
	slices.SortFunc(entries, func(a, b *index.Entry) int { return strings.Compare(a.Name, b.Name) })
	for _, e := range entries {
		if isContent(e.Mode) {
			res.Files = append(res.Files, File{Path: e.Name, Blob: e.Hash})
		}
	}
	slices.Sort(res.Unmerged)
	res.Unmerged = slices.Compact(res.Unmerged)
	compareIndex(o, "", head, entries, res)
	return res, nil
}

// compareIndex compares the index entries under dir (sorted, names relative
// to the top) with tree, HEAD's tree at dir (nil when HEAD has none).
func compareIndex(o *Objects, dir string, tree *object.Tree, entries []*index.Entry, res *Staged) {
	var byName map[string]*object.TreeEntry
	if tree != nil {
		byName = make(map[string]*object.TreeEntry, len(tree.Entries))
		for i := range tree.Entries {
			byName[tree.Entries[i].Name] = &tree.Entries[i]
		}
	}
	prefix := len(dir)
	if dir != "" {
		prefix++
	}
	for i := 0; i < len(entries); {
		rel := entries[i].Name[prefix:]
		slash := strings.IndexByte(rel, '/')
		if slash < 0 {
			e := entries[i]
			i++
			te := byName[rel]
			if te != nil && te.Hash == e.Hash && te.Mode != filemode.Dir {
				continue
			}
			ch := Change{Commit: -1, Path: e.Name, Blob: e.Hash, Mode: e.Mode}
			if te != nil && isFile(te.Mode) && isFile(e.Mode) {
				ch.Base = te.Hash
			}
			res.Changes = append(res.Changes, ch)
			continue
		}
		// Every entry under this subdirectory: the index is sorted, and
		// "sub/" sorts together.
		name := rel[:slash]
		sub := join(dir, name)
		j := i
		for j < len(entries) && strings.HasPrefix(entries[j].Name[prefix:], name+"/") {
			j++
		}
		var subtree *object.Tree
		if te := byName[name]; te != nil && te.Mode == filemode.Dir {
			t, err := o.Tree(te.Hash)
			if err != nil {
				res.Problems = append(res.Problems, "HEAD "+sub+"/: "+err.Error())
			}
			subtree = t
		}
		compareIndex(o, sub, subtree, entries[i:j], res)
		i = j
	}
}

// maxIndexSize bounds an index file named by GIT_INDEX_FILE. An index
// holds about 100 bytes a tracked file: 256 MiB is two million files, far
// beyond the largest repositories in use.
const maxIndexSize = 256 << 20

// readIndexFile decodes the index file name, which must be a regular file
// (not a symbolic link, FIFO or device) of at most limit bytes.
func readIndexFile(name string, limit int64) (*index.Index, error) {
	// Lstat before opening: a FIFO must not be opened (that waits for a
	// writer) and a link not followed; the open file is then checked to be
	// the file Lstat saw.
	li, err := os.Lstat(name)
	if err != nil {
		return nil, fmt.Errorf("index file %s (GIT_INDEX_FILE): %w", name, err)
	}
	if err := indexFileKind(name, li, limit); err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("index file %s (GIT_INDEX_FILE): %w", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("index file %s (GIT_INDEX_FILE): %w", name, err)
	}
	if !os.SameFile(li, fi) {
		return nil, fmt.Errorf("index file %s (GIT_INDEX_FILE) changed while it was opened", name)
	}
	if err := indexFileKind(name, fi, limit); err != nil {
		return nil, err
	}
	lr := &io.LimitedReader{R: f, N: limit + 1}
	idx := &index.Index{}
	if err := index.NewDecoder(bufio.NewReader(lr)).Decode(idx); err != nil {
		return nil, fmt.Errorf("index file %s (GIT_INDEX_FILE): %w", name, err)
	}
	if lr.N <= 0 {
		return nil, fmt.Errorf("index file %s (GIT_INDEX_FILE) is over the limit of %d bytes", name, limit)
	}
	return idx, nil
}

// indexFileKind refuses an index file that is not a regular file or is
// larger than limit.
func indexFileKind(name string, fi fs.FileInfo, limit int64) error {
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("index file %s (GIT_INDEX_FILE) is a symbolic link: not followed", name)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("index file %s (GIT_INDEX_FILE) is not a regular file (%s)", name, fi.Mode().Type())
	case fi.Size() > limit:
		return fmt.Errorf("index file %s (GIT_INDEX_FILE) is %d bytes, over the limit of %d", name, fi.Size(), limit)
	}
	return nil
}
