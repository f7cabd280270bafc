package gitrepo_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

func open(t *testing.T, dir string) *gitrepo.Repo {
	t.Helper()
	r, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func walkAll(t *testing.T, repo *gitrepo.Repo) (*gitrepo.History, *gitrepo.Changes) {
	t.Helper()
	tips, err := repo.Tips()
	if err != nil {
		t.Fatal(err)
	}
	hist, err := repo.Walk(context.Background(), tips.Commits, nil)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := repo.ChangesOf(context.Background(), hist, gitrepo.ChangeOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return hist, changes
}

// introduced lists "subject: path" for every change.
func introduced(hist *gitrepo.History, changes *gitrepo.Changes) []string {
	var out []string
	for _, c := range changes.List {
		out = append(out, hist.Commits[c.Commit].Subject+": "+c.Path)
	}
	slices.Sort(out)
	return out
}

func TestChangesOnlyWhatEachCommitIntroduced(t *testing.T) {
	g := gittest.New(t)
	// "a.txt" and "a-b" sort around the directory "a" the git way ("a/"
	// after "a.txt"): a mismatched walk would report them as changed.
	g.Commit("root", map[string]string{"a/x.txt": "x\n", "a/y.txt": "y\n", "a.txt": "1\n", "a-b": "2\n", "b.txt": "b\n"})
	g.Commit("edit x", map[string]string{"a/x.txt": "x2\n"})
	g.Git("checkout", "-q", "-b", "side")
	g.Commit("side adds z", map[string]string{"a/z.txt": "z\n"})
	g.Git("checkout", "-q", "main")
	g.Commit("main edits b", map[string]string{"b.txt": "b2\n"})
	// A clean merge introduces nothing: every entry matches a parent.
	g.Git("merge", "-q", "--no-edit", "side")
	hist, changes := walkAll(t, open(t, g.Dir))
	want := []string{"edit x: a/x.txt", "main edits b: b.txt", "root: a-b", "root: a.txt", "root: a/x.txt", "root: a/y.txt", "root: b.txt", "side adds z: a/z.txt"}
	if got := introduced(hist, changes); !slices.Equal(got, want) {
		t.Errorf("introduced:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, c := range changes.List {
		wantBase := c.Path == "a/x.txt" && hist.Commits[c.Commit].Subject == "edit x" ||
			c.Path == "b.txt" && hist.Commits[c.Commit].Subject == "main edits b"
		if wantBase == c.Base.IsZero() {
			t.Errorf("%s in %q: base %s", c.Path, hist.Commits[c.Commit].Subject, c.Base)
		}
	}
	// Parents before children, generations rising along ancestry.
	for i, c := range hist.Commits {
		if i > 0 && gitrepo.Older(&hist.Commits[i-1], &c) >= 0 {
			t.Errorf("commits out of order at %d", i)
		}
	}
}

func TestChangesEvilMerge(t *testing.T) {
	g := gittest.New(t)
	g.Commit("root", map[string]string{"f.txt": "1\n"})
	g.Git("checkout", "-q", "-b", "side")
	g.Commit("side", map[string]string{"f.txt": "1\nside\n"})
	g.Git("checkout", "-q", "main")
	g.Commit("main", map[string]string{"g.txt": "g\n"})
	g.Git("merge", "-q", "--no-commit", "side")
	g.Write("f.txt", "1\nside\nonly in the merge\n")
	g.Git("add", "f.txt")
	g.Git("commit", "-q", "-m", "evil merge")
	hist, changes := walkAll(t, open(t, g.Dir))
	var merge *gitrepo.Change
	for i, c := range changes.List {
		if hist.Commits[c.Commit].Subject == "evil merge" {
			merge = &changes.List[i]
		}
	}
	if merge == nil || merge.Path != "f.txt" || merge.Base.IsZero() || len(merge.Others) != 1 {
		t.Fatalf("evil merge change = %+v, want f.txt with a base in each parent", merge)
	}
}

func TestTipsAnnotatedTagStashAndTreeTag(t *testing.T) {
	g := gittest.New(t)
	g.Commit("root", map[string]string{"f.txt": "1\n"})
	g.Git("checkout", "-q", "-b", "gone")
	tagged := g.Commit("tagged only", map[string]string{"t.txt": "t\n"})
	g.Git("tag", "-a", "v1", "-m", "v1")
	g.Git("checkout", "-q", "main")
	g.Git("branch", "-q", "-D", "gone")
	g.Write("f.txt", "stash one\n")
	g.Git("stash", "-q")
	first := g.Git("rev-parse", "stash@{0}")
	g.Write("f.txt", "stash two\n")
	g.Git("stash", "-q")
	g.Git("tag", "tree-tag", "HEAD^{tree}")
	repo := open(t, g.Dir)
	tips, err := repo.Tips()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{tagged, first} {
		if !slices.Contains(tips.Commits, plumbing.NewHash(want)) {
			t.Errorf("tips lack %s", want)
		}
	}
	if len(tips.Notes) != 1 || !strings.Contains(tips.Notes[0], "refs/tags/tree-tag") || len(tips.Problems) > 0 {
		t.Errorf("notes = %q, problems = %q, want a note for the tag of a tree", tips.Notes, tips.Problems)
	}
}

func TestWalkHidden(t *testing.T) {
	g := gittest.New(t)
	root := g.Commit("root", map[string]string{"f.txt": "1\n"})
	g.Git("checkout", "-q", "-b", "feature")
	g.Commit("f1", map[string]string{"a.txt": "a\n"})
	head := g.Commit("f2", map[string]string{"b.txt": "b\n"})
	g.Git("checkout", "-q", "main")
	main := g.Commit("m1", map[string]string{"c.txt": "c\n"})
	repo := open(t, g.Dir)
	hist, err := repo.Walk(context.Background(), []plumbing.Hash{plumbing.NewHash(head)}, []plumbing.Hash{plumbing.NewHash(main)})
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, c := range hist.Commits {
		subjects = append(subjects, c.Subject)
	}
	if !slices.Equal(subjects, []string{"f1", "f2"}) {
		t.Errorf("commits = %q, want f1, f2", subjects)
	}
	if hist.Reaches(plumbing.NewHash(main)) || hist.Common() != plumbing.NewHash(root) {
		t.Errorf("reaches main = %v, common = %s, want false and %s", hist.Reaches(plumbing.NewHash(main)), hist.Common(), root)
	}
	if c := hist.Commits[0]; len(c.ParentTrees) != 1 || c.Generation != 1 {
		t.Errorf("first commit of the range: %d parent trees, generation %d; want its parent's tree to diff against", len(c.ParentTrees), c.Generation)
	}
}

func TestStagedChanges(t *testing.T) {
	g := gittest.New(t)
	g.Commit("root", map[string]string{"keep.txt": "k\n", "edit.txt": "e\n", "dir/gone.txt": "g\n"})
	g.Write("edit.txt", "e2\n")
	g.Write("dir/new.txt", "n\n")
	g.Write("later.txt", "intent to add only\n")
	g.Git("rm", "-q", "dir/gone.txt")
	g.Git("add", "edit.txt", "dir/new.txt")
	g.Git("add", "-N", "later.txt")
	st, err := open(t, g.Dir).Staged()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range st.Changes {
		got = append(got, c.Path+" base="+map[bool]string{true: "none", false: "yes"}[c.Base.IsZero()])
		if c.Commit != -1 || c.Mode != filemode.Regular {
			t.Errorf("%s: commit %d mode %v", c.Path, c.Commit, c.Mode)
		}
	}
	if want := []string{"dir/new.txt base=none", "edit.txt base=yes"}; !slices.Equal(got, want) {
		t.Errorf("staged = %q, want %q", got, want)
	}
}

func TestIsLFSPointer(t *testing.T) {
	ptr := "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
	if !gitrepo.IsLFSPointer([]byte(ptr)) {
		t.Error("pointer not recognised")
	}
	for _, s := range []string{"version https://git-lfs.github.com/spec/v1\n", "hello\n", ptr + strings.Repeat("x", 1024)} {
		if gitrepo.IsLFSPointer([]byte(s)) {
			t.Errorf("%.40q taken for a pointer", s)
		}
	}
}

// WalkChanges diffs commits while it walks; what it returns must be what
// Walk and ChangesOf return one after the other, order included.
func TestWalkChangesIsWalkThenChangesOf(t *testing.T) {
	g := gittest.New(t)
	// More commits than a batch of diffs, on two branches merged back and
	// forth (merges that take the other side's files, so that each brings
	// changes of its own), and a second root on an orphan branch. One git
	// fast-import makes them: a git commit at a time took a minute on a
	// busy machine.
	var stream strings.Builder
	files := map[string]map[string]string{"main": {}}
	tip := map[string]string{}
	mark := 0
	commit := func(branch, msg string, merges []string, change map[string]string) {
		mark++
		stream.WriteString(gittest.ImportCommit("refs/heads/"+branch, mark, mark, msg, tip[branch], merges, change))
		tip[branch] = fmt.Sprintf(":%d", mark)
		for p, c := range change {
			files[branch][p] = c
		}
	}
	commit("main", "root", nil, map[string]string{"a/x.txt": "x\n", "b.txt": "b\n"})
	for i := range 150 {
		branch, other := "main", "side"
		if i/10%2 == 1 {
			branch, other = "side", "main"
		}
		if i == 10 {
			tip["side"], files["side"] = tip["main"], maps.Clone(files["main"])
		} else if i > 10 && i%10 == 0 {
			theirs := map[string]string{}
			for p, c := range files[other] {
				if files[branch][p] != c {
					theirs[p] = c
				}
			}
			commit(branch, "merge "+other, []string{tip[other]}, theirs)
		}
		commit(branch, fmt.Sprintf("edit %d", i), nil, map[string]string{fmt.Sprintf("a/f%d.txt", i%7): fmt.Sprintf("v%d\n", i), "b.txt": fmt.Sprintf("b%d\n", i%3)})
	}
	files["other"] = map[string]string{}
	commit("other", "second root", nil, map[string]string{"c.txt": "c\n"})
	g.Import(stream.String())
	repo := open(t, g.Dir)
	hist, changes := walkAll(t, repo)
	tips, err := repo.Tips()
	if err != nil {
		t.Fatal(err)
	}
	// One worker (beside the walk), and several, one of which starts when
	// the walk is done.
	for _, workers := range []int{1, 3} {
		var walked atomic.Int64
		hist2, changes2, err := repo.WalkChanges(context.Background(), tips.Commits, gitrepo.ChangeOptions{Workers: workers, Walked: &walked})
		if err != nil {
			t.Fatal(err)
		}
		if walked.Load() != int64(len(hist2.Commits)) {
			t.Errorf("%d workers: %d commits counted as walked, %d walked", workers, walked.Load(), len(hist2.Commits))
		}
		if len(hist.Commits) < 150 || !reflect.DeepEqual(hist.Commits, hist2.Commits) {
			t.Fatalf("%d workers: WalkChanges walked %d commits, Walk %d, or in another order", workers, len(hist2.Commits), len(hist.Commits))
		}
		if !reflect.DeepEqual(changes, changes2) {
			t.Errorf("%d workers: WalkChanges found %d changes, Walk and ChangesOf %d:\n%s\nwant:\n%s", workers, len(changes2.List), len(changes.List),
				strings.Join(introduced(hist2, changes2), "\n"), strings.Join(introduced(hist, changes), "\n"))
		}
	}
}

// FilesAt lists a commit's files, not the work tree's: nested ones with
// their blobs, executables too; no symbolic link, no submodule. The
// index's Files are what the next commit would hold.
func TestFilesAtAndStagedFiles(t *testing.T) {
	g := gittest.New(t)
	g.Write("run.sh", "#!/bin/sh\n")
	g.Write("a.txt", "a\n")
	g.Write("deep/er/b.txt", "b\n")
	g.Git("add", "a.txt", "deep/er/b.txt")
	g.Git("update-index", "--add", "--chmod=+x", "run.sh")
	g.Git("update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("ab", 20)+",vendor/sub")
	g.Git("update-index", "--add", "--cacheinfo", "120000,"+g.Git("hash-object", "-w", "a.txt")+",link")
	g.Git("commit", "-q", "-m", "root")
	head := g.Git("rev-parse", "HEAD")
	g.Write("uncommitted.txt", "not in the tree\n")
	g.Write("deep/er/b.txt", "b2\n")
	g.Git("add", "uncommitted.txt", "deep/er/b.txt")
	repo := open(t, g.Dir)
	files, problems, err := repo.FilesAt(context.Background(), plumbing.NewHash(head))
	if err != nil || len(problems) > 0 {
		t.Fatalf("FilesAt: %v %v", err, problems)
	}
	list := func(fs []gitrepo.File) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Path+"@"+f.Blob.String()[:7])
		}
		return out
	}
	blob := func(rev string) string { return g.Git("rev-parse", rev)[:7] }
	want := []string{"a.txt@" + blob(head+":a.txt"), "deep/er/b.txt@" + blob(head+":deep/er/b.txt"), "run.sh@" + blob(head+":run.sh")}
	if got := list(files); !slices.Equal(got, want) {
		t.Errorf("FilesAt = %q, want %q", got, want)
	}
	st, err := repo.Staged()
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"a.txt@" + blob(":a.txt"), "deep/er/b.txt@" + blob(":deep/er/b.txt"), "run.sh@" + blob(":run.sh"), "uncommitted.txt@" + blob(":uncommitted.txt")}
	if got := list(st.Files); !slices.Equal(got, want) {
		t.Errorf("Staged().Files = %q, want %q", got, want)
	}
}
