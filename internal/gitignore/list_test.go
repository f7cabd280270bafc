package gitignore_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/rule"
)

func TestDefaultList(t *testing.T) {
	want := []string{".env", ".env.*", "*.pem", "*.key", "*.p12", "*.pfx", "*.jks", "*.keystore", "id_rsa", "id_dsa", "id_ecdsa",
		"id_ed25519", "credentials.json", "service-account*.json", ".netrc", ".npmrc", "*.tfvars", "secrets.yml", "secrets.yaml",
		// Reported when tracked, not required in .gitignore.
		".pgpass", ".git-credentials", ".mylogin.cnf", ".vault-token", "logins.json", "key4.db", "key3.db", "Login Data",
		"credentials-config.json", "*.kdbx", ".gitcookies"}
	l := gitignore.Default()
	if got := l.Patterns(); !slices.Equal(got, want) {
		t.Errorf("default list %q\n   want %q", got, want)
	}
	if got := l.Required().Patterns(); len(got) != 19 || slices.Contains(got, ".pgpass") || !slices.Contains(got, ".netrc") {
		t.Errorf("required entries %q: want the first 19, without the tracked-only ones", got)
	}
	for _, e := range l {
		wantSev := rule.Warning
		if strings.HasPrefix(e.Pattern, ".env") {
			wantSev = rule.Error
		}
		if e.Severity != wantSev {
			t.Errorf("%s: severity %s, want %s", e.Pattern, e.Severity, wantSev)
		}
	}
	for name, want := range map[string]string{
		".env": ".env", ".env.local": ".env.*", ".env.example": "", ".env.dist": "", "server.pem": "*.pem",
		"service-account-prod.json": "service-account*.json", "id_rsa.pub": "", ".envrc": "", "secrets.yml": "secrets.yml",
		"logins.json": "logins.json", "team.kdbx": "*.kdbx", "pgpass": "",
	} {
		e, ok := l.Match(name)
		if ok != (want != "") || e.Pattern != want {
			t.Errorf("Match(%q) = %q, %v; want %q", name, e.Pattern, ok, want)
		}
	}
}

func TestListFromConfig(t *testing.T) {
	cfg, err := config.Parse("t.toml", []byte("[gitignore]\nadd = [\"*.secret\", \".env-prod\"]\nremove = [\"*.tfvars\", \".netrc\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := gitignore.FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := l.Patterns()
	if slices.Contains(p, "*.tfvars") || slices.Contains(p, ".netrc") || !slices.Contains(p, "*.secret") || !slices.Contains(p, ".env-prod") {
		t.Errorf("list %q", p)
	}
	root := tree(t, map[string]string{".gitignore": allPatterns()})
	res, err := gitignore.Check(context.Background(), root, gitignore.Options{List: l})
	if err != nil {
		t.Fatal(err)
	}
	if got := missing(res, ".gitignore"); !slices.Equal(got, []string{"*.secret", ".env-prod"}) {
		t.Errorf("missing %q, want the added entries", got)
	}
	for _, f := range res.Findings {
		want := rule.Warning
		if strings.Contains(f.Message, ".env-prod") {
			want = rule.Error
		}
		if f.Severity != want {
			t.Errorf("%s: severity %s, want %s", f.Message, f.Severity, want)
		}
	}

	if l, err := gitignore.FromConfig(nil); err != nil || !slices.Equal(l.Patterns(), gitignore.Default().Patterns()) {
		t.Errorf("FromConfig(nil) = %q, %v; want the default list", l.Patterns(), err)
	}
	for src, want := range map[string]string{
		"[gitignore]\nremove = [\"*.secret\"]\n": `remove names "*.secret", which is not in the list`,
		"[gitignore]\nadd = [\".env\"]\n":        `add names ".env", which is in the list already`,
	} {
		cfg, err := config.Parse("t.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gitignore.FromConfig(cfg); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "t.toml") {
			t.Errorf("%q: error %v, want it to name t.toml and say %q", src, err, want)
		}
	}
}

func TestCheckEdges(t *testing.T) {
	// A file as root has no tree to judge.
	root := tree(t, map[string]string{"a.txt": ""})
	if res := check(t, root+"/a.txt", gitignore.Options{}); len(res.Findings) != 0 {
		t.Errorf("file root: %+v", res.Findings)
	}
	// A missing root is an error naming it.
	if _, err := gitignore.Check(context.Background(), root+"/nope", gitignore.Options{}); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("missing root: %v", err)
	}
	// Cancellation stops the walk.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := gitignore.Check(ctx, root, gitignore.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// An empty list checks nothing.
	if res := check(t, root, gitignore.Options{List: gitignore.List{}}); len(res.Findings) != 0 {
		t.Errorf("empty list: %+v", res.Findings)
	}
}

// A .gitignore that cannot be read is a problem naming it; the check goes
// on as if it were not there.
func TestUnreadableGitignore(t *testing.T) {
	root := tree(t, map[string]string{".gitignore/x": ""})
	res := check(t, root, gitignore.Options{})
	if !slices.Equal(res.Problems, []string{".gitignore: is a directory"}) {
		t.Errorf("problems %q", res.Problems)
	}
	if got := missing(res, ".gitignore"); !slices.Equal(got, defaultMissing()) {
		t.Errorf("missing %q", got)
	}
}
