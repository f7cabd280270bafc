// Package source finds the bytes tightlip scans: files of a directory tree
// (honouring .gitignore in a git work tree) and standard input.
package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	git "github.com/go-git/go-git/v5"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// File is one regular file to scan.
type File struct {
	// Path is the slash path relative to the scanned root.
	Path string
	// Abs is the file's absolute path, for messages; Read does not use it
	// (past the kernel's path length limit it could not).
	Abs  string
	Size int64

	// dir and name are where Read opens it: its directory, opened by the
	// walk, and its name there.
	dir  *safefile.Dir
	name string
}

// Read reads the file, refusing it (see safefile.ReadFileIn) if it is no
// longer a regular file, has become a symbolic link, or holds more than
// limit bytes: then the error satisfies errors.Is(err, safefile.ErrTooLarge),
// having read no more than limit+1 bytes whatever the file's size. It
// opens the file by its name in its directory's handle, however deep.
func (f File) Read(limit int64) ([]byte, error) {
	if f.dir == nil {
		return nil, fmt.Errorf("%s: not opened by a Walker", f.Path)
	}
	return f.dir.ReadFile(f.name, limit)
}

// Release lets go of the file's directory, which the walk keeps open for
// Read until then: call it once, when done with the file, read or not.
// Walker.Close closes what was not released.
func (f File) Release() {
	if f.dir != nil {
		f.dir.Release()
	}
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
	// Visit, when set, is fed by the walk (see DirVisitor): the one walk
	// of a directory scan lists each directory, and reads each
	// .gitignore, for the content scan and the visitor both.
	Visit DirVisitor

	chain *safefile.Chain
}

// Close releases what Walk opened; the files it yielded cannot be read
// after.
func (w *Walker) Close() error {
	if w.chain != nil {
		w.chain.Close()
		w.chain = nil
	}
	return nil
}

func (w *Walker) problem(msg string) {
	if w.OnProblem != nil {
		w.OnProblem(msg)
	}
}

// Walk calls yield for every file to scan, in lexical order. In a git work
// tree, files that .gitignore excludes are skipped unless git tracks them: a
// tracked file is in every clone, ignored or not. The files stay readable
// until they are released or the Walker is closed; yield must release a
// file it does not keep (see File.Release), also when it returns an error.
//
// No symbolic link under the root is followed, and a .gitignore is read
// only if it is a regular file (not a link) of at most ignore.MaxFile bytes;
// one that is not is reported to OnProblem and its patterns do not apply,
// so that more is scanned, not less.
//
// Each directory is opened by its name in its parent's handle, and each
// file by its name in its directory's (see safefile.Chain): no path from
// the root is resolved, so a tree of any depth is walked in time linear
// in its size, and a directory swapped for a link during the walk is
// refused, not followed.
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
	if w.chain == nil {
		if w.chain, err = safefile.OpenChain(dir); err != nil {
			return fmt.Errorf("scan %s: %w", w.Root, err)
		}
	}
	d, err := w.chain.Current()
	if err != nil {
		return fmt.Errorf("scan %s: %w", w.Root, err)
	}
	if !info.IsDir() {
		return yield(File{Path: filepath.Base(root), Abs: root, Size: info.Size(), dir: d.Hold(), name: filepath.Base(root)})
	}
	ign, err := openIgnores(root, w.problem, w.Visit)
	if err != nil {
		return fmt.Errorf("scan %s: %w", w.Root, err)
	}
	defer ign.close()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	parts := slices.Clip(append([]string(nil), ign.prefix...))
	return w.walkDir(ctx, walkPath{root: root, skip: len(parts)}, parts, ign, ign.base, true, ign.rootWithin, yield)
}

// walkPath makes the paths of a walk's entries from their parts (see
// walkDir), only when a file or a message needs them: made at every
// level, they would cost the depth at every level.
type walkPath struct {
	root string // the scanned root's absolute path
	skip int    // parts above the scanned root (the work tree's prefix)
}

// rel is the slash path from the scanned root ("" for the root).
func (wp walkPath) rel(parts []string) string { return strings.Join(parts[wp.skip:], "/") }

// abs is the absolute path.
func (wp walkPath) abs(parts []string) string {
	return wp.root + string(filepath.Separator) + filepath.Join(parts[wp.skip:]...)
}

