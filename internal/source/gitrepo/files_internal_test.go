package gitrepo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// A tree nested deeper than maxTreeDepth is not descended into: its files
// are missing and a problem names where the listing stopped.
func TestFilesAtDepthLimit(t *testing.T) {
	defer func(d int) { maxTreeDepth = d }(maxTreeDepth)
	maxTreeDepth = 3
	g := gittest.New(t)
	head := g.Commit("deep", map[string]string{"a/b/c/ok.txt": "ok\n", "a/b/c/d/too-deep.txt": "deep\n", "top.txt": "t\n"})
	r, err := Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	files, problems, err := r.FilesAt(context.Background(), plumbing.NewHash(head))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	if !slices.Equal(paths, []string{"a/b/c/ok.txt", "top.txt"}) {
		t.Errorf("files %q, want the two within the limit", paths)
	}
	if len(problems) != 1 || !strings.Contains(problems[0], "a/b/c/d/: nested deeper than 3 directories") {
		t.Errorf("problems %q, want one naming a/b/c/d/", problems)
	}
}

// The history walk stops at maxTreeDepth too: a tree nested deeper is a
// problem of the commit that adds it, its files are not changes, and
// moving a deep directory away does not descend past the limit either.
func TestChangesDepthLimit(t *testing.T) {
	defer func(d int) { maxTreeDepth = d }(maxTreeDepth)
	maxTreeDepth = 3
	g := gittest.New(t)
	g.Commit("deep", map[string]string{"a/b/c/ok.txt": "ok\n", "a/b/c/d/too-deep.txt": "deep\n", "top.txt": "t\n"})
	g.Git("rm", "-q", "-r", "a")
	g.Git("commit", "-q", "-m", "remove a")
	r, err := Open(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tips, err := r.Tips()
	if err != nil {
		t.Fatal(err)
	}
	_, changes, err := r.WalkChanges(context.Background(), tips.Commits, ChangeOptions{Workers: 1, DetectMoves: true})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, ch := range changes.List {
		paths = append(paths, ch.Path)
	}
	slices.Sort(paths)
	if !slices.Equal(paths, []string{"a/b/c/ok.txt", "top.txt"}) {
		t.Errorf("changes %q, want the two files within the limit", paths)
	}
	if len(changes.Problems) != 1 || !strings.Contains(changes.Problems[0], "a/b/c/d/: nested deeper than 3 directories") {
		t.Errorf("problems %q, want one naming a/b/c/d/", changes.Problems)
	}
}
