package gitrepo_test

import (
	"path/filepath"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

func TestHooksDir(t *testing.T) {
	// No global configuration of the machine's may set core.hooksPath.
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a\n", "sub/b.txt": "b\n"})
	check := func(dir, want string, wantConfigured bool) {
		t.Helper()
		got, configured, err := open(t, dir).HooksDir()
		if err != nil {
			t.Fatal(err)
		}
		if got != want || configured != wantConfigured {
			t.Errorf("HooksDir(%s) = %s, %v; want %s, %v", dir, got, configured, want, wantConfigured)
		}
	}
	check(g.Dir, filepath.Join(g.Dir, ".git", "hooks"), false)
	check(filepath.Join(g.Dir, "sub"), filepath.Join(g.Dir, ".git", "hooks"), false)

	// A linked work tree runs the main repository's hooks.
	wt := filepath.Join(t.TempDir(), "wt")
	g.Git("worktree", "add", "-q", wt)
	check(wt, filepath.Join(g.Dir, ".git", "hooks"), false)

	g.Git("config", "core.hooksPath", ".githooks")
	check(g.Dir, filepath.Join(g.Dir, ".githooks"), true)
	check(wt, filepath.Join(wt, ".githooks"), true)
	abs := t.TempDir()
	g.Git("config", "core.hooksPath", abs)
	check(g.Dir, abs, true)
}
