package gitrepo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/go-git/go-billy/v5"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/format/index"

	"github.com/tightlip/tightlip/internal/safefile"
)

// maxPointer bounds the one-line files that point elsewhere: a .git file
// ("gitdir: …"), commondir, HEAD.
const maxPointer = 64 * safefile.KiB

// maxGitConfig bounds a repository's config file.
const maxGitConfig = 4 * safefile.MiB

// gitFiles are the files of a repository directory that go-git reads
// whole, with the most each may hold (0: any size): none may be a FIFO,
// which would block the read, or a device such as /dev/zero, which would
// never end it. A repository inside a scanned tree is the tree's.
var gitFiles = []struct {
	name  string
	limit int64
}{
	{"commondir", maxPointer},
	{"HEAD", maxPointer},
	{"config", maxGitConfig},
	{"packed-refs", 0},
	{"index", 0},
	{"shallow", 0},
	{filepath.Join("logs", "refs", "stash"), 0},
}

// checkGitFiles finds the repository at path as go-git's PlainOpen does
// (with detect, in the nearest directory above that has a .git) and
// refuses it, naming the file, if its .git file or a file in gitFiles is
// not a regular file or exceeds its limit. Links are followed: a linked
// work tree's .git points outside it by design.
func checkGitFiles(path string, detect bool) error {
	dir, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	for {
		dotGit := filepath.Join(dir, ".git")
		fi, err := os.Stat(dotGit)
		switch {
		case err == nil && fi.IsDir():
			return checkGitDir(dotGit)
		case err == nil:
			target, err := readGitFile(dotGit)
			if err != nil {
				return err
			}
			return checkGitDir(target)
		case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR):
		default:
			return err
		}
		parent := filepath.Dir(dir)
		if !detect || parent == dir {
			// A bare repository at path, or (no objects directory) none:
			// a plain directory's own "config" is not git's.
			if fi, err := os.Stat(filepath.Join(path, "objects")); err == nil && fi.IsDir() {
				return checkGitDir(path)
			}
			return nil
		}
		dir = parent
	}
}

// checkGitDir checks the files of one repository directory, and of its
// common directory.
func checkGitDir(gitDir string) error {
	dirs := []string{gitDir}
	if data, err := safefile.ReadPath(filepath.Join(gitDir, "commondir"), maxPointer); err == nil {
		common := strings.TrimSpace(string(data))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
		dirs = append(dirs, common)
	}
	for _, d := range dirs {
		for _, f := range gitFiles {
			if err := checkGitFile(filepath.Join(d, f.name), f.limit); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkGitFile(name string, limit int64) error {
	fi, err := os.Stat(name)
	if err != nil {
		return nil // missing, or unreadable: go-git says so when it matters
	}
	if err := safefile.Regular(name, fi); err != nil {
		return err
	}
	if limit > 0 && fi.Size() > limit {
		return &safefile.RefusedError{Name: name, Why: "is larger than " + safefile.FormatSize(limit), Kind: safefile.ErrTooLarge}
	}
	return nil
}

// Index reads the repository's index (the staging area) with go-git, once
// it is known to be a regular file: a FIFO there would block the read.
func Index(r *git.Repository) (*index.Index, error) {
	if st, ok := r.Storer.(interface{ Filesystem() billy.Filesystem }); ok {
		fs := st.Filesystem()
		if fi, err := fs.Stat("index"); err == nil {
			if err := safefile.Regular(fs.Join(fs.Root(), "index"), fi); err != nil {
				return nil, err
			}
		}
	}
	return r.Storer.Index()
}
