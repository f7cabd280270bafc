package gitignore_test

import (
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
)

// without returns defaultMissing() less the given entries.
func without(covered ...string) []string {
	return slices.DeleteFunc(defaultMissing(), func(p string) bool { return slices.Contains(covered, p) })
}

// Whether an entry counts as present is git's decision on a file of that
// kind at the project's root: each case is a real .gitignore and what it
// leaves missing. Every case runs in a plain directory and in a git work
// tree, which must agree.
func TestGitignoreSemantics(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // entries missing from .gitignore
	}{
		{"empty .gitignore", map[string]string{".gitignore": ""}, defaultMissing()},
		{"every entry", map[string]string{".gitignore": allPatterns()}, nil},
		{"one wildcard for the .env family", map[string]string{".gitignore": ".env*\n"}, without(".env", ".env.*")},
		{"template negated after the family", map[string]string{".gitignore": ".env\n.env.*\n!.env.example\n"}, without(".env", ".env.*")},
		{"negation reopens an entry", map[string]string{".gitignore": ".env\n*.pem\n!.env\n"}, without("*.pem")},
		{"a later line wins", map[string]string{".gitignore": "!.env\n.env\n"}, without(".env")},
		{"directory patterns match directories only", map[string]string{".gitignore": ".env/\n*.pem/\nid_rsa\n"}, without("id_rsa")},
		{"anchored at the root", map[string]string{".gitignore": "/.env\n/*.pem\n"}, without(".env", "*.pem")},
		{"anchored in another directory", map[string]string{".gitignore": "config/.env\nkeys/*.pem\n"}, defaultMissing()},
		{"double star", map[string]string{".gitignore": "**/.env\n**/*.pem\n"}, without(".env", "*.pem")},
		{"comments are not entries", map[string]string{".gitignore": "# .env\n#*.pem\n  # id_rsa\n"}, defaultMissing()},
		{"escaped hash is a name", map[string]string{".gitignore": "\\#.env\n"}, defaultMissing()},
		{"trailing spaces are dropped", map[string]string{".gitignore": ".env   \n*.pem \t\n*.key \n"}, without(".env", "*.key")},
		{"an escaped trailing space is kept", map[string]string{".gitignore": ".env\\ \n"}, defaultMissing()},
		{"CRLF line endings", map[string]string{".gitignore": ".env\r\n.env.*\r\n*.pem\r\n"}, without(".env", ".env.*", "*.pem")},
		{"byte-order mark", map[string]string{".gitignore": "\ufeff.env\n*.pem\n"}, without(".env", "*.pem")},
		{"a name does not cover its kind", map[string]string{".gitignore": "server.pem\n.env.local\n.env.production\n"}, defaultMissing()},
		{"matching is case-sensitive", map[string]string{".gitignore": ".ENV\n*.PEM\n"}, defaultMissing()},
		{"question mark and classes", map[string]string{".gitignore": ".en?\n*.[pk]e[my]\nid_*\n"}, without(".env", "*.pem", "*.key", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519")},
		{"ignore everything", map[string]string{".gitignore": "*\n!.gitignore\n"}, nil},
		{"everything but one kind", map[string]string{".gitignore": "*\n!*.tfvars\n"}, []string{"*.tfvars"}},
		{"no .gitignore at all", map[string]string{"main.go": "package main\n"}, defaultMissing()},
		{"a nested .gitignore does not cover the root", map[string]string{".gitignore": "", "sub/.gitignore": allPatterns()}, defaultMissing()},
	}
	for _, tt := range tests {
		for _, mode := range []string{"plain", "git"} {
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				root := tree(t, tt.files)
				if mode == "git" {
					gitInit(t, root)
				}
				res := check(t, root, gitignore.Options{})
				if got := missing(res, ".gitignore"); !slices.Equal(got, tt.want) {
					t.Errorf("missing %q\n   want %q", got, tt.want)
				}
				if len(res.Problems) > 0 {
					t.Errorf("problems %q", res.Problems)
				}
				if mode == "git" {
					if gitSays := missingByGit(t, root); !slices.Equal(gitSays, tt.want) {
						t.Errorf("the case is wrong: git check-ignore leaves %q missing", gitSays)
					}
				}
			})
		}
	}
}

// missingByGit asks git itself which entries a file named like them at the
// root would not be ignored for, so that each case above is checked
// against the reference implementation and not only against go-git. One
// git check-ignore answers for every probe: it prints those it ignores.
func missingByGit(t *testing.T, root string) []string {
	t.Helper()
	entries := defaultMissing()
	var probes strings.Builder
	byProbe := map[string]string{}
	for _, p := range entries {
		probe := strings.NewReplacer("*", "tightlip-probe", "?", "x").Replace(p)
		byProbe[probe] = p
		probes.WriteString(probe + "\x00")
	}
	cmd := exec.Command("git", "check-ignore", "--no-index", "--stdin", "-z")
	cmd.Dir = root
	cmd.Stdin = strings.NewReader(probes.String())
	stdout, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil: // some ignored
	case errors.As(err, &exit) && exit.ExitCode() == 1: // none ignored
	default:
		t.Fatalf("git check-ignore: %v", err)
	}
	ignored := map[string]bool{}
	for probe := range strings.SplitSeq(strings.TrimSuffix(string(stdout), "\x00"), "\x00") {
		if probe == "" {
			continue
		}
		p, ok := byProbe[probe]
		if !ok {
			t.Fatalf("git check-ignore answered for %q, not a probe", probe)
		}
		ignored[p] = true
	}
	var out []string
	for _, p := range entries {
		if !ignored[p] {
			out = append(out, p)
		}
	}
	return out
}
