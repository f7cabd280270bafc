package gitrepo_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	git "github.com/go-git/go-git/v5"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// git sparse-checkout sets extensions.worktreeConfig, which go-git v5
// refuses; tightlip reads such a repository all the same.
func TestOpenSparseCheckout(t *testing.T) {
	r := gittest.New(t)
	r.Commit("add", map[string]string{"kept/a.txt": "a\n", "left/b.txt": "b\n"})
	r.Git("sparse-checkout", "set", "--cone", "kept")
	if !strings.Contains(r.Git("config", "--list"), "extensions.worktreeconfig=true") {
		t.Skip("this git's sparse-checkout does not set extensions.worktreeConfig")
	}
	if _, err := git.PlainOpen(r.Dir); err == nil {
		t.Log("go-git now opens it itself: PlainOpen's fallback is no longer needed")
	}
	hist, changes := walkAll(t, open(t, r.Dir))
	if got, want := introduced(hist, changes), []string{"add: kept/a.txt", "add: left/b.txt"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, below := range []string{"/kept", "/kept/a.txt"} {
		if _, err := gitrepo.PlainOpen(r.Dir+below, true); err != nil {
			t.Errorf("from %s: %v", below, err)
		}
	}
}

// An extension go-git cannot read is an error that names it.
func TestOpenRefusesSHA256(t *testing.T) {
	r := gittest.New(t)
	r.Git("config", "core.repositoryformatversion", "1")
	r.Git("config", "extensions.objectFormat", "sha256")
	_, err := gitrepo.Open(r.Dir)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "extensions.objectformat=sha256") {
		t.Fatalf("got %v, want an error naming extensions.objectformat=sha256", err)
	}
	if errors.Is(err, git.ErrRepositoryNotExists) {
		t.Error("a repository go-git cannot read is not a missing one")
	}
}
