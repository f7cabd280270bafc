// Package source finds the bytes tightlip scans: files of a directory tree
// (honouring .gitignore in a git work tree) and standard input.
package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/source/gitrepo"
)

// File is one regular file to scan.
type File struct {
	// Path is the slash path relative to the scanned root.
	Path string
	// Abs is the file's absolute path, for messages; Read reads it.
	Abs  string
	Size int64

	// root and name are where Read opens it: the scanned root and the
	// file's path under it.
	root *os.Root
	name string
}

// MaxIgnoreFile bounds a .gitignore or exclude file: the largest real ones
// are a few KiB.
const MaxIgnoreFile = safefile.MiB

// Read reads the file, refusing it (see safefile.ReadFileIn) if it is no
// longer a regular file, has become a symbolic link, or holds more than
// limit bytes: then the error satisfies errors.Is(err, safefile.ErrTooLarge),
// having read no more than limit+1 bytes whatever the file's size.
func (f File) Read(limit int64) ([]byte, error) {
	if f.root == nil {
		return nil, fmt.Errorf("%s: not opened by a Walker", f.Path)
	}
	return safefile.ReadFileIn(f.root, f.name, limit)
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
	// OnProblem is told about a file the walk needed but could not read,
	// such as a .gitignore that is a link or a FIFO, in a message naming
	// it; nil drops them.
	OnProblem func(msg string)

	root *os.Root
}

// Close releases what Walk opened; the files it yielded cannot be read
// after.
func (w *Walker) Close() error {
	if w.root == nil {
		return nil
	}
	err := w.root.Close()
	w.root = nil
	return err
}

func (w *Walker) problem(msg string) {
	if w.OnProblem != nil {
		w.OnProblem(msg)
	}
}

// Walk calls yield for every file to scan, in lexical order. In a git work
// tree, files that .gitignore excludes are skipped unless git tracks them: a
// tracked file is in every clone, ignored or not. The files stay readable
// until Close.
//
// No symbolic link under the root is followed, and a .gitignore is read
// only if it is a regular file (not a link) of at most MaxIgnoreFile bytes;
// one that is not is reported to OnProblem and its patterns do not apply,
// so that more is scanned, not less.
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
	dir := root
	if !info.IsDir() {
		dir = filepath.Dir(root)
	}
	if w.root == nil {
		if w.root, err = os.OpenRoot(dir); err != nil {
			return fmt.Errorf("scan %s: %w", w.Root, err)
		}
	}
	if !info.IsDir() {
		return yield(File{Path: filepath.Base(root), Abs: root, Size: info.Size(), root: w.root, name: filepath.Base(root)})
	}
	ign, err := openIgnores(root, w.problem)
	if err != nil {
		return fmt.Errorf("scan %s: %w", w.Root, err)
	}
	defer ign.close()
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
				ign.enter(rel)
				return nil
			}
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			if ign.ignored(rel, true) {
				w.OnSkip(rel+"/", SkipIgnored, nil)
				return filepath.SkipDir
			}
			ign.enter(rel)
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
		return yield(File{Path: rel, Abs: p, Size: fi.Size(), root: w.root, name: filepath.FromSlash(rel)})
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
	// topRoot reads the work tree's .gitignore files; rel is the scanned
	// root's path from top, for messages.
	topRoot *os.Root
	rel     string
	problem func(msg string)
}

func (ig *ignores) close() {
	if ig.topRoot != nil {
		_ = ig.topRoot.Close()
	}
}

func openIgnores(root string, problem func(string)) (*ignores, error) {
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
	topRoot, err := os.OpenRoot(top)
	if err != nil {
		return nil, err
	}
	ig := &ignores{active: true, top: top, tracked: map[string]bool{}, trackedDirs: map[string]bool{}, topRoot: topRoot, rel: filepath.ToSlash(rel), problem: problem}
	if rel != "." {
		ig.prefix = strings.Split(filepath.ToSlash(rel), "/")
	}
	idx, err := gitrepo.Index(repo)
	if err != nil {
		// Without the index there is no telling which ignored files git
		// tracks, and a tracked file is in every clone: scan every file
		// rather than skip one silently. (The gitignore rules report the
		// unreadable index.)
		_ = topRoot.Close()
		return &ignores{}, nil //nolint:nilerr // a fallback, not a failure
	}
	for _, e := range idx.Entries {
		ig.tracked[e.Name] = true
		for d := path.Dir(e.Name); d != "." && !ig.trackedDirs[d]; d = path.Dir(d) {
			ig.trackedDirs[d] = true
		}
	}
	// The repository's own excludes: in its git directory, which this
	// machine's git made (a link there is git's, as for a linked work tree).
	if data, err := safefile.ReadPath(filepath.Join(top, ".git", "info", "exclude"), MaxIgnoreFile); err == nil {
		ig.add(data, nil)
	} else if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
		problem(fmt.Sprintf(".git/info/exclude: %s", safefile.Why(err)))
	}
	// .gitignore files between the work tree root and the scanned root apply too.
	for i := range ig.prefix {
		ig.read(ig.prefix[:i])
	}
	return ig, nil
}

// enter reads the .gitignore of a directory the walk is entering.
func (ig *ignores) enter(rel string) {
	if !ig.active {
		return
	}
	ig.read(ig.parts(rel))
}

// read adds the patterns of the .gitignore in the directory at dirParts
// (its path from top). One that is a link, not a regular file or too
// large is reported, naming it by its path from the scanned root.
func (ig *ignores) read(dirParts []string) {
	name := filepath.Join(append(append([]string(nil), dirParts...), ".gitignore")...)
	data, err := safefile.ReadFileIn(ig.topRoot, name, MaxIgnoreFile)
	switch {
	case err == nil:
		ig.add(data, dirParts)
	case errors.Is(err, fs.ErrNotExist):
	default:
		ig.problem(fmt.Sprintf("%s: %s", ig.shown(name), safefile.Why(err)))
	}
}

// shown names a file by its path from top as a slash path from the
// scanned root, with ../ for those above it: as the gitignore checks do.
func (ig *ignores) shown(name string) string {
	rel, err := filepath.Rel(filepath.Join(ig.top, filepath.FromSlash(ig.rel)), filepath.Join(ig.top, name))
	if err != nil {
		return filepath.ToSlash(name)
	}
	return filepath.ToSlash(rel)
}

// add adds the patterns of one ignore file, scoped to domain.
func (ig *ignores) add(data []byte, domain []string) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
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
