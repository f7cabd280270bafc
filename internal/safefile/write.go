package safefile

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// WriteFileAtomic replaces the file at path with data, or creates it with
// mode perm. It never writes through a symbolic link at path, which may
// have been planted by the tree being scanned to aim the write at a file
// such as ~/.bashrc; it refuses one with an error naming it, and refuses a
// FIFO, device or directory the same way. The data goes to a new file in
// the same directory, created exclusively, synced and then renamed over
// path, so that path never holds a partial file and a failed write leaves
// nothing behind. An existing file keeps its permissions.
//
// The directories leading to path are the caller's choice and are
// followed as usual: only the last component is guarded.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	fi, err := CheckWriteTarget(path)
	if err != nil {
		return err
	}
	if fi != nil {
		perm = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	// CreateTemp opens with O_CREATE|O_EXCL: it makes a new file or fails,
	// and never follows a link.
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// rename replaces the directory entry: a link swapped in since the
	// check above is replaced, not followed.
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	committed = true
	syncDir(dir)
	return nil
}

// CheckWriteTarget returns an error naming path unless WriteFileAtomic may
// write it: path does not exist (nil info) or is a regular file (its
// info). A caller can check before long work whose result goes to path.
func CheckWriteTarget(path string) (fs.FileInfo, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, refuseWrite(path, "it is a symbolic link"+linkTarget(path)+"; remove it or choose another path")
	case !fi.Mode().IsRegular():
		return nil, refuseWrite(path, "it is not a regular file ("+fileKind(fi.Mode())+")")
	}
	return fi, nil
}

// OpenAppend opens the regular file name under root for reading and for
// appending, or creates it when it does not exist and create is true
// (created then says so). It refuses, with an error naming the file, a
// name that is not local, a symbolic link at any component, even one
// pointing inside root, a parent that is not a directory and a file that
// is not a regular file: appending through a link would write wherever the
// tree's author pointed it, and root alone only stops links that leave it.
// A parent directory that does not exist is an error too: nothing is
// created but the file.
func OpenAppend(root *os.Root, name string, create bool, perm fs.FileMode) (f *os.File, created bool, err error) {
	if !filepath.IsLocal(name) {
		return nil, false, refuseWrite(name, "it is not a path inside "+root.Name())
	}
	if err := checkParents(root, name); err != nil {
		return nil, false, err
	}
	fi, err := root.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist) && create:
		// O_EXCL: a link planted since the Lstat makes this fail rather
		// than be followed.
		f, err := root.OpenFile(name, os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_EXCL, perm)
		if err != nil {
			return nil, false, err
		}
		return f, true, nil
	case err != nil:
		return nil, false, err
	case fi.Mode()&fs.ModeSymlink != 0:
		to := ""
		if t, err := root.Readlink(name); err == nil {
			to = " to " + t
		}
		return nil, false, refuseWrite(name, "it is a symbolic link"+to+"; links are not written through")
	case !fi.Mode().IsRegular():
		return nil, false, refuseWrite(name, "it is not a regular file ("+fileKind(fi.Mode())+")")
	}
	f, err = root.OpenFile(name, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return nil, false, err
	}
	// The file opened must be the one checked, not a link swapped in.
	if got, err := f.Stat(); err != nil || !os.SameFile(fi, got) {
		_ = f.Close()
		return nil, false, refuseWrite(name, "it changed while being opened")
	}
	return f, false, nil
}

// checkParents refuses a name whose directories under root are anything
// but real directories.
func checkParents(root *os.Root, name string) error {
	dir := filepath.Dir(name)
	if dir == "." {
		return nil
	}
	parts := strings.Split(dir, string(filepath.Separator))
	for i := range parts {
		p := filepath.Join(parts[:i+1]...)
		fi, err := root.Lstat(p)
		switch {
		case err != nil:
			return err
		case fi.Mode()&fs.ModeSymlink != 0:
			return refuseWrite(name, p+" is a symbolic link; it is not followed")
		case !fi.IsDir():
			return refuseWrite(name, p+" is not a directory")
		}
	}
	return nil
}

// refuseWrite is the error for a path this package will not write.
func refuseWrite(path, why string) error {
	return &fs.PathError{Op: "refusing to write", Path: path, Err: errors.New(why)}
}

// linkTarget is " to TARGET" for the link at path, or "" if unreadable:
// seeing where a planted link points tells the reader what it was for.
func linkTarget(path string) string {
	if t, err := os.Readlink(path); err == nil {
		return " to " + t
	}
	return ""
}

// fileKind names a non-regular file's type for an error message.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}

// syncDir makes a rename in dir durable where the system allows; the
// rename is atomic without it, so a failure is no error.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// RewriteIn replaces the regular file name under root with what edit makes
// of its content (at most limit bytes). It refuses, with an error naming
// the file, what OpenAppend refuses: a name that is not local, a symbolic
// link at any component (even one pointing inside root), a parent that is
// not a directory, a file that is not a regular file; and a file swapped
// while it was read or edited. An error from edit is returned as it is and
// nothing is written. The new content goes to a new file beside it,
// created exclusively under root, synced and renamed over name, so that
// name never holds a partial file; the file keeps its permissions.
func RewriteIn(root *os.Root, name string, limit int64, edit func(old []byte) ([]byte, error)) error {
	if !filepath.IsLocal(name) {
		return refuseWrite(name, "it is not a path inside "+root.Name())
	}
	if err := checkParents(root, name); err != nil {
		return err
	}
	f, fi, err := OpenIn(root, name)
	if err != nil {
		return err
	}
	old, err := readLimited(f, name, limit)
	_ = f.Close()
	if err != nil {
		return err
	}
	data, err := edit(old)
	if err != nil {
		return err
	}
	dir, base := filepath.Split(name)
	var tmp *os.File
	var tmpName string
	for i := 0; ; i++ {
		var rnd [8]byte
		if _, err := rand.Read(rnd[:]); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		tmpName = filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(rnd[:]))
		// O_EXCL: a new file or an error, never a link followed.
		tmp, err = root.OpenFile(tmpName, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i == 3 {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	committed := false
	defer func() {
		if !committed {
			_ = tmp.Close()
			_ = root.Remove(tmpName)
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	// The mode given to OpenFile is masked by the umask: set it as it was.
	if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	// The file replaced must still be the one read: not swapped for a
	// link or another file meanwhile. Rename replaces the entry; it never
	// follows a link there.
	if now, err := root.Lstat(name); err != nil || !os.SameFile(fi, now) {
		return refuseWrite(name, "it changed while being rewritten")
	}
	if err := checkParents(root, name); err != nil {
		return err
	}
	if err := root.Rename(tmpName, name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	committed = true
	if d, err := root.Open(cmp.Or(dir, ".")); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
