package scan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/scan"
)

func scanRange(t *testing.T, dir, base, head string) *scan.Result {
	t.Helper()
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Range, Path: dir, Base: base, Head: head}, historyOpts(t))
	if err != nil {
		t.Fatalf("Range(%s..%s): %v", base, head, err)
	}
	checkNoLeak(t, res)
	return res
}

// rangeRepo has a secret before, two inside and one after a feature
// branch's range main..feature.
func rangeRepo(t *testing.T) (r *gittest.Repo, before, inNew, inEdit, after, newCommit, editCommit string) {
	r = gittest.New(t)
	before, inNew = gittest.FakeToken("range-before"), gittest.FakeToken("range-in-new")
	inEdit, after = gittest.FakeToken("range-in-edit"), gittest.FakeToken("range-after")
	r.Commit("base", map[string]string{"app.env": "OLD=" + before + "\n" + gittest.Lines(1, 5)})
	r.Git("checkout", "-q", "-b", "feature")
	newCommit = r.Commit("add service config", map[string]string{"svc.env": "T=" + inNew + "\n"})
	editCommit = r.Commit("edit app config", map[string]string{"app.env": "OLD=" + before + "\nNEW=" + inEdit + "\n" + gittest.Lines(1, 5)})
	r.Git("branch", "-q", "pr-head")
	r.Commit("later work", map[string]string{"later.env": "T=" + after + "\n"})
	return
}

func TestRangeReportsOnlyWhatTheRangeAdded(t *testing.T) {
	t.Parallel()
	r, _, inNew, inEdit, _, newCommit, editCommit := rangeRepo(t)
	res := scanRange(t, r.Dir, "main", "pr-head")
	wantFindings(t, res, found{"app.env", inEdit, editCommit}, found{"svc.env", inNew, newCommit})
	if s := res.Summary; s.Commits != 2 || len(s.Notes) > 0 {
		t.Errorf("commits = %d, notes = %q", s.Commits, s.Notes)
	}
}

func TestRangeRenameAddsNothing(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"old/a.env": "T=" + gittest.FakeToken("range-rename") + "\n"})
	base := r.Git("rev-parse", "HEAD")
	r.Git("mv", "old", "new")
	head := r.Commit("move", nil)
	wantFindings(t, scanRange(t, r.Dir, base, head))
}

func TestRangeMergeBringsMainIn(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	onMain := gittest.FakeToken("range-main")
	r.Commit("base", map[string]string{"README": "hi\n"})
	r.Git("checkout", "-q", "-b", "feature")
	r.Commit("feature work", map[string]string{"f.txt": "f\n"})
	r.Git("checkout", "-q", "main")
	r.Commit("main adds a secret", map[string]string{"m.env": "T=" + onMain + "\n"})
	r.Git("checkout", "-q", "feature")
	r.Git("merge", "-q", "--no-edit", "main")
	r.Tick()
	// What main brought in through the merge is not the pull request's.
	wantFindings(t, scanRange(t, r.Dir, "main", "feature"))
}

func TestRangeBaseNotAnAncestor(t *testing.T) {
	t.Parallel()
	r, _, inNew, inEdit, _, newCommit, editCommit := rangeRepo(t)
	r.Git("checkout", "-q", "main")
	r.Commit("main moved on", map[string]string{"other.txt": "o\n"})
	fork := r.Git("merge-base", "main", "pr-head")
	res := scanRange(t, r.Dir, "main", "pr-head")
	wantFindings(t, res, found{"app.env", inEdit, editCommit}, found{"svc.env", inNew, newCommit})
	if n := res.Summary.Notes; len(n) != 1 || !strings.Contains(n[0], "not an ancestor") || !strings.Contains(n[0], fork[:12]) {
		t.Errorf("notes = %q, want one naming the merge base %s", n, fork[:12])
	}
}

func TestRangeNoCommonHistory(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"a.txt": "a\n"})
	r.Git("checkout", "-q", "--orphan", "unrelated")
	r.Commit("unrelated root", map[string]string{"b.txt": "b\n"})
	_, err := scan.Run(context.Background(), scan.Source{Kind: scan.Range, Path: r.Dir, Base: "main", Head: "unrelated"}, historyOpts(t))
	if err == nil || !strings.Contains(err.Error(), "share no history") {
		t.Errorf("err = %v, want one saying the revisions share no history", err)
	}
}

func TestRangeUnknownRevision(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{"a.txt": "a\n"})
	_, err := scan.Run(context.Background(), scan.Source{Kind: scan.Range, Path: r.Dir, Base: "no-such-branch", Head: "main"}, historyOpts(t))
	if err == nil || !strings.Contains(err.Error(), `"no-such-branch"`) {
		t.Errorf("err = %v, want one naming the revision", err)
	}
}
