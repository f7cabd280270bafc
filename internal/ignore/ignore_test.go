package ignore_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
)

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

func gitCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	// Keep the user's and the system's git configuration (and with it a
	// global excludes file) out of the test.
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "XDG_CONFIG_HOME="+dir+"/.no-xdg")
	return cmd
}

// makePaths makes each path under root: a directory where paths says so,
// else a file.
func makePaths(t *testing.T, root string, paths map[string]bool) {
	t.Helper()
	for p, isDir := range paths {
		if isDir {
			if err := os.MkdirAll(filepath.Join(root, p), 0o755); err != nil {
				t.Fatal(err)
			}
		} else {
			write(t, root, p, "x")
		}
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := gitCmd(dir, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// verdict is what decides a path: the pattern's file and line (empty
// when nothing matches) and whether it is excluded.
type verdict struct {
	source   string
	line     int
	excluded bool
}

func (v verdict) String() string {
	if v.source == "" {
		return "no pattern"
	}
	return fmt.Sprintf("%s:%d excluded=%v", v.source, v.line, v.excluded)
}

// A work tree whose ignore files use every feature the matcher handles:
// the repository's excludes, a .gitignore with a byte-order mark and CRLF
// line endings, comments and blank lines (counted in line numbers), a
// negation, a directory-only pattern, an anchored one, and a nested
// .gitignore that re-includes what its parent excludes. Each path is
// decided by the matcher and by git check-ignore, which must agree on the
// pattern (file and line) and on the verdict.
func TestDecideAgreesWithGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	git(t, root, "init", "-q")
	write(t, root, ".git/info/exclude", "# local\n*.local\n")
	write(t, root, ".gitignore", "\ufeff*.log\r\n# build output\r\n\r\n!keep.log\r\nbuild/\r\n/top.txt\r\nfoo\\ \r\n")
	write(t, root, "sub/.gitignore", "!debug.log\n*.tmp\ntop.txt\n")
	paths := map[string]bool{ // path → is a directory
		"app.log": false, "keep.log": false, "build": true, "other/build": false, "top.txt": false,
		"sub/top.txt": false, "other/top.txt": false, "sub/debug.log": false, "sub/other.log": false,
		"sub/x.tmp": false, "other/x.tmp": false, "a.local": false, "sub/b.local": false, "plain.txt": false,
		"sub/build": true, "foo": false,
	}
	paths["foo"+" "] = false // a name ending in a space, which `foo\ ` matches
	makePaths(t, root, paths)

	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	exclude, err := ignore.ReadPath(filepath.Join(root, ".git", "info", "exclude"), nil, ".git/info/exclude")
	if err != nil {
		t.Fatal(err)
	}
	chainOf := func(dir []string) ignore.Chain {
		c := ignore.Chain(nil).With(exclude.Patterns)
		for i := 0; i <= len(dir); i++ {
			name := path.Join(append(append([]string(nil), dir[:i]...), ".gitignore")...)
			f, err := ignore.ReadInRoot(r, name, dir[:i], name)
			if err != nil {
				t.Fatal(err)
			}
			c = c.With(f.Patterns)
		}
		return c
	}

	var stdin bytes.Buffer
	for p := range paths {
		stdin.WriteString(p + "\x00")
	}
	cmd := gitCmd(root, "check-ignore", "--no-index", "-v", "-n", "-z", "--stdin")
	cmd.Stdin = &stdin
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git check-ignore: %v", err)
	}
	fields := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(fields) != 4*len(paths) {
		t.Fatalf("git check-ignore gave %d fields for %d paths: %q", len(fields), len(paths), fields)
	}
	for i := 0; i < len(fields); i += 4 {
		source, lineText, pattern, p := fields[i], fields[i+1], fields[i+2], fields[i+3]
		var want verdict
		if source != "" {
			want = verdict{source: source, excluded: !strings.HasPrefix(pattern, "!")}
			if _, err := fmt.Sscan(lineText, &want.line); err != nil {
				t.Fatalf("git check-ignore line %q: %v", lineText, err)
			}
		}
		parts := strings.Split(p, "/")
		var got verdict
		if by, ex := chainOf(parts[:len(parts)-1]).Decide(parts, paths[p]); by != nil {
			got = verdict{source: by.Source, line: by.Line, excluded: ex}
		} else if ex {
			t.Errorf("%s: excluded by no pattern", p)
		}
		if got != want {
			t.Errorf("%q: matcher says %v, git says %v", p, got, want)
		}
	}
}

// Patterns are scoped to the directory of their file: one of sub/.gitignore
// never matches outside sub, even where the same name is.
func TestParseScopesToDomain(t *testing.T) {
	ps := ignore.Parse([]byte("*.tmp\n"), []string{"sub"}, "sub/.gitignore")
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"sub/x.tmp", true}, {"sub/deep/x.tmp", true}, {"x.tmp", false}, {"other/x.tmp", false}, {"subx/x.tmp", false},
	} {
		if _, ex := ignore.Decide(ps, strings.Split(tc.path, "/"), false); ex != tc.want {
			t.Errorf("%s: excluded %v, want %v", tc.path, ex, tc.want)
		}
	}
}

