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

// Against: what a range added, compared with the tree it leads to. Only
// added findings get one, at their first line in their file, with their
// commit, naming the tree's copies in other files (its own file aside).
func TestAgainst(t *testing.T) {
	add := func(file string, line int, secret, commit string) finding.Finding {
		f := secretAt(file, line, secret)
		f.Commit, f.Subject = commit, "subject of "+commit
		return f
	}
	added := []finding.Finding{
		add("deploy/staging/app.env", 4, shared, "c2"),
		add("deploy/staging/app.env", 2, shared, "c1"), // the first line in the file
		// In the same directory as its only copy.
		add("deploy/staging/b.env", 1, other, "c1"),
		// Placeholders and fixtures are no reuse, added or not.
		add("a/x.env", 1, "changeme", "c1"),
		add("testdata/x.env", 1, shared, "c1"),
	}
	tree := []finding.Finding{
		secretAt("deploy/staging/app.env", 2, shared), // its own file
		secretAt("deploy/staging/app.env", 4, shared),
		secretAt("deploy/staging/c.env", 5, shared), // same directory: named, not enough alone
		secretAt("deploy/production/app.env", 3, shared),
		secretAt("deploy/staging/a.env", 1, other),
		secretAt("b/x.env", 1, "changeme"),
		secretAt("testdata/y.env", 1, shared),
		secretAt("examples/y.env", 1, other),
	}
	got := reuse.Against(added, tree)
	if len(got) != 1 {
		t.Fatalf("got %d findings %+v, want one for deploy/staging/app.env", len(got), got)
	}
	f := got[0]
	if f.File != "deploy/staging/app.env" || f.Line != 2 || f.Commit != "c1" || f.Subject != "subject of c1" || f.RuleID != reuse.RuleReused {
		t.Errorf("finding %s %s:%d commit %s %q, want secret-reused at deploy/staging/app.env:2 of c1", f.RuleID, f.File, f.Line, f.Commit, f.Subject)
	}
	var rel []string
	for _, l := range f.Related {
		rel = append(rel, l.File)
	}
	if want := []string{"deploy/production/app.env", "deploy/staging/c.env"}; !slices.Equal(rel, want) {
		t.Errorf("related %v, want %v", rel, want)
	}
	if strings.Contains(f.Message, shared) || !strings.Contains(f.Message, "deploy/production/app.env:3, deploy/staging/c.env:5") {
		t.Errorf("message %q", f.Message)
	}
	// With the production copy gone from the tree, nothing is reused.
	if got := reuse.Against(added, slices.DeleteFunc(tree, func(f finding.Finding) bool { return f.File == "deploy/production/app.env" })); len(got) != 0 {
		t.Errorf("without the production copy: %+v, want none", got)
	}
}
