//go:build unix

package gitrepo_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
	"github.com/tightlip/tightlip/internal/testfs"
)

// A repository in a scanned tree is the tree's: go-git reads its .git
// file, config, HEAD and index whole, so each must be a regular file
// within its limit. Opening one that is /dev/zero or a FIFO fails at once,
// naming the file, instead of never ending.
func TestPlainOpenRefusesSpecialGitFiles(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		fifo       bool
		kind       error
	}{
		{"config to /dev/zero", ".git/config", false, safefile.ErrNotRegular},
		{"HEAD a FIFO", ".git/HEAD", true, safefile.ErrNotRegular},
		{"index a FIFO", ".git/index", true, safefile.ErrNotRegular},
		{".git file to /dev/zero", ".git", false, safefile.ErrNotRegular},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := gittest.New(t)
			r.Commit("add", map[string]string{"a.txt": "a\n"})
			// Positive: the repository opens as it is.
			if _, err := gitrepo.PlainOpen(r.Dir, false); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(r.Dir, tc.file)
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
			if tc.fifo {
				if err := testfs.Mkfifo(p, 0o644); err != nil {
					t.Skip("mkfifo:", err)
				}
			} else if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := gitrepo.PlainOpen(r.Dir, false)
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.file) {
					t.Errorf("PlainOpen: %v; want %v naming %s", err, tc.kind, tc.file)
				}
			case <-ctx.Done():
				t.Fatal("PlainOpen did not return")
			}
		})
	}
}

// A plain directory's own config/ or HEAD is not git's: opening it finds
// no repository rather than refusing those files.
func TestPlainOpenPlainDirWithConfigDir(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"config", "HEAD"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_, err := gitrepo.PlainOpen(dir, false)
	if errors.Is(err, safefile.ErrNotRegular) {
		t.Errorf("PlainOpen(plain directory) = %v; want no repository, not a refusal", err)
	}
}
