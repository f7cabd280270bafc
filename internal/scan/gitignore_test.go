package scan_test

import (
	"context"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/rules"
	"github.com/tightlip/tightlip/internal/scan"
	"github.com/tightlip/tightlip/internal/source"
)

func scanWithGitignore(t *testing.T, root string, opts scan.Options) *scan.Result {
	t.Helper()
	if opts.Engine == nil {
		opts.Engine = engine(t)
	}
	res, err := scan.Run(context.Background(), scan.Source{Path: root}, opts)
	if err != nil {
		t.Fatalf("scan.Run(%s): %v", root, err)
	}
	return res
}

func countRule(res *scan.Result, rule string) int {
	n := 0
	for _, f := range res.Findings {
		if f.RuleID == rule {
			n++
		}
	}
	return n
}

// A directory scan runs the gitignore rules beside the content rules and
// reports both in one result, in one order.
func TestDirRunsGitignoreChecks(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, "app/secrets.txt", fixture(t))
	write(t, root, "id_ed25519", []byte("not a real key "+"TL"+"FAKE\n"))
	res := scanWithGitignore(t, root, scan.Options{})
	wantMissing := len(gitignore.Default().Required()) - 1 // .npmrc only counts with credentials in one
	if n := countRule(res, gitignore.RuleMissing); n != 1 {
		t.Errorf("%d gitignore-missing findings, want one for the .gitignore", n)
	}
	for _, f := range res.Findings {
		if f.RuleID == gitignore.RuleMissing && len(f.Entries) != wantMissing {
			t.Errorf("gitignore-missing lists %d entries, want %d", len(f.Entries), wantMissing)
		}
	}
	if n := countRule(res, gitignore.RuleTracked); n != 1 {
		t.Errorf("%d secret-file-tracked findings, want 1 (id_ed25519, present and not excluded)", n)
	}
	if got := files(res.Findings); !slices.Equal(got, []string{".gitignore", "app/secrets.txt", "id_ed25519"}) {
		t.Errorf("findings in %q, in that order", got)
	}
	if res.Summary.FilesScanned != 2 {
		t.Errorf("FilesScanned = %d; the gitignore checks read no file for the content rules", res.Summary.FilesScanned)
	}

	res = scanWithGitignore(t, root, scan.Options{NoGitignore: true})
	if got := files(res.Findings); !slices.Equal(got, []string{"app/secrets.txt"}) {
		t.Errorf("NoGitignore: findings in %q", got)
	}

	// A single file has no tree to judge.
	res = scanWithGitignore(t, root+"/app/secrets.txt", scan.Options{})
	if got := files(res.Findings); !slices.Equal(got, []string{"secrets.txt"}) {
		t.Errorf("single file: findings in %q", got)
	}
}

// The list comes from the options; a global allowlist's paths apply to
// the gitignore findings too, counted as suppressed.
func TestDirGitignoreOptions(t *testing.T) {
	t.Parallel()
	cfg, err := config.Parse("t.toml", []byte("[allowlist]\npaths = ['''^fixtures/''']\n\n[gitignore]\nadd = [\"*.secret\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	list, err := gitignore.FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	write(t, root, ".gitignore", []byte(strings.Join(gitignore.Default().Patterns(), "\n")+"\n"))
	write(t, root, "fixtures/id_rsa", []byte("fixture\n"))
	write(t, root, "keys/id_rsa", []byte("fixture\n"))
	res := scanWithGitignore(t, root, scan.Options{Engine: detect.New(set), Gitignore: gitignore.Options{List: list}})
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+" "+f.File)
	}
	// The root .gitignore excludes id_rsa, so both are excluded and only the
	// new entry is missing.
	if want := []string{"gitignore-missing .gitignore"}; !slices.Equal(got, want) {
		t.Errorf("findings %q, want %q", got, want)
	}

	write(t, root, ".gitignore", []byte("*.secret\n"))
	res = scanWithGitignore(t, root, scan.Options{Engine: detect.New(set), Gitignore: gitignore.Options{List: list}})
	if n := countRule(res, gitignore.RuleTracked); n != 1 {
		t.Errorf("%d secret-file-tracked findings, want keys/id_rsa only", n)
	}
	// The configuration's allowlist is named: it may come with the change
	// under review.
	if key := scan.SuppressedAllowlisted + " by t.toml: [allowlist]"; res.Summary.Suppressed[key] != 1 {
		t.Errorf("Suppressed = %v, want fixtures/id_rsa counted under %q", res.Summary.Suppressed, key)
	}
}

