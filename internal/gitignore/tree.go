package gitignore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	git "github.com/go-git/go-git/v5"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// manifests mark a project directory: where code is built and run, and
// where a .env is created.
var manifests = []string{
	"go.mod", "package.json", "pyproject.toml", "setup.py", "requirements.txt", "Pipfile", "Cargo.toml",
	"composer.json", "Gemfile", "pom.xml", "build.gradle", "build.gradle.kts", "mix.exs", "deno.json",
}

// notProjects are directories whose contents are fixtures or third-party
// code: nobody creates a .env there, so they hold no projects to judge.
var notProjects = []string{"testdata", "node_modules", "vendor"}

// project is a directory judged by gitignore-missing.
type project struct {
	rel   string // slash path from the scanned root; "" for the root
	space *space
	// npmrcAuth says its .npmrc holds registry credentials, which makes
	// .npmrc an entry .gitignore must have.
	npmrcAuth bool
}

// candidate is a credential-named file present in a plain directory,
// which holds a credential (or, for a file the list judges by content,
// could not be read to tell).
type candidate struct {
	rel   string
	space *space
}

// tree is what one walk of the scanned root found.
type tree struct {
	list       List
	spaces     []*space
	projects   []project
	candidates []candidate
	problems   []string
	// chain holds the walk's directories open (see safefile.Chain).
	chain *safefile.Chain
}

// walk is Check's own walk of the tree v checks, when no scan's walk
// feeds it (see Visitor): it opens each directory from its parent's
// handle, as the scan's walk does, and enters only those v wants.
func (v *Visitor) walk(ctx context.Context, root string) error {
	var err error
	if v.t.chain, err = safefile.OpenChain(root); err != nil {
		return err
	}
	defer v.t.chain.Close()
	return v.walkDir(ctx)
}

// walkDir walks the chain's current directory, which v is in.
func (v *Visitor) walkDir(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// The directory is read from its handle, opened from its parent's:
	// never by its path, which the kernel would resolve whole (see
	// safefile.Chain).
	dir, err := v.t.chain.Current()
	if err != nil {
		v.Unlisted(err)
		return nil
	}
	entries, err := dir.ReadDir()
	if err != nil {
		v.Unlisted(err)
		return nil
	}
	// v reads the .gitignore itself, in its own space.
	v.Dir(dir, entries, nil, nil, nil)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() {
			v.Entry(dir, e)
			continue
		}
		if name == ".git" || !v.Want(name) {
			continue
		}
		if _, err := v.t.chain.Push(name); err != nil {
			v.NotOpened(name, err)
			continue
		}
		v.Enter(name, true)
		err := v.walkDir(ctx)
		v.Leave()
		v.t.chain.Pop()
		if err != nil {
			return err
		}
		// The chain may have closed this directory while deeper.
		if dir, err = v.t.chain.Current(); err != nil {
			v.Lost(name, err)
			return nil
		}
	}
	return nil
}

// openRootSpace finds the work tree the root is in, if any, as the walker
// in package source does.
func (t *tree) openRootSpace(root string) (*space, error) {
	sp := t.newSpace(root, "")
	repo, err := gitrepo.PlainOpen(root, true)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return sp, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open git repository: %w", err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return sp, nil // a bare repository: no work tree to judge
	}
	top := wt.Filesystem.Root()
	// root has its links resolved; top must too, or the two do not compare.
	if resolved, err := filepath.EvalSymlinks(top); err == nil {
		top = resolved
	}
	rel, err := filepath.Rel(top, root)
	if err != nil || strings.HasPrefix(rel, "..") {
		return sp, nil
	}
	sp.top, sp.repo, sp.machine = top, repo, machineExcludes(top)
	if rel != "." {
		sp.prefix = strings.Split(filepath.ToSlash(rel), "/")
	}
	return sp, nil
}

// close releases what the spaces opened.
func (t *tree) close() {
	for _, sp := range t.spaces {
		sp.close()
	}
}

func (t *tree) newSpace(top, rel string) *space {
	sp := &space{top: top, rel: rel, dirs: map[dirID]*ignoreFile{}, planned: map[dirID][]ignore.Pattern{}, problems: &t.problems}
	t.spaces = append(t.spaces, sp)
	return sp
}

// openNestedSpace starts a space at a directory holding its own .git. One
// that go-git cannot open is judged as a plain directory, and said.
func (t *tree) openNestedSpace(abs, rel string) *space {
	sp := t.newSpace(abs, rel)
	repo, err := gitrepo.PlainOpen(abs, false)
	if err != nil {
		t.problems = append(t.problems, fmt.Sprintf("%s: not read as a git repository: %v", rel+"/.git", err))
		return sp
	}
	if _, err := repo.Worktree(); err != nil {
		return sp
	}
	sp.repo, sp.machine = repo, machineExcludes(abs)
	return sp
}

// level is what walk carries from a directory to its subdirectories. Each
// level shares its parent's slices instead of copying them, so that a tree
// thousands of directories deep costs time linear in its depth.
type level struct {
	sp *space
	// parts is the directory's path from sp's top. Its array is shared by
	// the levels below, each appending its own name in place: only the
	// walk's current path is ever in it, and nothing keeps it.
	parts []string
	// chain holds the patterns of the .gitignore files from sp's top down
	// to the parent directory, in increasing priority; the parent's own
	// slice, unless the directory adds patterns.
	chain ignore.Chain
	// id names the directory (idOf(parts)), made from its parent's.
	id dirID
}

// at is where a walk is: the scanned root's absolute path and the names
// from it down to the directory. names is shared with the levels above,
// each appending its own in place (as level.parts); the slash path and
// the absolute path are made only when a message or a finding needs
// them, not at every level.
type at struct {
	root  string
	names []string
}

// rel is the directory's slash path from the scanned root; "" for it.
func (a at) rel() string { return strings.Join(a.names, "/") }

// abs is the directory's absolute path.
func (a at) abs() string {
	return filepath.Join(a.root, filepath.Join(a.names...))
}

// child is where the walk is in the entry name of a's directory.
func (a at) child(name string) at {
	return at{root: a.root, names: append(a.names, name)}
}

// judgeCandidate reads a credential-named file that the list judges by
// content, from its directory's handle: it is a candidate if it holds a
// credential, or cannot be read to tell (a problem says so). A file
// judged by name alone is one.
func (t *tree) judgeCandidate(dir *safefile.Dir, name, rel string, k kind) bool {
	if k == byName {
		return true
	}
	data, err := dir.ReadFile(name, maxContent)
	if err != nil {
		if !errors.Is(err, safefile.ErrTooLarge) {
			t.problems = append(t.problems, fmt.Sprintf("%s: %s", rel, safefile.Why(err)))
		}
		return true
	}
	return holdsCredential(k, data)
}

func (t *tree) npmrcHasAuth(dir *safefile.Dir, rel string) bool {
	data, err := dir.ReadFile(".npmrc", maxContent)
	if errors.Is(err, safefile.ErrLink) {
		// A link is committed as a link, and the walk does not follow one.
		return false
	}
	if err != nil {
		t.problems = append(t.problems, fmt.Sprintf("%s: %s", rel, safefile.Why(err)))
		return false
	}
	return npmrcHasAuth(data)
}

// join joins a slash path and a name from a directory listing (never
// "", "." or "..", never holding a slash): without cleaning, which costs
// the length of the path again.
func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// unwrapPath drops the *PathError wrapper where the message names the
// file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func displayDir(rel string) string {
	if rel == "" {
		return "."
	}
	return rel
}
