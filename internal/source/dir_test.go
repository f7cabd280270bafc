package source_test

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/testfs"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source"
)

// walked is what one walk reported.
type walked struct {
	files []string          // yielded, in order
	sizes map[string]int64  // by path
	skips map[string]string // path → reason
	errs  map[string]error  // path → cause, for skips with one
}

func walk(t *testing.T, root string) walked {
	t.Helper()
	w := walked{sizes: map[string]int64{}, skips: map[string]string{}, errs: map[string]error{}}
	walker := source.Walker{Root: root, OnSkip: func(path, reason string, err error) {
		if _, dup := w.skips[path]; dup {
			t.Errorf("%s skipped twice", path)
		}
		w.skips[path] = reason
		if err != nil {
			w.errs[path] = err
		}
	}}
	defer walker.Close()
	err := walker.Walk(context.Background(), func(f source.File) error {
		w.files = append(w.files, f.Path)
		w.sizes[f.Path] = f.Size
		if f.Abs == "" || !filepath.IsAbs(f.Abs) {
			t.Errorf("%s: Abs %q is not an absolute path", f.Path, f.Abs)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Walk(%s): %v", root, err)
	}
	return w
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// plainDir returns a temporary directory that is not inside any git work
// tree (the walker looks for .git in parent directories too).
func plainDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			t.Skipf("the temporary directory is inside the git work tree %s", d)
		}
		if d == filepath.Dir(d) {
			break
		}
	}
	return dir
}