// A domain slice the caller reuses (a walk appends to its path in place)
// does not change the patterns made from it.
func TestParseCopiesDomain(t *testing.T) {
	dir := []string{"a", "b"}
	ps := ignore.Parse([]byte("x\n"), dir[:1], "a/.gitignore")
	dir[0] = "z"
	if _, ex := ignore.Decide(ps, []string{"a", "x"}, false); !ex {
		t.Error("a/x not excluded after the caller reused the domain's slice")
	}
}

// Parse drops a UTF-8 byte-order mark and a CR at line ends, as git does;
// go-git's own reader keeps them, and then the first pattern and every
// line of a CRLF file would never match. A BOM elsewhere is a character
// of the pattern.
func TestParseBOMAndCRLF(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		path       string
		want       bool
	}{
		{"BOM before the first pattern", "\ufeff.env\n", ".env", true},
		{"CRLF", "a\r\n.env\r\n", ".env", true},
		{"BOM and CRLF", "\ufeff.env\r\n", ".env", true},
		{"CR at the end of the file", ".env\r", ".env", true},
		// git drops one CR only (a fuzzed .gitignore found two dropped).
		{"two CRs before LF", "*\r\r\n", ".env", false},
		{"two CRs at the end of the file", "*\r\r", ".env", false},
		{"the second CR is the pattern's", "*\r\r\n", ".env\r", true},
		{"BOM on a later line is part of it", "a\n\ufeff.env\n", ".env", false},
		{"plain", ".env\n", ".env", true},
		{"other name", ".env\n", ".envrc", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := ignore.Parse([]byte(tc.data), nil, ".gitignore")
			if _, ex := ignore.Decide(ps, []string{tc.path}, false); ex != tc.want {
				t.Errorf("%q: %s excluded %v, want %v", tc.data, tc.path, ex, tc.want)
			}
		})
	}
}

// Each pattern keeps its file and line: comments and blank lines count.
func TestParseOrigin(t *testing.T) {
	ps := ignore.Parse([]byte("# header\n\n*.log\n   \n!keep.log\n#*.tmp\nbuild/\n"), nil, "svc/.gitignore")
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%s:%d", p.Source, p.Line))
	}
	want := "svc/.gitignore:3 svc/.gitignore:5 svc/.gitignore:7"
	if strings.Join(got, " ") != want {
		t.Errorf("origins %q, want %s", got, want)
	}
}

// The last matching pattern wins, and a negation re-includes; a pattern
// with a trailing slash matches directories only.
func TestDecideLastMatchWins(t *testing.T) {
	ps := ignore.Parse([]byte("*.log\n!keep.log\nbuild/\n!important.log\nimportant.log\n"), nil, ".gitignore")
	for _, tc := range []struct {
		path  string
		isDir bool
		line  int // 0: no pattern
		want  bool
	}{
		{"app.log", false, 1, true},
		{"keep.log", false, 2, false},
		{"important.log", false, 5, true},
		{"build", true, 3, true},
		{"build", false, 0, false}, // a file named build
		{"main.go", false, 0, false},
	} {
		by, ex := ignore.Decide(ps, []string{tc.path}, tc.isDir)
		line := 0
		if by != nil {
			line = by.Line
		}
		if ex != tc.want || line != tc.line {
			t.Errorf("%s (dir %v): excluded %v by line %d, want %v by line %d", tc.path, tc.isDir, ex, line, tc.want, tc.line)
		}
	}
}

