// Package source finds the bytes tightlip scans: files of a directory tree
// (honouring .gitignore in a git work tree) and standard input.
package source

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/tightlip/tightlip/source/gitrepo"
)

// File is one regular file to scan.
type File struct {
	// Path is the slash path relative to the scanned root.
	Path string
	// Abs is the path to open.
	Abs  string
	Size int64
}

// Skip reasons reported in the summary.
const (
	SkipIgnored    = "ignored by .gitignore"
	SkipSymlink    = "symbolic link (not followed)"
	SkipSpecial    = "not a regular file"
	SkipUnreadable = "unreadable"
)

// Walker lists the files under a root.
type Walker struct {
	// Root is the directory to walk.
	Root string
	// OnSkip is told about every file or directory not yielded, with the
	// reason and, for errors, the cause. It must not be nil.
	OnSkip func(path, reason string, err error)
}

// Walk calls yield for every file to scan, in lexical order. In a git work
// tree, files that .gitignore excludes are skipped unless git tracks them: a
// tracked file is in every clone, ignored or not.
func (w *Walker) Walk(ctx context.Context, yield func(File) error) error {
	root, err := filepath.Abs(w.Root)
	if err != nil {
		return fmt.Errorf("scan %s: %w", w.Root, err)
	}
	// The root is what the user named: follow it if it is a link (only
	// links inside the tree are left alone).
	if resolved, err := filepath.EvalSymlinks(root); err == nil {
		root = resolved
	}
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("scan %s: %w", w.Root, err)
	}
	if !info.IsDir() {
		return yield(File{Path: filepath.Base(root), Abs: root, Size: info.Size()})
	}
	ign, err := openIgnores(root)
	if err != nil {
		return fmt.Errorf("scan %s: %w", w.Root, err)
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			w.OnSkip(rel, SkipUnreadable, err)
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p == root {
				ign.enter(p, rel)
				return nil
			}
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			if ign.ignored(rel, true) {
				w.OnSkip(rel+"/", SkipIgnored, nil)
				return filepath.SkipDir
			}
			ign.enter(p, rel)
			return nil
		}
		if ign.ignored(rel, false) {
			w.OnSkip(rel, SkipIgnored, nil)
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			w.OnSkip(rel, SkipSymlink, nil)
			return nil
		case !d.Type().IsRegular():
			w.OnSkip(rel, SkipSpecial, nil)
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			w.OnSkip(rel, SkipUnreadable, err)
			return nil
		}
		return yield(File{Path: rel, Abs: p, Size: fi.Size()})
	})
}

// ignores answers "does .gitignore exclude this path?" for a walk. Outside a
// git work tree nothing is ignored: .gitignore means nothing to a plain directory.
type ignores struct {
	active   bool
	top      string   // work tree root
	prefix   []string // scanned root relative to top
	patterns []gitignore.Pattern
	tracked  map[string]bool // top-relative slash paths in git's index
	// trackedDirs holds every directory with a tracked file below it: an
	// ignored directory must still be walked for those.
	trackedDirs map[string]bool
}

func openIgnores(root string) (*ignores, error) {
	repo, err := gitrepo.PlainOpen(root, true)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return &ignores{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository: %w", err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		// A bare repository has no work tree to honour.
		return &ignores{}, nil
	}
	top := wt.Filesystem.Root()
	rel, err := filepath.Rel(top, root)
	if err != nil {
		return nil, err
	}
	ig := &ignores{active: true, top: top, tracked: map[string]bool{}, trackedDirs: map[string]bool{}}
	if rel != "." {
		ig.prefix = strings.Split(filepath.ToSlash(rel), "/")
	}
	idx, err := repo.Storer.Index()
	if err != nil {
		// Without the index there is no telling which ignored files git
		// tracks, and a tracked file is in every clone: scan every file
		// rather than skip one silently. (The gitignore rules report the
		// unreadable index.)
		return &ignores{}, nil //nolint:nilerr // a fallback, not a failure
	}
	for _, e := range idx.Entries {
		ig.tracked[e.Name] = true
		for d := path.Dir(e.Name); d != "." && !ig.trackedDirs[d]; d = path.Dir(d) {
			ig.trackedDirs[d] = true
		}
	}
	ig.read(filepath.Join(top, ".git", "info", "exclude"), nil)
	// .gitignore files between the work tree root and the scanned root apply too.
	for i := range ig.prefix {
		dir := filepath.Join(append([]string{top}, ig.prefix[:i]...)...)
		ig.read(filepath.Join(dir, ".gitignore"), ig.prefix[:i])
	}
	return ig, nil
}

// enter reads the .gitignore of a directory the walk is entering.
func (ig *ignores) enter(abs, rel string) {
	if !ig.active {
		return
	}
	ig.read(filepath.Join(abs, ".gitignore"), ig.parts(rel))
}

// read adds the patterns of one ignore file, scoped to domain.
func (ig *ignores) read(file string, domain []string) {
	f, err := os.Open(file)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		ig.patterns = append(ig.patterns, gitignore.ParsePattern(line, append([]string(nil), domain...)))
	}
}

func (ig *ignores) parts(rel string) []string {
	out := append([]string(nil), ig.prefix...)
	if rel != "." && rel != "" {
		out = append(out, strings.Split(rel, "/")...)
	}
	return out
}

func (ig *ignores) ignored(rel string, isDir bool) bool {
	if !ig.active || len(ig.patterns) == 0 {
		return false
	}
	parts := ig.parts(rel)
	if !isDir && ig.tracked[strings.Join(parts, "/")] {
		return false
	}
	if isDir && ig.trackedDirs[strings.Join(parts, "/")] {
		return false
	}
	return gitignore.NewMatcher(ig.patterns).Match(parts, isDir)
}