// gitRepo makes dir a git work tree with the git command.
func gitRepo(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	git(t, dir, "init", "-q")
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	// Keep the user's and the system's git configuration out of the test.
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestWalkPlainDirectory(t *testing.T) {
	root := plainDir(t)
	write(t, root, "b.txt", "bb")
	write(t, root, "a/z.go", "package z\n")
	write(t, root, "a/b/c.txt", "c")
	write(t, root, ".env", "TOKEN=x\n")
	write(t, root, "debug.log", "log")
	write(t, root, "build/out.js", "js")
	// Without git, .gitignore means nothing: everything is scanned.
	write(t, root, ".gitignore", "*.log\nbuild/\n.env\n")

	w := walk(t, root)
	want := []string{".env", ".gitignore", "a/b/c.txt", "a/z.go", "b.txt", "build/out.js", "debug.log"}
	if !slices.Equal(w.files, want) {
		t.Errorf("files\n got %q\nwant %q (every file, in lexical order, slash paths)", w.files, want)
	}
	if len(w.skips) != 0 {
		t.Errorf("skipped %v in a plain directory", w.skips)
	}
	if w.sizes["b.txt"] != 2 || w.sizes["a/z.go"] != 10 {
		t.Errorf("sizes %v", w.sizes)
	}
}

// A directory named .git holds git's objects, never the user's files.
func TestWalkSkipsDotGit(t *testing.T) {
	root := t.TempDir()
	gitRepo(t, root)
	write(t, root, "main.go", "package main\n")
	write(t, root, ".git/hooks/pre-commit.sample", "#!/bin/sh\n")
	write(t, root, "vendor/dep/.git/config", "[core]\n")
	w := walk(t, root)
	for _, f := range w.files {
		if f == ".git" || strings.HasPrefix(f, ".git/") || strings.Contains(f, "/.git/") {
			t.Errorf("walked into a .git directory: %s", f)
		}
	}
	if !slices.Contains(w.files, "main.go") {
		t.Errorf("files %q lack main.go", w.files)
	}
}

func TestWalkGitignore(t *testing.T) {
	root := t.TempDir()
	gitRepo(t, root)
	write(t, root, ".gitignore", "# build output\n*.log\n!keep.log\nbuild/\ndist/\n/top-only.txt\n")
	write(t, root, "main.go", "package main\n")
	write(t, root, "app.log", "ignored")
	write(t, root, "keep.log", "negated: kept")
	write(t, root, "top-only.txt", "anchored: ignored")
	write(t, root, "build/out.js", "ignored with its directory")
	write(t, root, "build/deep/x.js", "ignored with its directory")
	write(t, root, "dist/bundle.js", "ignored")
	write(t, root, "dist/committed.js", "tracked despite the ignore")
	write(t, root, "tracked.log", "tracked despite the ignore")
	write(t, root, "local/excluded.txt", "in .git/info/exclude")
	write(t, root, ".git/info/exclude", "local/\n")
	// Nested .gitignore: its own patterns, and a negation of the parent's.
	write(t, root, "sub/.gitignore", "*.tmp\n!debug.log\n")
	write(t, root, "sub/debug.log", "re-included by sub/.gitignore")
	write(t, root, "sub/other.log", "ignored by the root")
	write(t, root, "sub/x.tmp", "ignored by sub")
	write(t, root, "sub/top-only.txt", "the root pattern is anchored: kept")
	write(t, root, "other/x.tmp", "sub's pattern does not reach here")
	git(t, root, "add", "-f", "tracked.log", "dist/committed.js")

	w := walk(t, root)
	want := []string{
		".gitignore", "dist/committed.js", "keep.log", "main.go", "other/x.tmp",
		"sub/.gitignore", "sub/debug.log", "sub/top-only.txt", "tracked.log",
	}
	if !slices.Equal(w.files, want) {
		t.Errorf("files\n got %q\nwant %q", w.files, want)
	}
	wantSkips := map[string]string{
		"app.log": source.SkipIgnored, "top-only.txt": source.SkipIgnored, "build/": source.SkipIgnored,
		"dist/bundle.js": source.SkipIgnored, "local/": source.SkipIgnored,
		"sub/other.log": source.SkipIgnored, "sub/x.tmp": source.SkipIgnored,
	}
	if !maps.Equal(w.skips, wantSkips) {
		t.Errorf("skips\n got %v\nwant %v", w.skips, wantSkips)
	}
}

// A .gitignore written by a Windows editor, with a byte-order mark and CRLF
// line endings, hides what git hides: its first line too (git skips the
// mark; the walker used to read it as part of the first pattern).
func TestWalkGitignoreBOMAndCRLF(t *testing.T) {
	root := t.TempDir()
	gitRepo(t, root)
	write(t, root, ".gitignore", "\ufeff*.log\r\nbuild/\r\n")
	write(t, root, "main.go", "package main\n")
	write(t, root, "app.log", "ignored by the first line")
	write(t, root, "build/out.js", "ignored by the second")
	w := walk(t, root)
	if want := []string{".gitignore", "main.go"}; !slices.Equal(w.files, want) {
		t.Errorf("files %q, want %q", w.files, want)
	}
	wantSkips := map[string]string{"app.log": source.SkipIgnored, "build/": source.SkipIgnored}
	if !maps.Equal(w.skips, wantSkips) {
		t.Errorf("skips %v, want %v", w.skips, wantSkips)
	}
	// git agrees: both are ignored (check-ignore fails on a path it does
	// not ignore).
	git(t, root, "check-ignore", "-q", "app.log")
	git(t, root, "check-ignore", "-q", "build/out.js")
}

// Scanning a subdirectory of a work tree: the .gitignore files above it
// still apply, and paths are relative to the scanned directory.
func TestWalkGitignoreFromSubdirectory(t *testing.T) {
	root := t.TempDir()
	gitRepo(t, root)
	write(t, root, ".gitignore", "*.log\n")
	write(t, root, "svc/.gitignore", "secrets/\n")
	write(t, root, "svc/api/.gitignore", "!audit.log\n")
	write(t, root, "svc/api/app.go", "package api\n")
	write(t, root, "svc/api/app.log", "ignored by the root .gitignore")
	write(t, root, "svc/api/audit.log", "negated by svc/api/.gitignore")
	write(t, root, "svc/api/secrets/key.txt", "ignored by svc/.gitignore")

	w := walk(t, filepath.Join(root, "svc", "api"))
	want := []string{".gitignore", "app.go", "audit.log"}
	if !slices.Equal(w.files, want) {
		t.Errorf("files %q, want %q", w.files, want)
	}
	wantSkips := map[string]string{"app.log": source.SkipIgnored, "secrets/": source.SkipIgnored}
	if !maps.Equal(w.skips, wantSkips) {
		t.Errorf("skips %v, want %v", w.skips, wantSkips)
	}
}

// Scanning a directory that a .gitignore above it excludes reads only
// what git tracks there: git never looks inside an excluded directory, so
// no .gitignore within it re-includes a file.
func TestWalkExcludedRoot(t *testing.T) {
	root := t.TempDir()
	gitRepo(t, root)
	write(t, root, ".gitignore", "build/\n")
	write(t, root, "build/out/.gitignore", "!*.js\n")
	write(t, root, "build/out/app.js", "untracked, in an excluded directory")
	write(t, root, "build/out/kept.js", "tracked with git add -f")
	git(t, root, "add", "-f", "build/out/kept.js")

	w := walk(t, filepath.Join(root, "build", "out"))
	if want := []string{"kept.js"}; !slices.Equal(w.files, want) {
		t.Errorf("files %q, want %q", w.files, want)
	}
	wantSkips := map[string]string{".gitignore": source.SkipIgnored, "app.js": source.SkipIgnored}
	if !maps.Equal(w.skips, wantSkips) {
		t.Errorf("skips %v, want %v", w.skips, wantSkips)
	}
}

func TestWalkSymlinksNotFollowed(t *testing.T) {
	root := plainDir(t)
	outside := t.TempDir()
	write(t, outside, "secret.txt", "outside the tree")
	write(t, root, "real/file.txt", "inside")
	links := map[string]string{
		"to-file":     filepath.Join(root, "real", "file.txt"),
		"to-dir":      filepath.Join(root, "real"),
		"to-outside":  filepath.Join(outside, "secret.txt"),
		"dangling":    filepath.Join(root, "no-such-file"),
		"loop":        "loop",
		"real/parent": "..",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Skipf("cannot create symlinks: %v", err)
		}
	}
	w := walk(t, root)
	if !slices.Equal(w.files, []string{"real/file.txt"}) {
		t.Errorf("files %q, want only real/file.txt", w.files)
	}
	if len(w.skips) != len(links) {
		t.Errorf("skips %v, want each of the %d links", w.skips, len(links))
	}
	for name := range links {
		if w.skips[name] != source.SkipSymlink {
			t.Errorf("%s: skip reason %q, want %q", name, w.skips[name], source.SkipSymlink)
		}
	}
}