// A nested directory's file overrides its parent's: its patterns come
// later in the chain.
func TestChainNestedOverrides(t *testing.T) {
	top := ignore.Parse([]byte("*.log\nsecrets/\n"), nil, ".gitignore")
	sub := ignore.Parse([]byte("!debug.log\n"), []string{"sub"}, "sub/.gitignore")
	c := ignore.Chain(nil).With(top).With(sub)
	if _, ex := c.Decide([]string{"sub", "debug.log"}, false); ex {
		t.Error("sub/debug.log excluded: sub/.gitignore's negation did not win")
	}
	if by, ex := c.Decide([]string{"sub", "other.log"}, false); !ex || by.Source != ".gitignore" {
		t.Errorf("sub/other.log: excluded %v by %v, want the top .gitignore", ex, by)
	}
	if _, ex := c.Decide([]string{"debug.log"}, false); !ex {
		t.Error("debug.log at the top re-included by sub/.gitignore")
	}
	if _, ex := c.Decide([]string{"sub", "secrets"}, true); !ex {
		t.Error("sub/secrets/ not excluded by the top's unanchored secrets/")
	}
}

// Siblings extend their parent's chain without seeing each other's
// patterns, and a directory without patterns shares its parent's.
func TestChainWithSharesSafely(t *testing.T) {
	parent := ignore.Chain(nil).With(ignore.Parse([]byte("a\nb\nc\n"), nil, ".gitignore"))
	parent = parent.With(ignore.Parse([]byte("d\n"), []string{"x"}, "x/.gitignore"))
	if cap(parent) == len(parent) {
		t.Fatalf("the test needs a parent chain with spare capacity")
	}
	one := parent.With(ignore.Parse([]byte("one\n"), []string{"x", "one"}, "x/one/.gitignore"))
	two := parent.With(ignore.Parse([]byte("two\n"), []string{"x", "two"}, "x/two/.gitignore"))
	if one[len(one)-1].Source != "x/one/.gitignore" || two[len(two)-1].Source != "x/two/.gitignore" {
		t.Errorf("siblings share patterns: %s, %s", one[len(one)-1].Source, two[len(two)-1].Source)
	}
	if same := parent.With(nil); len(same) != len(parent) || &same[0] != &parent[0] {
		t.Error("a directory without patterns copied its parent's chain")
	}
}

// Git's index overrides the ignore rules: a tracked file is never
// skipped, and a directory with a tracked file below it is entered.
func TestSkippedTrackedOverride(t *testing.T) {
	c := ignore.Chain(ignore.Parse([]byte("*.log\ndist/\n"), nil, ".gitignore"))
	tracked := ignore.NewTracked([]string{"tracked.log", "dist/deep/committed.js", "main.go"})
	skipped := func(path string, isDir bool) bool {
		return walkSkipped(c, tracked, strings.Split(path, "/"), isDir)
	}
	for _, tc := range []struct {
		path  string
		isDir bool
		want  bool
	}{
		{"app.log", false, true},
		{"tracked.log", false, false},
		{"dist", true, false},      // holds a tracked file
		{"dist/deep", true, false}, // so does this
		{"dist/deep/committed.js", false, false},
		{"dist/deep/bundle.js", false, true}, // in an ignored directory, untracked
		{"sub/dist", true, true},             // nothing tracked below it
		{"tracked.log", true, true},          // a directory of that name tracks nothing
		{"main.go", false, false},            // not ignored at all
		{"x/tracked.log", false, true},       // a name, not the tracked path
	} {
		if got := skipped(tc.path, tc.isDir); got != tc.want {
			t.Errorf("%s (dir %v): skipped %v, want %v", tc.path, tc.isDir, got, tc.want)
		}
	}
	if !walkSkipped(c, nil, []string{"tracked.log"}, false) {
		t.Error("without an index, tracked.log is not skipped")
	}
}

// walkSkipped is Skipped for the path as a walk reaches it: each
// directory above decided first, an excluded one passed down as within.
func walkSkipped(c ignore.Chain, tracked *ignore.Tracked, parts []string, isDir bool) bool {
	var within *ignore.Pattern
	for n := 1; n < len(parts); n++ {
		by, skip := ignore.Skipped(c, tracked, parts[:n], true, within)
		if skip {
			return true // the walk never gets there
		}
		within = by
	}
	_, skip := ignore.Skipped(c, tracked, parts, isDir, within)
	return skip
}

// git itself agrees that a tracked file is not ignored, whatever
// .gitignore says, and an untracked one next to it is.
func TestTrackedOverrideAgreesWithGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	git(t, root, "init", "-q")
	write(t, root, ".gitignore", "*.log\n")
	write(t, root, "tracked.log", "x")
	write(t, root, "app.log", "x")
	git(t, root, "add", "-f", "tracked.log")
	tracked := ignore.NewTracked(strings.Fields(git(t, root, "ls-files")))
	c := ignore.Chain(ignore.Parse([]byte("*.log\n"), nil, ".gitignore"))
	for _, name := range []string{"tracked.log", "app.log"} {
		err := gitCmd(root, "check-ignore", "-q", name).Run()
		var exit *exec.ExitError
		gitIgnores := err == nil
		if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 1) {
			t.Fatalf("git check-ignore %s: %v", name, err)
		}
		if got := walkSkipped(c, tracked, []string{name}, false); got != gitIgnores {
			t.Errorf("%s: skipped %v, git says ignored %v", name, got, gitIgnores)
		}
	}
}

