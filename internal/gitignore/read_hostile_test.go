//go:build unix

package gitignore_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/testfs"
)

// A .gitignore that is a link, wherever it points, or a FIFO is not read
// (git does not follow one either): a problem names it, and what it would
// have listed is still missing. A regular one counts.
func TestGitignoreLinkOrFIFONotRead(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "patterns")
	if err := os.WriteFile(outside, []byte(".env\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := tree(t, map[string]string{".gitignore": ".env\n", "go.mod": ""})
	if res := check(t, good, gitignore.Options{}); len(res.Problems) > 0 || slices.Contains(missing(res, ".gitignore"), ".env") {
		t.Errorf("regular .gitignore: problems %q, missing %q", res.Problems, missing(res, ".gitignore"))
	}
	for _, tc := range []struct{ name, target, problem string }{
		{"link out of the root", outside, ".gitignore: is a symbolic link to " + outside + "; links in the scanned tree are not followed"},
		{"link inside the root", "real", ".gitignore: is a symbolic link to real; links in the scanned tree are not followed"},
		{"link to /dev/zero", "/dev/zero", ".gitignore: is a symbolic link to /dev/zero; links in the scanned tree are not followed"},
		{"FIFO", "", ".gitignore: is a FIFO"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := tree(t, map[string]string{"real": ".env\n", "go.mod": ""})
			if tc.target == "" {
				if err := testfs.Mkfifo(filepath.Join(root, ".gitignore"), 0o644); err != nil {
					t.Skip("mkfifo:", err)
				}
			} else if err := os.Symlink(tc.target, filepath.Join(root, ".gitignore")); err != nil {
				t.Fatal(err)
			}
			res := check(t, root, gitignore.Options{})
			if !slices.Equal(res.Problems, []string{tc.problem}) {
				t.Errorf("problems %q\nwant %q", res.Problems, tc.problem)
			}
			if got := missing(res, ".gitignore"); !slices.Contains(got, ".env") {
				t.Errorf("the link's .env counted: missing %q", got)
			}
		})
	}
}
