//go:build unix

package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/testfs"
)

// replaceOutside reads go.mod as every file of the tree: a regular file,
// not a link, within maxGoMod; anything else is a reason not to analyse
// the module, naming the file, and is never read.
func TestReplaceOutsideReadsGoModSafely(t *testing.T) {
	root := t.TempDir()
	mk := func(dir string) string {
		d := filepath.Join(root, dir)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	ok := mk("ok")
	if err := os.WriteFile(filepath.Join(ok, "go.mod"), []byte("module example.com/ok\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := mk("big")
	if err := os.WriteFile(filepath.Join(big, "go.mod"), []byte("module example.com/big\n//"+strings.Repeat("x", int(maxGoMod))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(mk("zero"), "go.mod")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../ok/go.mod", filepath.Join(mk("inlink"), "go.mod")); err != nil {
		t.Fatal(err)
	}
	fifo := mk("fifo")
	if err := testfs.Mkfifo(filepath.Join(fifo, "go.mod"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	rootFS, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer rootFS.Close()
	for dir, want := range map[string]string{
		"ok":     "",
		"big":    "big/go.mod not read: is larger than 4 MiB",
		"zero":   "zero/go.mod not read: is a symbolic link to /dev/zero",
		"inlink": "inlink/go.mod not read: is a symbolic link to ../ok/go.mod",
		"fifo":   "fifo/go.mod not read: is a FIFO",
	} {
		got := replaceOutside(rootFS, root, filepath.Join(root, dir))
		if want == "" && got != "" || !strings.HasPrefix(got, want) {
			t.Errorf("%s: %q, want %q", dir, got, want)
		}
	}
}