// Reading an ignore file: a missing one has no patterns and is no error;
// one that is a link (wherever it points), not a regular file or larger
// than MaxFile is refused, with an error naming it, and has no patterns.
func TestRead(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "patterns")
	if err := os.WriteFile(outside, []byte("*.txt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write(t, root, "good/.gitignore", "*.txt\n")
	write(t, root, "big/.gitignore", "*.txt\n"+strings.Repeat("#", int(ignore.MaxFile)))
	write(t, root, "missing/a.txt", "x")
	write(t, root, "linked/a.txt", "x")
	if err := os.Symlink(outside, filepath.Join(root, "linked", ".gitignore")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "dir", ".gitignore"), 0o755); err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	for _, tc := range []struct {
		dir     string
		exists  bool
		kind    error // nil: read
		message string
	}{
		{dir: "good", exists: true},
		{dir: "missing"},
		{dir: "linked", kind: safefile.ErrLink, message: "linked/.gitignore: is a symbolic link to " + outside + "; links in the scanned tree are not followed"},
		{dir: "big", kind: safefile.ErrTooLarge, message: "big/.gitignore: is larger than 1 MiB"},
		{dir: "dir", kind: safefile.ErrNotRegular, message: "dir/.gitignore: is a directory"},
	} {
		check := func(how string, f ignore.File, err error) {
			t.Helper()
			if tc.kind == nil {
				if err != nil || f.Exists != tc.exists || (len(f.Patterns) > 0) != tc.exists {
					t.Errorf("%s %s: %d patterns, exists %v, error %v", how, tc.dir, len(f.Patterns), f.Exists, err)
				}
				if tc.exists && !bytes.Equal(f.Data, []byte("*.txt\n")) {
					t.Errorf("%s %s: data %q", how, tc.dir, f.Data)
				}
				return
			}
			var re *ignore.ReadError
			if !errors.As(err, &re) || !errors.Is(err, tc.kind) || len(f.Patterns) > 0 || f.Exists {
				t.Errorf("%s %s: error %v, %d patterns; want a refusal (%v)", how, tc.dir, err, len(f.Patterns), tc.kind)
				return
			}
			if err.Error() != tc.message {
				t.Errorf("%s %s: message %q\nwant %q", how, tc.dir, err, tc.message)
			}
		}
		name := tc.dir + "/.gitignore"
		f, err := ignore.ReadInRoot(r, filepath.FromSlash(name), []string{tc.dir}, name)
		check("ReadInRoot", f, err)

		chain, err := safefile.OpenChain(filepath.Join(root, tc.dir))
		if err != nil {
			t.Fatal(err)
		}
		d, err := chain.Current()
		if err != nil {
			t.Fatal(err)
		}
		f, err = ignore.ReadIn(d, ".gitignore", []string{tc.dir}, name)
		check("ReadIn", f, err)
		chain.Close()
	}
}

// ReadPath is for files git or the user chose outside the tree, such as
// core.excludesFile: a link there is followed, to a regular file.
func TestReadPathFollowsLink(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "real", "*.local\n")
	link := filepath.Join(dir, "ignore")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Fatal(err)
	}
	f, err := ignore.ReadPath(link, nil, "your global excludes file")
	if err != nil || len(f.Patterns) != 1 || f.Patterns[0].Source != "your global excludes file" {
		t.Errorf("ReadPath through a link: %v, %+v", err, f.Patterns)
	}
	f, err = ignore.ReadPath(filepath.Join(dir, "nope"), nil, "nope")
	if err != nil || f.Exists {
		t.Errorf("ReadPath of a missing file: %v, exists %v", err, f.Exists)
	}
	if _, err := ignore.ReadPath("/dev/null", nil, "null"); !errors.Is(err, safefile.ErrNotRegular) && !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadPath(/dev/null): %v, want a refusal", err)
	}
}

