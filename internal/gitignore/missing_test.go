package gitignore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/rule"
)

// One finding per .gitignore, whatever it lacks: every missing entry in its
// message and Entries, the severity of the most severe, one fix with every
// line. A project that lacks nothing has no finding.
func TestMissingIsOneFindingPerGitignore(t *testing.T) {
	root := tree(t, map[string]string{
		"svc/go.mod":      "module svc\n",
		"svc/.gitignore":  "!*.key\n",
		"done/go.mod":     "module done\n",
		"done/.gitignore": allPatterns(),
	})
	res := check(t, root, gitignore.Options{})
	fs := byRule(res, gitignore.RuleMissing)
	if got := files(res, gitignore.RuleMissing); !slices.Equal(got, []string{".gitignore", "svc/.gitignore"}) {
		t.Fatalf("gitignore-missing findings for %q, want one for .gitignore and one for svc/.gitignore", got)
	}
	for _, f := range fs {
		switch f.File {
		case ".gitignore":
			if !slices.Equal(f.Entries, defaultMissing()) {
				t.Errorf("entries %q, want %q", f.Entries, defaultMissing())
			}
			if f.Severity != rule.Error {
				t.Errorf("severity %s, want error (the .env family's)", f.Severity)
			}
			for _, e := range f.Entries {
				if !strings.Contains(f.Message, "`"+e+"`") {
					t.Errorf("message does not name %s: %s", e, f.Message)
				}
			}
			if len(f.Fix.Inserts) != 1 || !strings.HasPrefix(f.Fix.Inserts[0].Text, ".env\n.env.*\n!.env.example\n") {
				t.Errorf("fix %+v, want one insert of every line", f.Fix)
			}
		case "svc/.gitignore":
			// Only what the root's fix leaves open: the project re-includes
			// *.key.
			if !slices.Equal(f.Entries, []string{"*.key"}) || f.Severity != rule.Warning {
				t.Errorf("svc: entries %q severity %s, want [*.key] warning", f.Entries, f.Severity)
			}
			if !strings.Contains(f.Message, "`*.key` files") {
				t.Errorf("svc: message %q", f.Message)
			}
		}
	}
}

// A project missing only warnings' entries is a warning.
func TestMissingSeverityIsTheWorst(t *testing.T) {
	root := tree(t, map[string]string{".gitignore": ".env\n.env.*\n"})
	fs := byRule(check(t, root, gitignore.Options{}), gitignore.RuleMissing)
	if len(fs) != 1 || fs[0].Severity != rule.Warning || slices.Contains(fs[0].Entries, ".env") {
		t.Errorf("findings %+v, want one warning without .env", fs)
	}
}

// The merged finding's identity (so its fingerprint) is the same run after
// run, and differs when the set of missing entries does: a baseline made
// when *.pem was missing does not hide a .gitignore that now lacks .env.
func TestMissingIdentity(t *testing.T) {
	ident := func(gi string) string {
		root := tree(t, map[string]string{".gitignore": gi})
		fs := byRule(check(t, root, gitignore.Options{}), gitignore.RuleMissing)
		if len(fs) != 1 || fs[0].Identity == "" {
			t.Fatalf("findings %+v, want one with an identity", fs)
		}
		return fs[0].Identity
	}
	all := allPatterns()
	noPem := strings.Replace(all, "*.pem\n", "", 1)
	noEnv := strings.Replace(all, ".env\n", "", 1)
	a, b := ident(noPem), ident(noPem)
	if a != b {
		t.Errorf("two runs give identities %s and %s", a, b)
	}
	// Another file with the same gaps, its lines in another order.
	if c := ident("# reordered\n" + noPem); c != a {
		t.Errorf("the same entries missing give another identity")
	}
	if d := ident(noEnv); d == a {
		t.Errorf("other entries missing give the same identity")
	}
}
