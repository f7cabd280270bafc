package gitignore_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/source"
	"github.com/tightlip/tightlip/internal/testfs"
)

// oneWalk runs the check as a directory scan does: fed by the content
// scan's walk (source.Walker with Visit), not by a walk of its own.
func oneWalk(t *testing.T, root string) *gitignore.Result {
	t.Helper()
	v, err := gitignore.NewVisitor(root, gitignore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	w := source.Walker{Root: root, OnSkip: func(string, string, error) {}, Visit: v}
	defer w.Close()
	if err := w.Walk(context.Background(), func(f source.File) error { f.Release(); return nil }); err != nil {
		t.Fatal(err)
	}
	return v.Finish()
}

// sameAsCheck fails unless the one walk's result is Check's, finding for
// finding in the same order and problem for problem, and returns it.
func sameAsCheck(t *testing.T, root string) *gitignore.Result {
	t.Helper()
	want := check(t, root, gitignore.Options{})
	got := oneWalk(t, root)
	if !reflect.DeepEqual(got.Findings, want.Findings) {
		t.Errorf("one walk's findings differ from Check's:\n got %s\nwant %s", describe(got), describe(want))
	}
	if !slices.Equal(got.Problems, want.Problems) {
		t.Errorf("one walk's problems differ from Check's:\n got %q\nwant %q", got.Problems, want.Problems)
	}
	return got
}

// describe lists a result's findings as rule:file:line: message.
func describe(res *gitignore.Result) string {
	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString("\n  " + f.RuleID + ":" + f.File + ": " + f.Message)
	}
	return b.String()
}

// hasFinding says the result holds a finding of rule about file whose
// message holds text.
func hasFinding(res *gitignore.Result, rule, file, text string) bool {
	return slices.ContainsFunc(res.Findings, func(f finding.Finding) bool {
		return f.RuleID == rule && f.File == file && strings.Contains(f.Message, text)
	})
}