// readCounts counts, by name, the .gitignore files read (ignore.Load's
// hook) while run runs.
func readCounts(t *testing.T, run func()) map[string]int {
	t.Helper()
	var mu sync.Mutex
	counts := map[string]int{}
	restore := ignore.SetLoadHook(func(source string) {
		if path.Base(source) != ".gitignore" {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		counts[source]++
	})
	defer restore()
	run()
	return counts
}

// A directory scan walks the tree once: the content scan and the gitignore
// checks share each listing and each .gitignore read, also the one above
// the scanned root, those in directories only one of them needs (an
// ignored directory holding tracked files, vendor/, a project hidden by
// .git/info/exclude) and a nested repository's. The content scan's walk
// and the checks' own walk, run apart, read the root's twice.
func TestDirReadsEachGitignoreOnce(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	// Fake values, by construction (TLFAKE).
	r.Commit("base", map[string]string{
		".gitignore":              "*.tmp\n",
		"app/.gitignore":          "*.log\nbuild/\n",
		"app/go.mod":              "module example.com/app\n",
		"app/vendor/x/.env":       "API_TOKEN=" + gittest.FakeToken("vendor") + "\n",
		"app/vendor/x/.gitignore": "!.env\n",
	})
	r.Write("app/build/.gitignore", "*.pem\n")
	r.Write("app/build/server.pem", "not a key "+"TL"+"FAKE\n")
	r.Git("add", "-f", "app/build")
	r.Commit("tracked where ignored", nil)
	r.Write("app/hidden/.gitignore", "!.env\n")
	r.Write("app/hidden/package.json", "{}\n")
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "info", "exclude"), []byte("hidden/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inner := gittest.At(t, filepath.Join(r.Dir, "app", "inner"))
	if err := os.MkdirAll(inner.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	inner.Git("init", "-q", "-b", "main")
	inner.Write(".gitignore", "/.env\n")
	root := filepath.Join(r.Dir, "app")
	want := []string{"../.gitignore", ".gitignore", "build/.gitignore", "hidden/.gitignore", "inner/.gitignore", "vendor/x/.gitignore"}

	var res *scan.Result
	counts := readCounts(t, func() { res = scanWithGitignore(t, root, scan.Options{}) })
	if got := slices.Sorted(maps.Keys(counts)); !slices.Equal(got, want) {
		t.Errorf("read %q, want %q", got, want)
	}
	for name, n := range counts {
		if n != 1 {
			t.Errorf("%s read %d times in one scan, want once", name, n)
		}
	}
	// The checks had what they read: the tracked key under build/ is
	// excluded with its directory, by app/.gitignore's build/ (as git
	// check-ignore -v says: git reads no .gitignore inside an excluded
	// directory), vendor/x/.env re-included by its own.
	for file, says := range map[string]string{
		"build/server.pem": "although .gitignore excludes it (line 2)",
		"vendor/x/.env":    "is tracked by git: every clone has it",
	} {
		if !slices.ContainsFunc(res.Findings, func(f finding.Finding) bool {
			return f.RuleID == gitignore.RuleTracked && f.File == file && strings.Contains(f.Message, says)
		}) {
			t.Errorf("no %s finding for %s saying %q: %q", gitignore.RuleTracked, file, says, files(res.Findings))
		}
	}

	apart := readCounts(t, func() {
		w := source.Walker{Root: root, OnSkip: func(string, string, error) {}}
		defer w.Close()
		if err := w.Walk(context.Background(), func(f source.File) error { f.Release(); return nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := gitignore.Check(context.Background(), root, gitignore.Options{}); err != nil {
			t.Fatal(err)
		}
	})
	if apart[".gitignore"] != 2 {
		t.Errorf("two walks read the root's .gitignore %d times, want 2 (the counting is broken)", apart[".gitignore"])
	}
}
