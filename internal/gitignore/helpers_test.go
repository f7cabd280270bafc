package gitignore_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/placeholder"
)

// TestMain keeps the machine's git settings out of the tests: the global
// excludes file is one of the things these rules look at, so every test
// starts from an empty home and no system or global configuration.
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "tightlip-gitignore-home")
	if err != nil {
		panic(err)
	}
	global := filepath.Join(home, "gitconfig")
	if err := os.WriteFile(global, nil, 0o644); err != nil {
		panic(err)
	}
	for k, v := range map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": "", "GIT_CONFIG_GLOBAL": global, "GIT_CONFIG_NOSYSTEM": "1",
		"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
	} {
		os.Setenv(k, v)
	}
	code := m.Run()
	os.RemoveAll(home)
	os.Exit(code)
}

// fakeMarker is in every fake secret here; each is built at run time, so
// this file holds none.
const fakeMarker = "TL" + "FAKE"

// fakeKey is a made-up key value that reads as a real one, not as a
// placeholder.
func fakeKey(t *testing.T) string {
	t.Helper()
	k := "q8ZrV" + fakeMarker + "k7x2Vw9pL3nB"
	if placeholder.Is(k) {
		t.Fatalf("fake key %q is judged a placeholder; pick another", k)
	}
	return k
}

// fakePrivateKey is PEM text shaped like a private key, with no key in it.
func fakePrivateKey() string {
	return "-----BEGIN " + "PRIVATE KEY-----\nMIIE" + fakeMarker + "notakey\n-----END " + "PRIVATE KEY-----\n"
}

// allPatterns is every default entry, one a line: a .gitignore with nothing
// missing.
func allPatterns() string {
	return strings.Join(gitignore.Default().Patterns(), "\n") + "\n"
}

// defaultMissing is what a tree without any entry misses: the entries a
// .gitignore must name, except .npmrc, which only counts where an .npmrc
// holds credentials.
func defaultMissing() []string {
	return slices.DeleteFunc(gitignore.Default().Required().Patterns(), func(p string) bool { return p == ".npmrc" })
}

// write creates root/rel with content, and its directory.
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

func read(t *testing.T, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// tree writes files (slash path → content) under a new directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, content := range files {
		write(t, root, rel, content)
	}
	return root
}

// git runs the git CLI in dir.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// gitInit makes dir a git work tree.
func gitInit(t *testing.T, dir string) {
	t.Helper()
	git(t, dir, "init", "-q", "-b", "main")
}

func check(t *testing.T, root string, opts gitignore.Options) *gitignore.Result {
	t.Helper()
	res, err := gitignore.Check(context.Background(), root, opts)
	if err != nil {
		t.Fatalf("Check(%s): %v", root, err)
	}
	return res
}

// missing lists, in list order, the entries reported missing from file,
// which one finding at most reports.
func missing(res *gitignore.Result, file string) []string {
	var out []string
	n := 0
	for _, f := range res.Findings {
		if f.RuleID != gitignore.RuleMissing || f.File != file {
			continue
		}
		if n++; n > 1 {
			panic("more than one gitignore-missing finding for " + file)
		}
		out = append(out, f.Entries...)
	}
	return out
}

// byRule returns the findings of one rule.
func byRule(res *gitignore.Result, rule string) []finding.Finding {
	var out []finding.Finding
	for _, f := range res.Findings {
		if f.RuleID == rule {
			out = append(out, f)
		}
	}
	return out
}

// files lists the File of each finding of a rule.
func files(res *gitignore.Result, rule string) []string {
	var out []string
	for _, f := range byRule(res, rule) {
		out = append(out, f.File)
	}
	slices.Sort(out)
	return out
}