// walkDir walks the chain's current directory, whose path from the work
// tree's top is parts. parts is shared with the callers, each level
// appending its name in place (only the current path is ever in it).
// rules holds the ignore patterns of the directories above, shared with
// the parent's (see ignore.Chain). scan says the scan needs the
// directory; without, the walk is in it for w.Visit only, and yields,
// skips and reads for itself nothing in it.
func (w *Walker) walkDir(ctx context.Context, wp walkPath, parts []string, ign *ignores, rules ignore.Chain, scan bool, within *ignore.Pattern, yield func(File) error) error {
	rel := func() string { return wp.rel(parts) }
	vis := w.Visit
	d, err := w.chain.Current()
	if err == nil {
		var entries []fs.DirEntry
		if entries, err = d.ReadDir(); err == nil {
			return w.walkEntries(ctx, wp, parts, ign, rules, scan, within, d, entries, yield)
		}
	}
	if scan {
		w.OnSkip(displayRel(rel()), SkipUnreadable, err)
	}
	if vis != nil {
		vis.Unlisted(err)
	}
	return nil
}

// walkEntries walks the entries of d, the directory at parts (see
// walkDir), listed. within is the pattern that excludes d or a directory
// above it, which the walk entered only for the files git tracks there
// (see ignore.Skipped); nil when none does.
func (w *Walker) walkEntries(ctx context.Context, wp walkPath, parts []string, ign *ignores, rules ignore.Chain, scan bool, within *ignore.Pattern, d *safefile.Dir, entries []fs.DirEntry, yield func(File) error) error {
	rel := func() string { return wp.rel(parts) }
	vis := w.Visit
	// The .gitignore is read once, for the scan and the visitor both; for
	// the visitor also where the scan does not honour it (a plain
	// directory) or does not need it (a directory walked for the visitor
	// only), and then refusing it is the visitor's to report.
	if hasEntry(entries, ".gitignore") && (scan && ign.active || vis != nil) {
		f, err := ignore.ReadIn(d, ".gitignore", parts, join(rel(), ".gitignore"))
		if scan && ign.active {
			rules = rules.With(ign.use(f, err))
		}
		if vis != nil {
			vis.Dir(d, entries, parts, &f, err)
		}
	} else if vis != nil {
		vis.Dir(d, entries, parts, nil, nil)
	}
	for _, e := range entries {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		name := e.Name()
		childParts := append(parts, name) //nolint:gocritic // in place, on purpose: see walkDir
		childRel := func() string { return wp.rel(childParts) }
		if e.IsDir() {
			if name == ".git" {
				continue
			}
			by, skip := ign.skipped(rules, childParts, true, within)
			mine := scan && !skip
			if scan && !mine {
				w.OnSkip(childRel()+"/", SkipIgnored, nil)
			}
			theirs := vis != nil && vis.Want(name)
			if !mine && !theirs {
				continue
			}
			if _, err := w.chain.Push(name); err != nil {
				switch {
				case !mine:
				case errors.Is(err, safefile.ErrLink):
					// Swapped for a link since it was listed.
					w.OnSkip(childRel(), SkipSymlink, nil)
				default:
					w.OnSkip(childRel(), SkipUnreadable, err)
				}
				if theirs {
					vis.NotOpened(name, err)
				}
				continue
			}
			if vis != nil {
				vis.Enter(name, theirs)
			}
			err := w.walkDir(ctx, wp, childParts, ign, rules, mine, by, yield)
			if vis != nil {
				vis.Leave()
			}
			w.chain.Pop()
			if err != nil {
				return err
			}
			// The chain may have closed this directory while deeper: it
			// reopens it, checking it is the same.
			if d, err = w.chain.Current(); err != nil {
				if scan {
					w.OnSkip(displayRel(rel()), SkipUnreadable, fmt.Errorf("the rest of it after %s: %w", name, err))
				}
				if vis != nil {
					vis.Lost(name, err)
				}
				return nil
			}
			continue
		}
		if vis != nil {
			vis.Entry(d, e)
		}
		if !scan {
			continue
		}
		if _, skip := ign.skipped(rules, childParts, false, within); skip {
			w.OnSkip(childRel(), SkipIgnored, nil)
			continue
		}
		switch {
		case e.Type()&fs.ModeSymlink != 0:
			w.OnSkip(childRel(), SkipSymlink, nil)
			continue
		case !e.Type().IsRegular():
			w.OnSkip(childRel(), SkipSpecial, nil)
			continue
		}
		fi, err := e.Info()
		switch {
		case err != nil:
			w.OnSkip(childRel(), SkipUnreadable, err)
			continue
		case fi.Mode()&fs.ModeSymlink != 0:
			w.OnSkip(childRel(), SkipSymlink, nil)
			continue
		case !fi.Mode().IsRegular():
			w.OnSkip(childRel(), SkipSpecial, nil)
			continue
		}
		if err := yield(File{Path: childRel(), Abs: wp.abs(childParts), Size: fi.Size(), dir: d.Hold(), name: name}); err != nil {
			return err
		}
	}
	return nil
}