// A nested repository is a space of its own for the check, while the scan's
// walk keeps the outer .gitignore files in force inside it: a directory the
// outer ones exclude and the nested repository's do not is walked for the
// check alone, and the nested .gitignore the walk read is scoped to the
// nested work tree. Both give Check's findings.
func TestOneWalkNestedRepositories(t *testing.T) {
	outer := gittest.New(t)
	outer.Commit("outer", map[string]string{
		".gitignore": "cache/\n",
		"go.mod":     "module example.com/outer\n",
	})
	inner := gittest.At(t, filepath.Join(outer.Dir, "inner"))
	if err := os.MkdirAll(inner.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	inner.Git("init", "-q", "-b", "main")
	// A fake value, by construction (TLFAKE).
	inner.Commit("inner", map[string]string{
		".gitignore":         "/.env\n*.pem\n",
		".env":               "API_TOKEN=" + fakeKey(t) + "\n",
		"cache/package.json": "{}\n",
		"lib/.gitignore":     "*.log\n",
	})
	inner.Git("add", "-f", ".env")
	inner.Commit("track .env", nil)
	// A plain directory in the outer work tree with a repository of its own.
	deeper := filepath.Join(outer.Dir, "tools", "deeper")
	if err := os.MkdirAll(deeper, 0o755); err != nil {
		t.Fatal(err)
	}
	gittest.At(t, deeper).Git("init", "-q", "-b", "main")
	write(t, deeper, ".gitignore", ".env\n")
	res := sameAsCheck(t, outer.Dir)
	for _, want := range []struct{ rule, file, text string }{
		{gitignore.RuleMissing, ".gitignore", ""},
		// inner/cache is a project: only the outer .gitignore excludes it.
		{gitignore.RuleMissing, "inner/.gitignore", "projects below (inner/cache, inner/lib)"},
		// The nested .gitignore, as the walk read it, scoped to inner.
		{gitignore.RuleTracked, "inner/.env", "inner/.gitignore excludes it (line 1)"},
		{gitignore.RuleMissing, "tools/deeper/.gitignore", ""},
	} {
		if !hasFinding(res, want.rule, want.file, want.text) {
			t.Errorf("no %s finding for %s saying %q:%s", want.rule, want.file, want.text, describe(res))
		}
	}
}

// A directory the .gitignore files exclude, or a fixture or third-party
// one, is not the check's to enter; the scan's walk enters it for the
// files git tracks there, and the check takes the .gitignore files it
// read there for the tracked files it judges, instead of reading them
// again. The scanned root is below the work tree's top, whose .gitignore
// the walk reads too. Both give Check's findings.
func TestOneWalkIgnoredDirectoriesWithTrackedFiles(t *testing.T) {
	r := gittest.New(t)
	r.Commit("base", map[string]string{
		".gitignore":     allPatterns() + "build/\n*.log\n",
		"app/go.mod":     "module example.com/app\n",
		"app/.gitignore": "/local/\n",
	})
	// Fake values, by construction (TLFAKE).
	r.Write("app/build/.gitignore", "*.pem\n")
	r.Write("app/build/server.pem", fakePrivateKey())
	r.Write("app/vendor/x/.gitignore", "!.env\n")
	r.Write("app/vendor/x/.env", "API_TOKEN="+fakeKey(t)+"\n")
	r.Write("app/testdata/credentials.json", "{}\n")
	r.Write("app/local/package.json", "{}\n")
	r.Git("add", "-f", "app/build/server.pem", "app/build/.gitignore", "app/vendor", "app/testdata")
	r.Commit("tracked where ignored", nil)
	// A project hidden on this machine only: the scan does not walk it,
	// the check does (its files count for a clone).
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "info", "exclude"), []byte("hidden/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Write("app/hidden/package.json", "{}\n")
	r.Write("app/hidden/.gitignore", "!.env\n")
	for _, root := range []string{r.Dir, filepath.Join(r.Dir, "app")} {
		res := sameAsCheck(t, root)
		prefix, top := "", "../.gitignore"
		if root == r.Dir {
			prefix, top = "app/", ".gitignore"
		}
		for _, want := range []struct{ rule, file, text string }{
			// As git check-ignore -v says: the top .gitignore's build/
			// excludes the directory, and git reads no .gitignore inside
			// an excluded one (build/.gitignore's *.pem is not asked).
			{gitignore.RuleTracked, prefix + "build/server.pem", "although " + top + " excludes it (line"},
			// vendor/x/.gitignore re-includes it: only read by the walk.
			{gitignore.RuleTracked, prefix + "vendor/x/.env", "is tracked by git: every clone has it"},
			{gitignore.RuleMissing, prefix + "hidden/.gitignore", "`.env`"},
		} {
			if !hasFinding(res, want.rule, want.file, want.text) {
				t.Errorf("%s: no %s finding for %s saying %q:%s", root, want.rule, want.file, want.text, describe(res))
			}
		}
	}
}

// Links are not followed by either walk: a linked directory, a .gitignore
// that is a link (refused, and said), a credential file that is a link.
// A .gitignore that is a FIFO is refused too, without blocking. In a plain
// directory, the check enters what the scan's walk does not judge by
// .gitignore at all.
func TestOneWalkLinksAndRefusedFiles(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, ".gitignore", "*\n")
	write(t, outside, "package.json", "{}\n")
	// Fake values, by construction (TLFAKE).
	write(t, outside, ".env", "API_TOKEN="+fakeKey(t)+"\n")
	root := tree(t, map[string]string{
		".gitignore":             "node_modules/\n",
		".env":                   "API_TOKEN=" + fakeKey(t) + "\n",
		"node_modules/a/.env":    "API_TOKEN=" + fakeKey(t) + "\n",
		"web/package.json":       "{}\n",
		"svc/package.json":       "{}\n",
		"fifo/package.json":      "{}\n",
		"big/package.json":       "{}\n",
		"big/.gitignore":         strings.Repeat("# padding\n", 110000),
		"keys/id_rsa":            fakePrivateKey(),
		"keys/nested/.gitignore": "",
	})
	for link, to := range map[string]string{
		"linked":         outside,
		"web/.gitignore": filepath.Join(outside, ".gitignore"),
		"svc/.env":       filepath.Join(outside, ".env"),
	} {
		if err := os.Symlink(to, filepath.Join(root, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	if err := testfs.Mkfifo(filepath.Join(root, "fifo", ".gitignore"), 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	res := sameAsCheck(t, root)
	for _, want := range []string{"web/.gitignore: is a symbolic link", "fifo/.gitignore: ", "big/.gitignore: "} {
		if !slices.ContainsFunc(res.Problems, func(p string) bool { return strings.HasPrefix(p, want) }) {
			t.Errorf("no problem starting %q: %q", want, res.Problems)
		}
	}
	for _, want := range []struct{ rule, file string }{
		{gitignore.RuleTracked, ".env"},
		{gitignore.RuleTracked, "keys/id_rsa"},
	} {
		if !hasFinding(res, want.rule, want.file, "") {
			t.Errorf("no %s finding for %s:%s", want.rule, want.file, describe(res))
		}
	}
	for _, f := range res.Findings {
		if strings.HasPrefix(f.File, "linked/") || strings.HasPrefix(f.File, "node_modules/") || f.File == "svc/.env" {
			t.Errorf("finding past a link or in an excluded directory: %s %s", f.RuleID, f.File)
		}
	}
}

// A directory that cannot be listed is said by both, in the same words;
// the rest of the tree is checked.
func TestOneWalkUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop root from reading")
	}
	root := tree(t, map[string]string{
		"a/package.json":      "{}\n",
		"locked/package.json": "{}\n",
		"z/.gitignore":        "!.env\n",
	})
	locked := filepath.Join(root, "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	res := sameAsCheck(t, root)
	if len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0], "locked: ") {
		t.Errorf("problems %q, want one naming locked", res.Problems)
	}
	if !hasFinding(res, gitignore.RuleMissing, "z/.gitignore", "`.env`") {
		t.Errorf("the directory after the unreadable one is not checked:%s", describe(res))
	}
}

// A tree deeper than the walk keeps open (safefile.Chain reopens the
// directories above) gives the same findings, at its bottom too.
func TestOneWalkDeepTree(t *testing.T) {
	root := t.TempDir()
	// A fake value, by construction (TLFAKE).
	gittest.DeepChain(t, root, 300, map[string]string{
		".env":         "API_TOKEN=" + fakeKey(t) + "\n",
		"package.json": "{}\n",
	})
	res := sameAsCheck(t, root)
	if n := len(byRule(res, gitignore.RuleTracked)); n != 1 {
		t.Errorf("%d secret-file-tracked findings, want the .env at the bottom:%s", n, describe(res))
	}
}
