package reuse_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/reuse"
	"github.com/tightlip/tightlip/internal/rule"
)

func secretAt(file string, line int, secret string) finding.Finding {
	return finding.Finding{RuleID: "github-pat", Category: rule.HardcodedSecret, Severity: rule.Error,
		File: file, Line: line, Column: 5, Secret: secret}
}

// Tokens made by gittest.FakeToken: fake by construction (TLFAKE), they
// grant nothing.
var (
	shared = gittest.FakeToken("reuse-shared")
	other  = gittest.FakeToken("reuse-other")
)

func TestFind(t *testing.T) {
	fs := []finding.Finding{
		secretAt("deploy/production/app.env", 3, shared),
		secretAt("deploy/staging/app.env", 7, shared),
		secretAt("deploy/staging/app.env", 9, shared), // the same file again: one finding per file
		secretAt("services/billing/config.yml", 2, shared),
		// One key in two files of one directory is not reuse across
		// environments.
		secretAt("deploy/staging/a.env", 1, other),
		secretAt("deploy/staging/b.env", 1, other),
		// Fixtures share fake keys on purpose.
		secretAt("testdata/one/x.env", 1, other),
		secretAt("examples/two/y.env", 1, other),
		// Placeholders are no secret.
		secretAt("a/x.env", 1, "changeme"),
		secretAt("b/x.env", 1, "changeme"),
		// Findings of other families carry no secret to compare.
		{RuleID: "gitignore-missing", Category: rule.Gitignore, File: "a/.gitignore", Line: 1},
		{RuleID: "gitignore-missing", Category: rule.Gitignore, File: "b/.gitignore", Line: 1},
	}
	got := reuse.Find(fs)
	slices.SortFunc(got, finding.Compare)
	var where []string
	for _, f := range got {
		where = append(where, f.File)
		if f.RuleID != reuse.RuleReused || f.Category != rule.HardcodedSecret || f.Severity != rule.Warning {
			t.Errorf("%s: rule %s %s %s, want secret-reused hardcoded-secret warning", f.File, f.RuleID, f.Category, f.Severity)
		}
		if strings.Contains(f.Message, shared) {
			t.Errorf("%s: message quotes the secret: %s", f.File, f.Message)
		}
		if len(f.Related) != 2 {
			t.Errorf("%s: related %v, want the 2 other files", f.File, f.Related)
		}
		if f.Identity == "" || f.Secret != shared {
			t.Errorf("%s: identity %q secret set %v; want both", f.File, f.Identity, f.Secret == shared)
		}
	}
	want := []string{"deploy/production/app.env", "deploy/staging/app.env", "services/billing/config.yml"}
	if !slices.Equal(where, want) {
		t.Fatalf("secret-reused in %v, want %v", where, want)
	}
	// The staging copy is the file's first line with the key, and names the others.
	st := got[1]
	if st.Line != 7 {
		t.Errorf("staging finding at line %d, want 7 (the first)", st.Line)
	}
	if !strings.Contains(st.Message, "deploy/production/app.env:3") || !strings.Contains(st.Message, "services/billing/config.yml:2") {
		t.Errorf("staging message names %q, want both other files", st.Message)
	}
	if strings.Contains(st.Message, "deploy/staging/app.env") {
		t.Errorf("staging message names itself: %q", st.Message)
	}
}

// Many copies: the message names three and counts the rest; the order
// does not depend on the order findings came in.
func TestFindManyDeterministic(t *testing.T) {
	var fs []finding.Finding
	for _, d := range []string{"e", "d", "c", "b", "a", "f"} {
		fs = append(fs, secretAt(d+"/k.env", 1, shared))
	}
	a := reuse.Find(fs)
	slices.Reverse(fs)
	b := reuse.Find(fs)
	slices.SortFunc(a, finding.Compare)
	slices.SortFunc(b, finding.Compare)
	if len(a) != 6 || len(b) != 6 {
		t.Fatalf("got %d and %d findings, want 6", len(a), len(b))
	}
	for i := range a {
		if a[i].Message != b[i].Message || !slices.Equal(a[i].Related, b[i].Related) {
			t.Errorf("%s: depends on input order: %q vs %q", a[i].File, a[i].Message, b[i].Message)
		}
	}
	if m := a[0].Message; !strings.Contains(m, "b/k.env:1, c/k.env:1, d/k.env:1 and 2 more") {
		t.Errorf("message %q, want three named and 2 more", m)
	}
}