// A PATH given on the command line is what the user wants scanned, even
// when it is a symbolic link (as /tmp and /var are on macOS, or a checkout
// linked into a CI workspace): only links inside the tree are not followed.
func TestWalkRootIsSymlinkToDirectory(t *testing.T) {
	dir := plainDir(t)
	write(t, dir, "real/a.txt", "a")
	write(t, dir, "real/b/c.txt", "c")
	link := filepath.Join(dir, "link")
	if err := os.Symlink("real", link); err != nil {
		t.Skipf("cannot create symlinks: %v", err)
	}
	for _, root := range []string{link, link + string(filepath.Separator)} {
		w := walk(t, root)
		if want := []string{"a.txt", "b/c.txt"}; !slices.Equal(w.files, want) {
			t.Errorf("Walk(%s): files %q, skips %v; want %q", root, w.files, w.skips, want)
		}
	}
}

func TestWalkSpecialFiles(t *testing.T) {
	root := plainDir(t)
	write(t, root, "a.txt", "a")
	if err := testfs.Mkfifo(filepath.Join(root, "pipe"), 0o644); err != nil {
		t.Skipf("cannot create a FIFO: %v", err)
	}
	write(t, root, "z.txt", "z")
	w := walk(t, root)
	if !slices.Equal(w.files, []string{"a.txt", "z.txt"}) {
		t.Errorf("files %q", w.files)
	}
	if w.skips["pipe"] != source.SkipSpecial {
		t.Errorf("FIFO: skips %v, want pipe: %q", w.skips, source.SkipSpecial)
	}
}

// deepDir creates, under root, a directory whose absolute path is just
// under PATH_MAX (4096 on Linux) by way of os.Root, which works a component
// at a time. A file with a long name in it then has an absolute path the
// kernel refuses (ENAMETOOLONG) when given whole.
func deepDir(t *testing.T, root string) (rel string) {
	t.Helper()
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	const target = 3900
	var parts []string
	for n := len(root); n < target; {
		l := min(200, target-n-1)
		if l < 1 {
			break
		}
		parts = append(parts, strings.Repeat(string(rune('a'+len(parts)%26)), l))
		n += 1 + l
		if err := r.Mkdir(filepath.Join(parts...), 0o755); err != nil {
			t.Skipf("cannot build a deep directory: %v", err)
		}
	}
	return filepath.Join(parts...)
}