// hasEntry reports whether the sorted entries hold name.
func hasEntry(entries []fs.DirEntry, name string) bool {
	_, ok := slices.BinarySearchFunc(entries, name, func(e fs.DirEntry, n string) int { return strings.Compare(e.Name(), n) })
	return ok
}

// join joins a slash path and a name from a directory listing, without
// cleaning, which would cost the length of the path again.
func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

func displayRel(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}

// ignores reads the ignore rules of a walk: outside a git work tree
// nothing is ignored, as .gitignore means nothing to a plain directory.
// The matching is package ignore's, shared with the gitignore rules.
type ignores struct {
	active bool
	top    string   // work tree root
	prefix []string // scanned root relative to top
	// base holds the patterns that apply to the scanned root's entries:
	// .git/info/exclude, then the .gitignore files from top down to the
	// root's parent (the root's own is read by the walk).
	base ignore.Chain
	// rootWithin is the pattern that excludes the scanned root or a
	// directory between it and top (see ignore.Skipped): scanning a
	// directory git ignores reads only what git tracks in it.
	rootWithin *ignore.Pattern
	// tracked is git's index: a tracked file is never skipped, and a
	// directory with one below it is walked.
	tracked *ignore.Tracked
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

func openIgnores(root string, problem func(string), vis DirVisitor) (*ignores, error) {
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
	ig := &ignores{active: true, top: top, topRoot: topRoot, rel: filepath.ToSlash(rel), problem: problem}
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
	names := make([]string, len(idx.Entries))
	for i, e := range idx.Entries {
		names[i] = e.Name
	}
	ig.tracked = ignore.NewTracked(names)
	// The repository's own excludes: in its git directory, which this
	// machine's git made (a link there is git's, as for a linked work tree).
	f, err := ignore.ReadPath(filepath.Join(top, ".git", "info", "exclude"), nil, ".git/info/exclude")
	if err != nil && !errors.Is(err, syscall.ENOTDIR) {
		problem(err.Error())
	}
	ig.base = ig.base.With(f.Patterns)
	// .gitignore files between the work tree root and the scanned root apply
	// too (the scanned root's own is read by the walk).
	for i := range ig.prefix {
		ig.base = ig.base.With(ig.read(ig.prefix[:i], vis))
	}
	if len(ig.prefix) > 0 {
		if by, ex := ig.base.Decide(ig.prefix, true); ex {
			ig.rootWithin = by
		}
	}
	return ig, nil
}

// read returns the patterns of the .gitignore in the directory at
// dirParts (its path from top), above the scanned root, and tells vis
// (if set) of it. One that is a link, not a regular file or too large is
// reported, naming it by its path from the scanned root.
func (ig *ignores) read(dirParts []string, vis DirVisitor) []ignore.Pattern {
	name := filepath.Join(append(append([]string(nil), dirParts...), ".gitignore")...)
	f, err := ignore.ReadInRoot(ig.topRoot, name, dirParts, ig.shown(name))
	if vis != nil {
		vis.Above(dirParts, f, err)
	}
	return ig.use(f, err)
}

// use returns the patterns of a .gitignore as read, or reports why it was
// not (its patterns then do not apply: more is scanned, not less).
func (ig *ignores) use(f ignore.File, err error) []ignore.Pattern {
	if err != nil {
		ig.problem(err.Error())
	}
	return f.Patterns
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

// skipped decides an entry of the walk at parts (from top), within as
// ignore.Skipped takes it: the pattern that excludes it (to pass down as
// a directory's within), and whether the walk skips it (excluded, and git
// does not track it). Outside a work tree nothing is excluded.
func (ig *ignores) skipped(chain ignore.Chain, parts []string, isDir bool, within *ignore.Pattern) (*ignore.Pattern, bool) {
	if !ig.active {
		return nil, false
	}
	return ignore.Skipped(chain, ig.tracked, parts, isDir, within)
}
