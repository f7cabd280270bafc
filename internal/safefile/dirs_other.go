//go:build !unix

package safefile

import (
	"io/fs"
	"os"
)

// handle is a directory opened as an os.Root: names are resolved in it
// one component at a time.
type handle struct{ root *os.Root }

// ident is a directory's information, which os.SameFile compares.
type ident struct{ fi fs.FileInfo }

func (a ident) same(b ident) bool { return a.fi != nil && b.fi != nil && os.SameFile(a.fi, b.fi) }

func openTop(path string) (handle, ident, error) {
	r, err := os.OpenRoot(path)
	if err != nil {
		return handle{}, ident{}, err
	}
	fi, err := r.Stat(".")
	if err != nil {
		_ = r.Close()
		return handle{}, ident{}, err
	}
	return handle{r}, ident{fi}, nil
}

func (h handle) close() { _ = h.root.Close() }

// openDir opens the directory name in h, refusing a link and anything but
// a directory, and a directory other than the one checked.
func (h handle) openDir(name string) (handle, ident, error) {
	fi, err := h.root.Lstat(name)
	if err != nil {
		return handle{}, ident{}, pathError("open", name, err)
	}
	if err := refuseDir(name, fi.Mode()); err != nil {
		return handle{}, ident{}, err
	}
	r, err := h.root.OpenRoot(name)
	if err != nil {
		return handle{}, ident{}, pathError("open", name, err)
	}
	got, err := r.Stat(".")
	if err != nil || !os.SameFile(fi, got) {
		_ = r.Close()
		return handle{}, ident{}, &RefusedError{Name: name, Why: "changed while being opened", Kind: ErrChanged}
	}
	return handle{r}, ident{got}, nil
}

func (h handle) readDir() ([]fs.DirEntry, error) {
	f, err := h.root.Open(".")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

func (h handle) readFile(name string, limit int64) ([]byte, error) {
	return ReadFileIn(h.root, name, limit)
}
