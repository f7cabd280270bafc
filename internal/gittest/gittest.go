// Package gittest builds small git repositories for tests, with the git
// command (tightlip itself never runs it): some cases — shallow clones,
// stashes, submodules — are only real when git made them.
package gittest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Repo is a repository in a temporary directory.
type Repo struct {
	t   testing.TB
	Dir string
	// tick advances the clock every commit, so that dates, and with them
	// commit hashes, are the same on every run.
	tick int
}

// Epoch is the date of the first commit a Repo makes; each later commit is
// one minute later.
var Epoch = time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)

// New initialises a repository with branch main. The test is skipped when
// git is not installed.
func New(t testing.TB) *Repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &Repo{t: t, Dir: t.TempDir()}
	r.Git("init", "-q", "-b", "main")
	return r
}

// At is a Repo for an existing directory, such as a clone.
func At(t testing.TB, dir string) *Repo {
	return &Repo{t: t, Dir: dir}
}

// Git runs git in the repository with a fixed identity and clock and no
// user or system configuration, and returns its trimmed output.
func (r *Repo) Git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = r.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (r *Repo) env() []string {
	date := Epoch.Add(time.Duration(r.tick) * time.Minute).Format(time.RFC3339)
	return append(os.Environ(),
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull, "HOME="+r.Dir,
		"GIT_AUTHOR_NAME=Dana Dev", "GIT_AUTHOR_EMAIL=dana@example.com", "GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_NAME=Dana Dev", "GIT_COMMITTER_EMAIL=dana@example.com", "GIT_COMMITTER_DATE="+date,
		// No git maintenance process after each commit: the repositories
		// are small and short-lived (a test packs one with git gc itself).
		"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=maintenance.auto", "GIT_CONFIG_VALUE_0=false",
	)
}

// Write writes a file of the work tree.
func (r *Repo) Write(path, content string) {
	r.t.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// Commit writes files (path → content; "" content deletes the file), stages
// everything and commits, and returns the commit's hash.
func (r *Repo) Commit(msg string, files map[string]string) string {
	r.t.Helper()
	for path, content := range files {
		if content == "" {
			if err := os.Remove(filepath.Join(r.Dir, filepath.FromSlash(path))); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		r.Write(path, content)
	}
	r.Git("add", "-A")
	r.Git("commit", "-q", "--allow-empty", "-m", msg)
	r.tick++
	return r.head()
}

// head returns the commit HEAD names. It reads the loose ref a commit has
// just written rather than run git rev-parse: a git process costs tens of
// milliseconds of CPU, and the tests make hundreds of commits.
func (r *Repo) head() string {
	r.t.Helper()
	gitDir := filepath.Join(r.Dir, ".git")
	if data, err := os.ReadFile(filepath.Join(gitDir, "HEAD")); err == nil {
		ref, isRef := strings.CutPrefix(strings.TrimSpace(string(data)), "ref: ")
		if !isRef && len(ref) == 40 {
			return ref // detached
		}
		if hash, err := os.ReadFile(filepath.Join(gitDir, filepath.FromSlash(ref))); isRef && err == nil && len(strings.TrimSpace(string(hash))) == 40 {
			return strings.TrimSpace(string(hash))
		}
	}
	// A packed ref, a linked work tree or a SHA-256 repository.
	return r.Git("rev-parse", "HEAD")
}

// Import feeds a git fast-import stream to the repository: one process for
// a history that Commit would make with hundreds. The stream names its
// commits' authors, dates and refs itself (see ImportCommit); the work
// tree and the index are left as they were.
func (r *Repo) Import(stream string) {
	r.t.Helper()
	r.fastImport(stream)
}

// ImportMarked is Import, returning the commit each mark of the stream
// became (":1" → its hash). The stream may move a ref anywhere, not only
// forward (fast-import's --force).
func (r *Repo) ImportMarked(stream string) map[string]string {
	r.t.Helper()
	marks := filepath.Join(r.t.TempDir(), "marks")
	r.fastImport(stream, "--force", "--export-marks="+marks)
	data, err := os.ReadFile(marks)
	if err != nil {
		r.t.Fatal(err)
	}
	commits := map[string]string{}
	for line := range strings.Lines(string(data)) {
		if mark, hash, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			commits[mark] = hash
		}
	}
	return commits
}

func (r *Repo) fastImport(stream string, flags ...string) {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"fast-import", "--quiet", "--done"}, flags...)...)
	cmd.Dir = r.Dir
	cmd.Env = r.env()
	cmd.Stdin = strings.NewReader(stream + "done\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git fast-import: %v\n%s", err, out)
	}
}

// ImportCommit returns a fast-import commit command for ref with mark
// :mark, made the tick-th minute after Epoch, with parents from (mark or
// commit; "" for a root commit) and merges, writing files (path →
// content; "" content deletes the file) on top of the first parent's tree.
func ImportCommit(ref string, mark, tick int, msg, from string, merges []string, files map[string]string) string {
	var b strings.Builder
	date := Epoch.Add(time.Duration(tick) * time.Minute).Unix()
	fmt.Fprintf(&b, "commit %s\nmark :%d\n", ref, mark)
	fmt.Fprintf(&b, "author Dana Dev <dana@example.com> %d +0000\ncommitter Dana Dev <dana@example.com> %d +0000\n", date, date)
	fmt.Fprintf(&b, "data %d\n%s\n", len(msg), msg)
	if from != "" {
		fmt.Fprintf(&b, "from %s\n", from)
	}
	for _, m := range merges {
		fmt.Fprintf(&b, "merge %s\n", m)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if files[p] == "" {
			fmt.Fprintf(&b, "D %s\n", p)
			continue
		}
		fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", p, len(files[p]), files[p])
	}
	b.WriteString("\n")
	return b.String()
}

// Tick advances the clock by one commit, for commits made with Git.
func (r *Repo) Tick() { r.tick++ }

// ObjectPath returns the file of a loose object.
func (r *Repo) ObjectPath(hash string) string {
	return filepath.Join(r.Dir, ".git", "objects", hash[:2], hash[2:])
}

// FakeToken returns a string shaped like a GitHub personal access token
// (gitleaks' github-pat rule), fake by construction: it carries the
// TLFAKE marker, grants nothing and is built at run time from seed, so no
// file in the repository holds one.
func FakeToken(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("ghp_" + "TLFAKE")
	for i := 0; len(b) < 40; i++ {
		b = append(b, alnum[int(sum[i%len(sum)])%len(alnum)])
	}
	return string(b)
}

// Lines returns n lines of filler text, numbered from first, each ending in
// a newline: a file body that no rule matches.
func Lines(first, n int) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		fmt.Fprintf(&b, "line %d of an ordinary file, nothing to see here\n", i)
	}
	return b.String()
}

// GitFails runs a git command that is expected to fail and returns its
// output; it fails the test if the command succeeds.
func (r *Repo) GitFails(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = r.env()
	out, err := cmd.CombinedOutput()
	if err == nil {
		r.t.Fatalf("git %s succeeded, want a failure\n%s", strings.Join(args, " "), out)
	}
	return string(out)
}

// DeepChain makes a chain of depth directories named "d" under dir, a
// component at a time through os.Root (so that a chain longer than the
// kernel takes as one path can be built), writes files in the deepest,
// and returns the deepest's slash path from dir, ending in "/".
func DeepChain(t testing.TB, dir string, depth int, files map[string]string) string {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	for range depth {
		if err := r.Mkdir("d", 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := r.OpenRoot("d")
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		r = next
	}
	defer r.Close()
	for name, content := range files {
		if err := r.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return strings.Repeat("d/", depth)
}
