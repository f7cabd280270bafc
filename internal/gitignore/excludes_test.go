package gitignore_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
)

// Lines in .git/info/exclude or the global excludes file hide a file on
// this machine only: the entry is still missing, and the message says what
// hides it and why that does not count.
func TestMachineExcludesDoNotCount(t *testing.T) {
	gitignoreWithout := func(entry string) string {
		return strings.Replace(allPatterns(), entry+"\n", "", 1)
	}

	t.Run("info/exclude", func(t *testing.T) {
		root := tree(t, map[string]string{".gitignore": gitignoreWithout(".env")})
		gitInit(t, root)
		write(t, root, ".git/info/exclude", "# local\n.env\n")
		res := check(t, root, gitignore.Options{})
		fs := byRule(res, gitignore.RuleMissing)
		if len(fs) != 1 || missing(res, ".gitignore")[0] != ".env" {
			t.Fatalf("findings %+v, want .env missing", fs)
		}
		for _, s := range []string{".git/info/exclude (line 2) hides them on this machine", "not part of the repository", "CI clones and teammates"} {
			if !strings.Contains(fs[0].Message, s) {
				t.Errorf("message lacks %q: %s", s, fs[0].Message)
			}
		}
	})

	t.Run("core.excludesFile", func(t *testing.T) {
		home := os.Getenv("HOME")
		excludes := filepath.Join(home, "my-excludes")
		write(t, home, "my-excludes", "*.pem\n")
		cfg := filepath.Join(t.TempDir(), "gitconfig")
		write(t, filepath.Dir(cfg), "gitconfig", "[core]\n\texcludesFile = ~/my-excludes\n")
		t.Setenv("GIT_CONFIG_GLOBAL", cfg)
		t.Cleanup(func() { os.Remove(excludes) })

		root := tree(t, map[string]string{".gitignore": gitignoreWithout("*.pem")})
		gitInit(t, root)
		fs := byRule(check(t, root, gitignore.Options{}), gitignore.RuleMissing)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "your global excludes file ~/my-excludes (line 1) hides them") {
			t.Errorf("findings %+v, want *.pem missing, naming ~/my-excludes", fs)
		}
	})

	t.Run("default global excludes", func(t *testing.T) {
		xdg := t.TempDir()
		t.Setenv("XDG_CONFIG_HOME", xdg)
		write(t, xdg, "git/ignore", "id_rsa\n")
		root := tree(t, map[string]string{".gitignore": gitignoreWithout("id_rsa")})
		gitInit(t, root)
		fs := byRule(check(t, root, gitignore.Options{}), gitignore.RuleMissing)
		if len(fs) != 1 || !strings.Contains(fs[0].Message, "global excludes file "+filepath.Join(xdg, "git", "ignore")) {
			t.Errorf("findings %+v, want id_rsa missing, naming the XDG ignore file", fs)
		}
	})

	t.Run("a .gitignore line overrides them", func(t *testing.T) {
		// .gitignore has the last word: a negation there reopens what the
		// local file hides, and the message must not blame the local file.
		root := tree(t, map[string]string{".gitignore": allPatterns() + "!.env\n"})
		gitInit(t, root)
		write(t, root, ".git/info/exclude", ".env\n")
		fs := byRule(check(t, root, gitignore.Options{}), gitignore.RuleMissing)
		if len(fs) != 1 || strings.Contains(fs[0].Message, "exclude") && strings.Contains(fs[0].Message, "hides") {
			t.Errorf("findings %+v, want .env missing without blaming .git/info/exclude", fs)
		}
	})

	t.Run("plain directories have none", func(t *testing.T) {
		root := tree(t, map[string]string{".gitignore": gitignoreWithout(".env")})
		if got := missing(check(t, root, gitignore.Options{}), ".gitignore"); !slices.Equal(got, []string{".env"}) {
			t.Errorf("missing %q", got)
		}
	})
}