// Patterns that go-git's matcher, used before, got wrong mean what they
// mean to git. One ending in "**": "/**" ignores everything (a fuzzed
// .gitignore found tightlip ignoring nothing), "dir/**" what is inside
// dir but not dir, so that a later "!dir/keep" re-includes. One with an
// empty component ("*//", "//a", "a//b") ignores nothing (a fuzzed
// .gitignore found "*//" hiding every directory from the walk).
func TestEdgePatternsAgreeWithGit(t *testing.T) {
	agreeWithGit(t, map[string]bool{".env": false, "a": true, "a/x.key": false, "a/keep": false, "a/b": true, "a/b/y.pem": false, "c.txt": false}, []string{
		"/**\n", "**/**\n", "/**/\n", "**\n", "a/**\n", "/a/**\n", "a/**/\n", "**/a/**\n",
		"a/**\n!a/keep\n", "/**\n!.env\n", "!/**\n", "/**/*.pem\n",
		"*//\n", "*// \n", "//a\n", "a//b\n", "a//\n", "/a//\n", "*//*\n", "a/b//\n", "//\n", "a/\\ \n",
		"*\n!*//\n", "*\n!//a\n", "a/b/ \n", "a\\ \\ \n",
		"a/\n!a/b/\n", "a/*\n!a/b/\n", "a/**\n!a/b/\n", "*\n!*/\n", "*\n!a/\n!a/b/\n",
	})
}

// Globs mean what git's wildmatch makes of them, byte by byte: "!" and
// "^" negate a class, POSIX classes work, a "-" at a class's ends and a
// "]" at its start are literal, "?" is one byte (not one UTF-8
// character), "**" inside a component is "*", and a malformed class
// matches nothing. go-git's filepath.Match read "[!a]" as "!" or "a",
// "[[:digit:]]" as a class of "[:digt" and a "]", and "?" as a character,
// so "[[:digit:]]" hid a file named "d]" that git adds.
func TestGlobsAgreeWithGit(t *testing.T) {
	names := []string{"a.env", "b.env", "!.env", "d]", "5", "x", "-x", "]x", "a*", "é.env", "ab", "a-b", "Z", "[x", "a\\b", "t\tab", "sp ace", "x.c", "x.h", "dir/x.c", "dir/sub/x.c", "dir/a.env"}
	paths := map[string]bool{"dir": true, "dir/sub": true}
	for _, n := range names {
		paths[n] = false
	}
	agreeWithGit(t, paths, []string{
		"[!a].env\n", "[^a].env\n", "[[:digit:]]\n", "[[:alpha:]]*\n", "[[:punct:]]*\n", "[[:space:]]*\n", "[[:upper:]]\n",
		"[[:bogus:]]\n", "[[:alpha:]\n", "[[:alpha]\n", "[a-]x\n", "[-a]x\n", "[]]x\n", "[!]]x\n", "?.env\n", "??.env\n",
		"a\\*\n", "a\\\\b\n", "a**\n", "a**b\n", "*.[ch]\n", "dir/*.c\n", "dir/**/*.c\n", "d*/x.c\n", "**/x.c\n",
		"[a\n", "\\\n", "a[\\]]b\n", "[[]x\n", "[z-a]b\n", "*.env\n![a-b].env\n", "*\n!*.c\n", "dir\n!dir/a.env\n",
		"t\\\ttab\n", "sp\\ ace\n", "[[:print:]][[:print:]]\n", "[[:cntrl:]]*\n", "[[:xdigit:]]\n",
	})
}

// agreeWithGit checks that each .gitignore content decides every path
// (true for a directory) as git check-ignore does. A path is ignored when
// it is, or a directory above it is: git does not look inside an
// ignored directory.
func agreeWithGit(t *testing.T, paths map[string]bool, contents []string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	for _, content := range contents {
		root := t.TempDir()
		git(t, root, "init", "-q")
		write(t, root, ".gitignore", content)
		makePaths(t, root, paths)
		var stdin bytes.Buffer
		for p := range paths {
			stdin.WriteString(p + "\x00")
		}
		cmd := gitCmd(root, "check-ignore", "--no-index", "-z", "--stdin")
		cmd.Stdin = &stdin
		out, _ := cmd.Output() // exit 1: nothing ignored
		byGit := map[string]bool{}
		for _, p := range strings.Split(string(out), "\x00") {
			byGit[p] = true
		}
		ps := ignore.Parse([]byte(content), nil, ".gitignore")
		for p, isDir := range paths {
			if _, got := ignore.Decide(ps, strings.Split(p, "/"), isDir); got != byGit[p] {
				t.Errorf("%q: %s ignored %v, git says %v", content, p, got, byGit[p])
			}
		}
	}
}
