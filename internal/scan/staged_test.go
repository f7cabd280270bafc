package scan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/scan"
)

func staged(t *testing.T, dir string) *scan.Result {
	t.Helper()
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Staged, Path: dir}, historyOpts(t))
	if err != nil {
		t.Fatalf("Staged(%s): %v", dir, err)
	}
	checkNoLeak(t, res)
	return res
}

func TestStagedNewFile(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"README": "hi\n"})
	tok := gittest.FakeToken("staged-new")
	r.Write("config/prod.env", "TOKEN="+tok+"\n")
	r.Git("add", "config/prod.env")
	res := staged(t, r.Dir)
	wantFindings(t, res, found{"config/prod.env", tok, ""})
	if res.Findings[0].Line != 1 || res.Summary.FilesScanned != 1 {
		t.Errorf("line %d, %d files scanned", res.Findings[0].Line, res.Summary.FilesScanned)
	}
}

func TestStagedEditKeepsOnlyNewLines(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	old, added := gittest.FakeToken("staged-old"), gittest.FakeToken("staged-added")
	body := gittest.Lines(1, 40)
	r.Commit("base", map[string]string{"app.env": "OLD_TOKEN=" + old + "\n" + body})
	// The new secret lands a few lines from the old one, so both are in
	// the scanned region; only the added line may be reported.
	r.Write("app.env", "OLD_TOKEN="+old+"\n"+gittest.Lines(1, 3)+"NEW_TOKEN="+added+"\n"+gittest.Lines(4, 37))
	r.Git("add", "app.env")
	// Not staged: must not be reported.
	r.Write("unstaged.env", "T="+gittest.FakeToken("unstaged")+"\n")
	res := staged(t, r.Dir)
	wantFindings(t, res, found{"app.env", added, ""})
	if res.Findings[0].Line != 5 {
		t.Errorf("line = %d, want 5", res.Findings[0].Line)
	}
}

func TestStagedNoCommitsYet(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("staged-first")
	r.Write("first.env", "T="+tok+"\n")
	r.Git("add", "first.env")
	wantFindings(t, staged(t, r.Dir), found{"first.env", tok, ""})
}

func TestStagedNothing(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	res := staged(t, r.Dir)
	if len(res.Findings) > 0 || res.Summary.FilesScanned > 0 {
		t.Errorf("empty index: %+v", res)
	}
	r.Commit("base", map[string]string{"a.env": "T=" + gittest.FakeToken("committed") + "\n"})
	if res := staged(t, r.Dir); len(res.Findings) > 0 || res.Summary.FilesScanned > 0 {
		t.Errorf("nothing staged, but %d findings, %d files", len(res.Findings), res.Summary.FilesScanned)
	}
}

func TestStagedFromSubdirectory(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"sub/README": "hi\n"})
	tok := gittest.FakeToken("staged-sub")
	r.Write("sub/x.env", "T="+tok+"\n")
	r.Git("add", "sub/x.env")
	// Paths are from the top of the work tree, wherever the scan starts.
	wantFindings(t, staged(t, r.Dir+"/sub"), found{"sub/x.env", tok, ""})
}

func TestStagedUnmergedIsCounted(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"f.txt": "base\n"})
	r.Git("checkout", "-q", "-b", "other")
	r.Commit("other", map[string]string{"f.txt": "other\n"})
	r.Git("checkout", "-q", "main")
	r.Commit("main", map[string]string{"f.txt": "main\n"})
	if out := r.GitFails("merge", "other"); !strings.Contains(out, "CONFLICT") {
		t.Fatalf("merge did not conflict: %s", out)
	}
	res := staged(t, r.Dir)
	if res.Summary.Skipped[scan.SkipUnmerged] != 1 {
		t.Errorf("skipped = %v, want the conflicted path counted", res.Summary.Skipped)
	}
}
