package gitignore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
)

// A nested project is judged by the lines that apply to its directory. An
// entry the root excludes for itself alone (/.env) but not for the
// projects below is proposed once, at the root, where one line covers
// them; what a project reopens for itself (!*.pem) stays its own.
func TestMonorepo(t *testing.T) {
	root := tree(t, map[string]string{
		// The root anchors .env to itself: services/api/.env is not covered.
		".gitignore": strings.Replace(allPatterns(), ".env\n", "/.env\n", 1),
		// A project with a manifest and no .gitignore of its own.
		"services/api/go.mod": "module api\n",
		// A project whose own .gitignore covers what the root's does not.
		"services/web/package.json": "{}\n",
		"services/web/.gitignore":   ".env\n",
		// A project that reopens an entry for itself.
		"tools/cli/.gitignore":     "!*.pem\n",
		"tools/cli/pyproject.toml": "",
		// Directories that are no projects: no manifest, or fixtures and
		// third-party code.
		"docs/guide.md":                      "",
		"testdata/app/go.mod":                "module app\n",
		"web/node_modules/left/package.json": "{}\n",
		"third_party/vendor/x/go.mod":        "module x\n",
	})
	for _, mode := range []string{"plain", "git"} {
		t.Run(mode, func(t *testing.T) {
			if mode == "git" {
				gitInit(t, root)
			}
			res := check(t, root, gitignore.Options{})
			got := map[string][]string{}
			for _, f := range byRule(res, gitignore.RuleMissing) {
				got[f.File] = missing(res, f.File)
			}
			want := map[string][]string{
				".gitignore":           {".env"}, // for services/api and tools/cli, which the root's /.env does not reach
				"tools/cli/.gitignore": {"*.pem"},
			}
			if len(got) != len(want) {
				t.Errorf("findings on %v, want on %v", keys(got), keys(want))
			}
			for file, w := range want {
				if !slices.Equal(got[file], w) {
					t.Errorf("%s: missing %q, want %q", file, got[file], w)
				}
			}
			for _, f := range byRule(res, gitignore.RuleMissing) {
				switch f.File {
				case ".gitignore":
					if f.Line != 1 || !strings.Contains(f.Message, "not those of the projects below (services/api, tools/cli)") ||
						f.Fix.Inserts[0].File != ".gitignore" {
						t.Errorf("root: line %d, message %q, fix %+v", f.Line, f.Message, f.Fix)
					}
				case "tools/cli/.gitignore":
					if f.Line != 1 || f.Fix.Inserts[0].Offset != int64(len("!*.pem\n")) {
						t.Errorf("cli: line %d, fix %+v", f.Line, f.Fix)
					}
				}
			}
		})
	}
}

// Without a root .gitignore, the root is reported; its fix covers the
// nested projects, so they are not reported again for the same entries.
func TestMonorepoWithoutRootGitignore(t *testing.T) {
	root := tree(t, map[string]string{
		"services/api/go.mod":     "module api\n",
		"services/web/.gitignore": "dist/\n",
		"services/ops/.gitignore": "!.env\n", // reopens what the root's fix would add
	})
	res := check(t, root, gitignore.Options{})
	if got := missing(res, ".gitignore"); !slices.Equal(got, defaultMissing()) {
		t.Errorf("root: missing %q", got)
	}
	if got := files(res, gitignore.RuleMissing); slices.ContainsFunc(got, func(f string) bool {
		return strings.HasPrefix(f, "services/api/") || strings.HasPrefix(f, "services/web/")
	}) {
		t.Errorf("nested projects reported although the root's fix covers them: %q", got)
	}
	if got := missing(res, "services/ops/.gitignore"); !slices.Equal(got, []string{".env"}) {
		t.Errorf("services/ops: missing %q, want .env", got)
	}
}

// A nested repository is a tree of its own: its parent's .gitignore does
// not reach into it, and its files are tracked in its own index.
func TestNestedRepository(t *testing.T) {
	root := tree(t, map[string]string{".gitignore": allPatterns(), "lib/README.md": ""})
	gitInit(t, root)
	write(t, root, "lib/.env", "API_KEY="+fakeKey(t)+"\n")
	gitInit(t, root+"/lib")
	git(t, root+"/lib", "add", ".env")

	res := check(t, root, gitignore.Options{})
	if got := missing(res, ".gitignore"); len(got) != 0 {
		t.Errorf("root: missing %q", got)
	}
	if got := missing(res, "lib/.gitignore"); !slices.Equal(got, defaultMissing()) {
		t.Errorf("lib: missing %q, want everything (the parent's lines do not apply)", got)
	}
	for _, f := range byRule(res, gitignore.RuleMissing) {
		if f.File == "lib/.gitignore" && !strings.Contains(f.Message, "repository lib has no .gitignore") {
			t.Errorf("lib: message %q", f.Message)
			break
		}
	}
	tracked := byRule(res, gitignore.RuleTracked)
	if len(tracked) != 1 || tracked[0].File != "lib/.env" || !strings.Contains(tracked[0].Message, "git -C lib rm --cached .env") {
		t.Errorf("tracked %+v, want lib/.env with the command run in lib", tracked)
	}
}

// Scanning a directory inside a work tree: the .gitignore files above it
// apply, and findings are relative to it.
func TestRootInsideWorkTree(t *testing.T) {
	top := tree(t, map[string]string{
		".gitignore":       allPatterns(),
		"app/main.go":      "package main\n",
		"app/conf/.env":    "API_KEY=" + fakeKey(t) + "\n",
		"other/id_ed25519": fakePrivateKey(),
	})
	gitInit(t, top)
	git(t, top, "add", "-f", ".")
	res := check(t, top+"/app", gitignore.Options{})
	if got := byRule(res, gitignore.RuleMissing); len(got) != 0 {
		t.Errorf("missing findings %+v, want none: ../.gitignore covers app/", got)
	}
	write(t, top, ".gitignore", "*.pem\n")
	fs := byRule(check(t, top+"/app", gitignore.Options{}), gitignore.RuleMissing)
	if len(fs) == 0 || !strings.HasPrefix(fs[0].Message, "the scanned directory has no .gitignore, and the ones above it do not exclude") {
		t.Errorf("with a thin ../.gitignore: %+v", fs)
	}
	tracked := byRule(res, gitignore.RuleTracked)
	if len(tracked) != 1 || tracked[0].File != "conf/.env" ||
		!strings.Contains(tracked[0].Message, "although ../.gitignore excludes it") ||
		!strings.Contains(tracked[0].Message, "git rm --cached conf/.env") {
		t.Errorf("tracked %+v, want conf/.env only (other/ is outside the scan), excluded by ../.gitignore", tracked)
	}
}

func keys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
