package scan_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/scan"
)

// fakeGoKey is a credential-shaped value that the Go analyzers report in a
// credential-named constant, fake by construction like gittest.FakeToken:
// built at run time from seed, with the TLFAKE marker.
func fakeGoKey(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("Zq8vT2Lm" + "TLFAKE")
	for i := 0; len(b) < 24; i++ {
		b = append(b, alnum[int(sum[i])%len(alnum)])
	}
	return string(b)
}

// goRangeRepo has a Go module on main with a credential already in old.go,
// and a branch feature that adds new.go with another and edits old.go
// elsewhere: the range main..feature adds one credential, on new.go line 3.
func goRangeRepo(t *testing.T) *gittest.Repo {
	r := gittest.New(t)
	r.Commit("base", map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"old.go": fmt.Sprintf("package m\n\nconst legacyAPIKey = %q\n\nfunc Old() string { return legacyAPIKey }\n", fakeGoKey("old")),
	})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("add new.go, edit old.go", map[string]string{
		"new.go": fmt.Sprintf("package m\n\nconst everflowAPIKey = %q\n\nfunc New() string { return everflowAPIKey }\n", fakeGoKey("new")),
		"old.go": fmt.Sprintf("package m\n\nconst legacyAPIKey = %q\n\n// Old returns the key.\nfunc Old() string { return legacyAPIKey }\n", fakeGoKey("old")),
	})
	return r
}

func goRangeOpts(t *testing.T, on bool) scan.Options {
	opts := historyOpts(t)
	if on {
		opts.Go, opts.VetTool = true, vetTool(t)
	}
	return opts
}

func goFindings(res *scan.Result) []string {
	var out []string
	for _, f := range res.Findings {
		if strings.HasPrefix(f.RuleID, "go-") || f.RuleID == "secret-in-log" {
			out = append(out, fmt.Sprintf("%s@%s:%d", f.RuleID, f.File, f.Line))
		}
	}
	return out
}

func rangeGo(t *testing.T, r *gittest.Repo, head string, on bool) *scan.Result {
	t.Helper()
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Range, Path: r.Dir, Base: "main", Head: head}, goRangeOpts(t, on))
	if err != nil {
		t.Fatal(err)
	}
	checkNoLeak(t, res)
	return res
}

func TestRangeGoReportsOnlyAddedLines(t *testing.T) {
	t.Parallel()
	r := goRangeRepo(t)
	res := rangeGo(t, r, "feature", true)
	// new.go's credential is the range's; old.go's was there before it.
	if got, want := goFindings(res), []string{"go-hardcoded-credential@new.go:3"}; !slices.Equal(got, want) {
		t.Errorf("Go findings = %v, want %v", got, want)
	}
	for _, f := range res.Findings {
		if f.File == "old.go" {
			t.Errorf("finding on a line older than the range: %s@%s:%d", f.RuleID, f.File, f.Line)
		}
		if f.File == "new.go" && f.Line == 3 && f.Secret != fakeGoKey("new") {
			t.Errorf("new.go:3: secret %q, want the literal's value", f.Secret)
		}
	}
	if n := len(res.Findings); n != 1 {
		t.Errorf("%d findings, want 1 (a content rule and the analyzer on one secret are merged): %v", n, summarize(res.Findings))
	}
	if res.Summary.Incomplete {
		t.Errorf("incomplete: %q", res.Summary.Problems)
	}
}

func TestRangeGoOff(t *testing.T) {
	t.Parallel()
	r := goRangeRepo(t)
	res := rangeGo(t, r, "feature", false)
	if got := goFindings(res); len(got) > 0 {
		t.Errorf("Go findings with the analyzers off: %v", got)
	}
	if res.Summary.Incomplete {
		t.Errorf("incomplete with the analyzers off: %q", res.Summary.Problems)
	}
	// The work tree elsewhere does not matter either.
	r.Git("checkout", "-q", "main")
	if res := rangeGo(t, r, "feature", false); res.Summary.Incomplete {
		t.Errorf("incomplete with the analyzers off and the work tree at the base: %q", res.Summary.Problems)
	}
}

func TestRangeGoWorkTreeNotAtHead(t *testing.T) {
	t.Parallel()
	r := goRangeRepo(t)
	main := r.Git("rev-parse", "main")
	head := r.Git("rev-parse", "feature")
	r.Git("checkout", "-q", "main")
	res := rangeGo(t, r, "feature", true)
	if !res.Summary.Incomplete {
		t.Fatal("a range whose head is not checked out ran no Go analyzers and is complete")
	}
	want := fmt.Sprintf("the Go analyzers analyse the work tree, which is at %s, not at the range's head feature (%s): check out %s, or pass --go=false", main[:12], head[:12], head[:12])
	if !slices.ContainsFunc(res.Summary.Problems, func(p string) bool { return strings.Contains(p, want) }) {
		t.Errorf("problems = %q, want one saying %q", res.Summary.Problems, want)
	}
	if got := goFindings(res); len(got) > 0 {
		t.Errorf("Go findings from a work tree not at head: %v", got)
	}
}

func TestRangeGoDirtyFile(t *testing.T) {
	t.Parallel()
	r := goRangeRepo(t)
	r.Write("new.go", "package m\n\n// edited, not committed\nconst everflowAPIKey = \"\"\n")
	res := rangeGo(t, r, "feature", true)
	if !res.Summary.Incomplete || !slices.ContainsFunc(res.Summary.Problems, func(p string) bool {
		return strings.Contains(p, "new.go in the work tree differs from the range's head")
	}) {
		t.Errorf("incomplete = %v, problems = %q, want one naming new.go", res.Summary.Incomplete, res.Summary.Problems)
	}
	if got := goFindings(res); len(got) > 0 {
		t.Errorf("Go findings from a file changed in the work tree: %v", got)
	}
}

