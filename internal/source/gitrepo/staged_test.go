package gitrepo_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/testfs"
)

// GIT_INDEX_FILE names the index a hook must read; a relative name is from
// the work tree's top, and only a regular file is read.
func TestStagedIndexFile(t *testing.T) {
	g := gittest.New(t)
	g.Commit("base", map[string]string{"a.txt": "a\n"})
	clean := copyIndex(t, g, "clean.idx")
	g.Write("b.txt", "b\n")
	g.Git("add", "b.txt")
	repo := open(t, g.Dir)

	paths := func(index string) []string {
		t.Helper()
		st, err := repo.StagedIndex(index)
		if err != nil {
			t.Fatalf("StagedIndex(%q): %v", index, err)
		}
		var out []string
		for _, c := range st.Changes {
			out = append(out, c.Path)
		}
		return out
	}
	if got := paths(""); strings.Join(got, ",") != "b.txt" {
		t.Errorf("own index: %v, want b.txt", got)
	}
	if got := paths(clean); len(got) != 0 {
		t.Errorf("absolute GIT_INDEX_FILE (HEAD's index): %v, want nothing", got)
	}
	if got := paths(".git/clean.idx"); len(got) != 0 {
		t.Errorf("relative GIT_INDEX_FILE: %v, want nothing", got)
	}

	link := filepath.Join(g.Dir, ".git", "link.idx")
	if err := os.Symlink(clean, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(g.Dir, ".git", "fifo.idx")
	if err := testfs.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for name, want := range map[string]string{
		link:                          "symbolic link",
		fifo:                          "not a regular file",
		g.Dir:                         "not a regular file",
		".git/missing.idx":            "no such file",
		filepath.Join(g.Dir, "a.txt"): "index",
	} {
		_, err := repo.StagedIndex(name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("StagedIndex(%s) = %v, want an error saying %q", name, err, want)
		}
	}
}

// copyIndex copies the repository's index to .git/name and returns its path.
func copyIndex(t *testing.T, g *gittest.Repo, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(g.Dir, ".git", "index"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(g.Dir, ".git", name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
