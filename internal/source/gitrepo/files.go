package gitrepo

import (
	"context"

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

// FilesAt lists the files of commit's tree, as the tree orders them. It
// reads trees, never a blob. A subtree that cannot be read is named in
// problems and its files are missing from the list; ctx stops the listing
// with its error.
func (r *Repo) FilesAt(ctx context.Context, commit plumbing.Hash) (files []File, problems []string, err error) {
	o := r.Objects()
	defer o.Release()
	c, err := o.commit(commit)
	if err != nil {
		return nil, nil, err
	}
	var list func(dir string, h plumbing.Hash) error
	list = func(dir string, h plumbing.Hash) error {
		if err := ctx.Err(); err != nil {
			return err
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
				if err := list(join(dir, e.Name), e.Hash); err != nil {
					return err
				}
			case isContent(e.Mode):
				files = append(files, File{Path: join(dir, e.Name), Blob: e.Hash})
			}
		}
		return nil
	}
	if err := list("", c.TreeHash); err != nil {
		return nil, nil, err
	}
	return files, problems, nil
}