func TestRangeGoNoGoFileChanged(t *testing.T) {
	t.Parallel()
	r := goRangeRepo(t)
	r.Commit("docs", map[string]string{"README": "hi\n"})
	base := r.Git("rev-parse", "HEAD~1")
	r.Git("checkout", "-q", "main")
	// The range changes no Go file: nothing for the analyzers, wherever
	// the work tree is.
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Range, Path: r.Dir, Base: base, Head: "feature"}, goRangeOpts(t, true))
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Incomplete || len(res.Findings) > 0 {
		t.Errorf("incomplete = %v (%q), findings %v", res.Summary.Incomplete, res.Summary.Problems, summarize(res.Findings))
	}
}

// Each Go finding of a range names the commit that brought its line: the
// first key came with the first commit, the second with the next one,
// which kept the first line as it was.
func TestRangeGoAttributesCommits(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "doc.go": "package m\n"})
	r.Git("checkout", "-q", "-b", "feature")
	first := r.Commit("add the Everflow key", map[string]string{
		"new.go": fmt.Sprintf("package m\n\nconst everflowAPIKey = %q\n\nfunc New() string { return everflowAPIKey }\n", fakeGoKey("first")),
	})
	second := r.Commit("add the partner key", map[string]string{
		"new.go": fmt.Sprintf("package m\n\nconst everflowAPIKey = %q\n\nfunc New() string { return everflowAPIKey }\n\nconst partnerAPIKey = %q\n\nfunc Partner() string { return partnerAPIKey }\n",
			fakeGoKey("first"), fakeGoKey("second")),
	})
	res := rangeGo(t, r, "feature", true)
	got := map[int]string{}
	for _, f := range res.Findings {
		if f.RuleID == "go-hardcoded-credential" {
			got[f.Line] = f.Commit
			if f.Commit != "" && (f.Author == "" || f.Subject == "") {
				t.Errorf("line %d: commit %s without its author and subject", f.Line, f.Commit)
			}
		}
	}
	if want := map[int]string{3: first, 7: second}; !maps.Equal(got, want) {
		t.Errorf("commits by line = %v, want %v", got, want)
	}
}

// What comments silence in Go code counts in a range's summary only on
// the lines the range added, as findings do: old.go's silenced key was
// there before the range.
func TestRangeGoCountsOnlyAddedSilences(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"old.go": fmt.Sprintf("package m\n\nconst legacyAPIKey = %q // tightlip:allow\n\nfunc Old() string { return legacyAPIKey }\n", fakeGoKey("old")),
	})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("add new.go", map[string]string{
		"new.go": fmt.Sprintf("package m\n\nconst everflowAPIKey = %q // #nosec G101\n\nfunc New() string { return everflowAPIKey }\n", fakeGoKey("new")),
	})
	res := rangeGo(t, r, "feature", true)
	if got := goFindings(res); len(got) > 0 {
		t.Errorf("Go findings = %v, want none: both keys are silenced", got)
	}
	if n := res.Summary.Suppressed[scan.SuppressedGoGosec]; n != 1 {
		t.Errorf("silenced by gosec comments = %d, want 1 (new.go's); summary %v", n, res.Summary.Suppressed)
	}
	if n, ok := res.Summary.Suppressed[scan.SuppressedGoAllow]; ok {
		t.Errorf("silenced by tightlip:allow = %d, want none counted: old.go's line is older than the range; summary %v", n, res.Summary.Suppressed)
	}
	if res.Summary.Incomplete {
		t.Errorf("incomplete: %q", res.Summary.Problems)
	}
}

// A range's Go analysis covers the packages holding the Go files it
// changed, in the innermost module around each: a package elsewhere that
// does not build leaves nothing of the range unread, and does not make the
// scan incomplete; a changed package importing it does.
func TestRangeGoAnalysesOnlyChangedPackages(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{
		"go.mod":           "module example.com/m\n\ngo 1.26\n",
		"broken/broken.go": "package broken\n\nvar Count int = \"not a number\"\n",
		"tools/go.mod":     "module example.com/m/tools\n\ngo 1.26\n",
		"tools/doc.go":     "package tools\n",
	})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("add a service and a tool", map[string]string{
		"svc/new.go":   fmt.Sprintf("package svc\n\nconst everflowAPIKey = %q\n\nfunc New() string { return everflowAPIKey }\n", fakeGoKey("svc")),
		"tools/gen.go": fmt.Sprintf("package tools\n\nconst partnerAPIKey = %q\n\nfunc Gen() string { return partnerAPIKey }\n", fakeGoKey("tools")),
	})
	res := rangeGo(t, r, "feature", true)
	want := []string{"go-hardcoded-credential@svc/new.go:3", "go-hardcoded-credential@tools/gen.go:3"}
	if got := goFindings(res); !slices.Equal(got, want) {
		t.Errorf("Go findings = %v, want %v", got, want)
	}
	if res.Summary.Incomplete {
		t.Errorf("incomplete for a package the range did not change: %q", res.Summary.Problems)
	}

	r.Commit("use broken", map[string]string{
		"svc/use.go": "package svc\n\nimport \"example.com/m/broken\"\n\nvar Uses = broken.Count\n",
	})
	res = rangeGo(t, r, "feature", true)
	if !res.Summary.Incomplete || !slices.ContainsFunc(res.Summary.Problems, func(p string) bool { return strings.Contains(p, "example.com/m/svc") }) {
		t.Errorf("incomplete = %v, problems = %q, want one naming example.com/m/svc, which imports a package that does not build", res.Summary.Incomplete, res.Summary.Problems)
	}
}