// A file whose absolute path is longer than the kernel takes whole is
// walked and read like any other: each directory is opened from its
// parent's handle, never by its path.
func TestWalkPastPathMax(t *testing.T) {
	root := plainDir(t)
	write(t, root, "a.txt", "a")
	write(t, root, "z.txt", "z")
	deep := deepDir(t, root)
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	long := filepath.Join(deep, strings.Repeat("f", 250))
	if err := r.WriteFile(long, []byte("bottom"), 0o644); err != nil {
		t.Skipf("cannot create the long-named file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, long)); !errors.Is(err, syscall.ENAMETOOLONG) {
		t.Skipf("this system accepts paths of %d bytes (stat: %v)", len(root)+1+len(long), err)
	}

	walker := source.Walker{Root: root, OnSkip: func(p, reason string, err error) { t.Errorf("%s skipped: %s %v", p, reason, err) }}
	defer walker.Close()
	var files []string
	var data []byte
	err = walker.Walk(context.Background(), func(f source.File) error {
		files = append(files, f.Path)
		if f.Path == filepath.ToSlash(long) {
			if data, err = f.Read(100); err != nil {
				t.Errorf("Read: %v", err)
			}
		}
		f.Release()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.txt", filepath.ToSlash(long), "z.txt"}
	if !slices.Equal(files, want) || string(data) != "bottom" {
		t.Errorf("got %d files (%q), read %q; want a.txt, the deep file, z.txt and the deep file's content", len(files), files[len(files)-1], data)
	}
}

// A chain of 3,000 directories is walked to its bottom, whose file is
// read, with no more than a few hundred descriptors open at once.
func TestWalkDeepChain(t *testing.T) {
	root := plainDir(t)
	const depth = 3000
	gittest.DeepChain(t, root, depth, map[string]string{"bottom.txt": "found"})
	write(t, root, "top.txt", "top")

	walker := source.Walker{Root: root, OnSkip: func(p, reason string, err error) { t.Errorf("%s skipped: %s %v", p, reason, err) }}
	defer walker.Close()
	var files []string
	maxFDs := 0
	err := walker.Walk(context.Background(), func(f source.File) error {
		defer f.Release()
		files = append(files, f.Path)
		if data, err := f.Read(10); err != nil || (string(data) != "found" && string(data) != "top") {
			t.Errorf("%s: Read = %q, %v", f.Path, data, err)
		}
		if entries, err := os.ReadDir("/proc/self/fd"); err == nil {
			maxFDs = max(maxFDs, len(entries))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	bottom := strings.Repeat("d/", depth) + "bottom.txt"
	if !slices.Equal(files, []string{bottom, "top.txt"}) {
		t.Errorf("got %d files, want the bottom one (%d levels down) and top.txt", len(files), depth)
	}
	if maxFDs > 400 {
		t.Errorf("%d descriptors open at the bottom of %d levels, want a few hundred at most", maxFDs, depth)
	}
}

// A directory swapped for a link to another directory after it was
// listed is not followed: the walk refuses it and goes on.
func TestWalkDirectorySwappedForLink(t *testing.T) {
	root := plainDir(t)
	outside := t.TempDir()
	write(t, outside, "secret.txt", "outside")
	write(t, root, "a/x.txt", "a")
	write(t, root, "b/y.txt", "b")
	w := walked{skips: map[string]string{}}
	walker := source.Walker{Root: root, OnSkip: func(p, reason string, err error) { w.skips[p] = reason }}
	defer walker.Close()
	err := walker.Walk(context.Background(), func(f source.File) error {
		defer f.Release()
		w.files = append(w.files, f.Path)
		if f.Path == "a/x.txt" {
			// b was listed with a; it now becomes a link out of the tree.
			if err := os.RemoveAll(filepath.Join(root, "b")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(root, "b")); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(w.files, []string{"a/x.txt"}) || w.skips["b"] != source.SkipSymlink {
		t.Errorf("files %q, skips %v; want a/x.txt only, b skipped as a link", w.files, w.skips)
	}
}

// Outside root, a directory without permissions cannot be listed.
func TestWalkUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop root from reading (TestWalkUnreadableGoesOn covers this case)")
	}
	root := plainDir(t)
	write(t, root, "a.txt", "a")
	write(t, root, "locked/secret.txt", "s")
	write(t, root, "z.txt", "z")
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	w := walk(t, root)
	if !slices.Equal(w.files, []string{"a.txt", "z.txt"}) {
		t.Errorf("files %q", w.files)
	}
	if w.skips["locked"] != source.SkipUnreadable || !errors.Is(w.errs["locked"], fs.ErrPermission) {
		t.Errorf("locked: %q, %v; want %q with a permission error", w.skips["locked"], w.errs["locked"], source.SkipUnreadable)
	}
}

func TestWalkSingleFile(t *testing.T) {
	root := plainDir(t)
	write(t, root, "dir/config.yml", "key: value\n")
	write(t, root, ".gitignore", "*.yml\n")
	w := walk(t, filepath.Join(root, "dir", "config.yml"))
	if !slices.Equal(w.files, []string{"config.yml"}) || w.sizes["config.yml"] != 11 {
		t.Errorf("files %q sizes %v, want config.yml of 11 bytes", w.files, w.sizes)
	}
}

// A file named on the command line is scanned even if .gitignore matches it.
func TestWalkSingleIgnoredFileInRepo(t *testing.T) {
	root := t.TempDir()
	gitRepo(t, root)
	write(t, root, ".gitignore", ".env\n")
	write(t, root, ".env", "TOKEN=x\n")
	w := walk(t, filepath.Join(root, ".env"))
	if !slices.Equal(w.files, []string{".env"}) {
		t.Errorf("files %q skips %v, want .env", w.files, w.skips)
	}
}

func TestWalkMissingRoot(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	w := source.Walker{Root: missing, OnSkip: func(string, string, error) {}}
	err := w.Walk(context.Background(), func(source.File) error { return nil })
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("Walk(missing) = %v, want a not-exist error naming %s", err, missing)
	}
}

func TestWalkStops(t *testing.T) {
	root := plainDir(t)
	for _, n := range []string{"a", "b", "c", "d"} {
		write(t, root, n, n)
	}
	stop := errors.New("stop")
	var seen []string
	w := source.Walker{Root: root, OnSkip: func(string, string, error) {}}
	err := w.Walk(context.Background(), func(f source.File) error {
		seen = append(seen, f.Path)
		if f.Path == "b" {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !slices.Equal(seen, []string{"a", "b"}) {
		t.Errorf("yield error: Walk = %v after %q; want it returned after a, b", err, seen)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	seen = nil
	err = w.Walk(ctx, func(f source.File) error { seen = append(seen, f.Path); return nil })
	if !errors.Is(err, context.Canceled) || len(seen) != 0 {
		t.Errorf("cancelled: Walk = %v after %q; want context.Canceled and nothing", err, seen)
	}
}

// A .gitignore that is a link (wherever it points), a FIFO or too large is
// not read: its patterns do not apply, so the files it would hide are
// scanned, and the walk names it as a problem. A regular one next to it
// still applies.
func TestWalkRefusedGitignore(t *testing.T) {
	dir := t.TempDir()
	gitRepo(t, dir)
	outside := filepath.Join(t.TempDir(), "patterns")
	if err := os.WriteFile(outside, []byte("*.txt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "good/.gitignore", "*.txt\n")
	write(t, dir, "good/a.txt", "x")
	write(t, dir, "linked/a.txt", "x")
	write(t, dir, "zero/a.txt", "x")
	write(t, dir, "big/a.txt", "x")
	write(t, dir, "big/.gitignore", "*.txt\n"+strings.Repeat("#", int(ignore.MaxFile)))
	for link, target := range map[string]string{"linked/.gitignore": outside, "zero/.gitignore": "/dev/zero"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"big/.gitignore", "linked/.gitignore", "zero/.gitignore"}
	write(t, dir, "fifo/a.txt", "x")
	if err := testfs.Mkfifo(filepath.Join(dir, "fifo", ".gitignore"), 0o644); err == nil {
		want = append(want, "fifo/.gitignore")
	}

	var problems []string
	walker := source.Walker{Root: dir, OnSkip: func(string, string, error) {}, OnProblem: func(msg string) { problems = append(problems, msg) }}
	defer walker.Close()
	var files []string
	err := walker.Walk(context.Background(), func(f source.File) error {
		files = append(files, f.Path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(files, "good/a.txt") {
		t.Error("good/a.txt: a regular .gitignore did not apply")
	}
	for _, g := range want {
		d := filepath.Dir(g)
		if !slices.Contains(files, d+"/a.txt") {
			t.Errorf("%s/a.txt not scanned: the refused %s applied", d, g)
		}
		if !slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, g+": ") }) {
			t.Errorf("no problem names %s: %q", g, problems)
		}
	}
	if len(problems) != len(want) {
		t.Errorf("problems %q, want one for each of %q", problems, want)
	}
}

// File.Read stops at the limit, and refuses a file swapped for a link.
func TestFileRead(t *testing.T) {
	dir := plainDir(t)
	write(t, dir, "a.txt", "hello")
	write(t, dir, "b.txt", "hi")
	walker := source.Walker{Root: dir, OnSkip: func(string, string, error) {}}
	defer walker.Close()
	got := map[string]source.File{}
	if err := walker.Walk(context.Background(), func(f source.File) error { got[f.Path] = f; return nil }); err != nil {
		t.Fatal(err)
	}
	if data, err := got["a.txt"].Read(5); err != nil || string(data) != "hello" {
		t.Errorf("Read(5) = %q, %v", data, err)
	}
	if _, err := got["a.txt"].Read(4); !errors.Is(err, safefile.ErrTooLarge) {
		t.Errorf("Read(4) of 5 bytes: %v, want ErrTooLarge", err)
	}
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	if _, err := got["b.txt"].Read(5); !errors.Is(err, safefile.ErrLink) {
		t.Errorf("Read of a file swapped for a link: %v, want ErrLink", err)
	}
}
