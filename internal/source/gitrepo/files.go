package gitrepo

import (
	"context"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// File is a file of a commit's tree or of the index: a regular or
// executable file, whose content is a blob of this repository (symbolic
// links and submodules are not files here).
type File struct {
	// Path is the slash path from the top of the repository.
	Path string
	Blob plumbing.Hash
}

// isContent is true for the modes of a regular or executable file.
func isContent(m filemode.FileMode) bool {
	return m == filemode.Regular || m == filemode.Executable || m == filemode.Deprecated
}

// maxTreeDepth bounds how deep FilesAt descends, as git's
// core.maxTreeDepth does (4096 by default): the directories of a path are
// held while its subtrees are listed, so a hostile tree nested a hundred
// thousand levels deep would cost memory quadratic in its depth.
// (A variable for tests.)
var maxTreeDepth = 4096

// tooDeep is the problem of a directory deeper than maxTreeDepth, its
// path cut short (it is thousands of names long).
func tooDeep(commit plumbing.Hash, dir string) string {
	if len(dir) > 100 {
		dir = dir[:100] + "…"
	}
	return fmt.Sprintf("commit %s: %s/: nested deeper than %d directories: not read", commit, dir, maxTreeDepth)
}

// FilesAt lists the files of commit's tree, as the tree orders them. It
// reads trees, never a blob. A subtree that cannot be read, or lies deeper
// than maxTreeDepth, is named in problems and its files are missing from
// the list; ctx stops the listing with its error.
func (r *Repo) FilesAt(ctx context.Context, commit plumbing.Hash) (files []File, problems []string, err error) {
	o := r.Objects()
	defer o.Release()
	c, err := o.commit(commit)
	if err != nil {
		return nil, nil, err
	}
	var list func(dir string, h plumbing.Hash, depth int) error
	list = func(dir string, h plumbing.Hash, depth int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if depth > maxTreeDepth {
			problems = append(problems, tooDeep(commit, dir))
			return nil
		}
		t, err := o.Tree(h)
		if err != nil {
			where := "root tree"
			if dir != "" {
				where = dir + "/"
			}
			problems = append(problems, "commit "+commit.String()+": "+where+": "+err.Error())
			return nil
		}
		for i := range t.Entries {
			e := &t.Entries[i]
			switch {
			case e.Mode == filemode.Dir:
				if err := list(join(dir, e.Name), e.Hash, depth+1); err != nil {
					return err
				}
			case isContent(e.Mode):
				files = append(files, File{Path: join(dir, e.Name), Blob: e.Hash})
			}
		}
		return nil
	}
	if err := list("", c.TreeHash, 0); err != nil {
		return nil, nil, err
	}
	return files, problems, nil
}
