package scan_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/rules"
	"github.com/tightlip/tightlip/internal/scan"
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
