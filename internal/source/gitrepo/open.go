package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/cache"
	format "github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/tightlip/tightlip/internal/safefile"
)

// readerSafe lists the repository extensions (lowercased, as git reads
// them) that change what git may write or prune, not what a reader sees.
// go-git v5 refuses to open a repository with any extension it does not
// implement, so without this a sparse checkout (git sparse-checkout sets
// worktreeConfig) could not even have its working tree scanned.
var readerSafe = []string{"worktreeconfig", "preciousobjects", "partialclone", "noop", "noop-v1"}

// PlainOpen opens the repository at path (or, with detect, in the nearest
// directory above it that has one) as go-git's PlainOpenWithOptions does,
// linked work trees' common directory included, but accepts the extensions
// in readerSafe. A repository with another extension go-git cannot read
// (objectFormat=sha256, refStorage=reftable) is an error that names it.
//
// go-git reads a repository's .git file, commondir, HEAD, config and index
// whole: each must first be a regular file within its limit (see
// checkGitFiles), or the open fails naming it.
func PlainOpen(path string, detect bool) (*git.Repository, error) {
	if err := checkGitFiles(path, detect); err != nil {
		return nil, err
	}
	r, err := git.PlainOpenWithOptions(path, &git.PlainOpenOptions{DetectDotGit: detect, EnableDotGitCommonDir: true})
	if !errors.Is(err, git.ErrUnknownExtension) && !errors.Is(err, git.ErrUnsupportedExtensionRepositoryFormatVersion) {
		return r, err
	}
	dot, wt, ferr := gitDirs(path, detect)
	if ferr != nil {
		return nil, err
	}
	st := filesystem.NewStorage(dot, cache.NewObjectLRUDefault())
	cfg, cerr := st.Config()
	if cerr != nil {
		return nil, err
	}
	if other := unsafeExtensions(cfg); len(other) > 0 {
		return nil, fmt.Errorf("repository uses extensions.%s, which tightlip's git reader (go-git v5) cannot read", strings.Join(other, ", extensions."))
	}
	return git.Open(safeConfig{st}, wt)
}

// unsafeExtensions lists the extensions set in cfg that are not reader-safe.
func unsafeExtensions(cfg *config.Config) []string {
	var out []string
	if cfg.Raw == nil {
		return nil
	}
	for _, o := range cfg.Raw.Section("extensions").Options {
		name := strings.ToLower(o.Key)
		if !slices.Contains(readerSafe, name) {
			out = append(out, o.Key+"="+o.Value)
		}
	}
	return out
}

// safeConfig hides the reader-safe extensions from go-git's check. Code
// that wants the configuration as written (Repo.Partial) reads it from the
// underlying storage.
type safeConfig struct{ *filesystem.Storage }

func (s safeConfig) Config() (*config.Config, error) {
	cfg, err := s.Storage.Config()
	if err != nil || cfg.Raw == nil {
		return cfg, err
	}
	raw := *cfg.Raw
	raw.Sections = nil
	for _, sec := range cfg.Raw.Sections {
		if strings.EqualFold(sec.Name, "extensions") {
			kept := *sec
			kept.Options = slices.DeleteFunc(slices.Clone(sec.Options), func(o *format.Option) bool {
				return slices.Contains(readerSafe, strings.ToLower(o.Key))
			})
			sec = &kept
		}
		raw.Sections = append(raw.Sections, sec)
	}
	out := *cfg
	out.Raw = &raw
	return &out, nil
}

// storageOf returns the filesystem storage under a repository opened by
// PlainOpen.
func storageOf(r *git.Repository) (*filesystem.Storage, bool) {
	switch s := r.Storer.(type) {
	case *filesystem.Storage:
		return s, true
	case safeConfig:
		return s.Storage, true
	}
	return nil, false
}

// gitDirs finds the repository directory for path the way git does: a
// .git directory, or a .git file that points at one ("gitdir: …", linked
// work trees and submodules), in path or, with detect, in the nearest
// directory above; without either, path itself as a bare repository. A
// linked work tree's directory is joined with its common directory.
func gitDirs(path string, detect bool) (repository, worktree billy.Filesystem, err error) {
	dir, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() && detect {
		dir = filepath.Dir(dir) // a file: its directory's repository
	}
	for {
		fi, err := os.Stat(filepath.Join(dir, ".git"))
		switch {
		case err == nil && fi.IsDir():
			return withCommonDir(filepath.Join(dir, ".git"), osfs.New(dir))
		case err == nil:
			target, err := readGitFile(filepath.Join(dir, ".git"))
			if err != nil {
				return nil, nil, err
			}
			return withCommonDir(target, osfs.New(dir))
		case !os.IsNotExist(err):
			return nil, nil, err
		}
		parent := filepath.Dir(dir)
		if !detect || parent == dir {
			abs, _ := filepath.Abs(path)
			return withCommonDir(abs, nil)
		}
		dir = parent
	}
}

func readGitFile(name string) (string, error) {
	b, err := safefile.ReadPath(name, maxPointer)
	if err != nil {
		return "", err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	target, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
	if !ok {
		return "", fmt.Errorf("%s: no gitdir: line", name)
	}
	target = strings.TrimSpace(target)
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(name), target)
	}
	return target, nil
}

func withCommonDir(gitDir string, worktree billy.Filesystem) (billy.Filesystem, billy.Filesystem, error) {
	dot := osfs.New(gitDir)
	b, err := safefile.ReadPath(filepath.Join(gitDir, "commondir"), maxPointer)
	if os.IsNotExist(err) {
		return dot, worktree, nil
	}
	if err != nil {
		return nil, nil, err
	}
	common := strings.TrimSpace(string(b))
	if !filepath.IsAbs(common) {
		common = filepath.Join(gitDir, common)
	}
	return dotgit.NewRepositoryFilesystem(dot, osfs.New(common)), worktree, nil
}
