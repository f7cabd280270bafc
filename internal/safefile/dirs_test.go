package safefile_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/safefile"
)

// A chain deeper than it keeps open reopens a directory from its
// ancestors when the walk climbs back, and refuses one that is not the
// directory it entered: here one renamed away and replaced by another of
// the same name while the walk was below it.
func TestChainRefusesReplacedDirectory(t *testing.T) {
	top := t.TempDir()
	const depth, replaced = 200, 100
	if err := os.MkdirAll(filepath.Join(top, strings.Repeat("d/", depth)), 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := safefile.OpenChain(top)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range depth {
		if _, err := c.Push("d"); err != nil {
			t.Fatal(err)
		}
	}
	at := filepath.Join(top, strings.Repeat("d/", replaced))
	if err := os.Rename(at, filepath.Join(top, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(at, 0o755); err != nil {
		t.Fatal(err)
	}
	// Climbing back, the chain reopens closed directories by name from an
	// open ancestor: through the replaced one, that is refused.
	refused := 0
	for range depth - replaced + 1 {
		c.Pop()
		if _, err := c.Current(); errors.Is(err, safefile.ErrMoved) {
			refused++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if refused == 0 {
		t.Error("the replaced directory was reopened without a refusal")
	}
	if _, err := c.Current(); err != nil || c.Depth() != replaced-1 {
		t.Errorf("its parent, unchanged, at depth %d: %v", c.Depth(), err)
	}
}

// A link is never entered, wherever it points; a file is not a directory.
func TestChainRefusesLinkAndFile(t *testing.T) {
	top := t.TempDir()
	if err := os.Mkdir(filepath.Join(top, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real", filepath.Join(top, "link")); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	if err := os.WriteFile(filepath.Join(top, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := safefile.OpenChain(top)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Push("link"); !errors.Is(err, safefile.ErrLink) {
		t.Errorf("Push(link): %v, want ErrLink", err)
	}
	if _, err := c.Push("file"); !errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("Push(file): %v, want ErrNotRegular", err)
	}
	if _, err := c.Push("real"); err != nil {
		t.Errorf("Push(real): %v", err)
	}
}
