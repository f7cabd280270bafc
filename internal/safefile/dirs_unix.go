//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tightlip/tightlip/internal/textsafe"
)

// handle is a directory's file descriptor: every name is resolved in it
// by the kernel (openat, fstatat), one component, without a path from
// the top, whose length would grow with the depth.
type handle struct{ fd int }

// ident is a file's identity: device and inode.
type ident struct{ dev, ino uint64 }

func (a ident) same(b ident) bool { return a == b }

func identOf(st *unix.Stat_t) ident {
	return ident{dev: uint64(st.Dev), ino: uint64(st.Ino)} //nolint:unconvert // int32 on some systems
}

// retry repeats a call interrupted by a signal, as package os does.
func retry[T any](f func() (T, error)) (T, error) {
	for {
		v, err := f()
		if !errors.Is(err, unix.EINTR) {
			return v, err
		}
	}
}

func fstatat(dir int, name string) (*unix.Stat_t, error) {
	var st unix.Stat_t
	_, err := retry(func() (struct{}, error) {
		return struct{}{}, unix.Fstatat(dir, name, &st, unix.AT_SYMLINK_NOFOLLOW)
	})
	return &st, err
}

func fstat(fd int) (*unix.Stat_t, error) {
	var st unix.Stat_t
	_, err := retry(func() (struct{}, error) { return struct{}{}, unix.Fstat(fd, &st) })
	return &st, err
}

func openTop(path string) (handle, ident, error) {
	fd, err := retry(func() (int, error) { return unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return handle{}, ident{}, &fs.PathError{Op: "open", Path: textsafe.Escape(path), Err: err}
	}
	st, err := fstat(fd)
	if err != nil {
		_ = unix.Close(fd)
		return handle{}, ident{}, &fs.PathError{Op: "stat", Path: textsafe.Escape(path), Err: err}
	}
	return handle{fd}, identOf(st), nil
}

func (h handle) close() { _ = unix.Close(h.fd) }

// openDir opens the directory name in h, refusing a link (checked, then
// O_NOFOLLOW) and anything but a directory (checked, then O_DIRECTORY),
// and a directory other than the one checked.
func (h handle) openDir(name string) (handle, ident, error) {
	st, err := fstatat(h.fd, name)
	if err != nil {
		return handle{}, ident{}, pathError("open", name, err)
	}
	if err := refuseDir(name, modeOf(st)); err != nil {
		return handle{}, ident{}, err
	}
	fd, err := retry(func() (int, error) {
		return unix.Openat(h.fd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EMLINK) || errors.Is(err, unix.ENOTDIR) {
			return handle{}, ident{}, &RefusedError{Name: name, Why: "changed while being opened", Kind: ErrChanged}
		}
		return handle{}, ident{}, pathError("open", name, err)
	}
	got, err := fstat(fd)
	if err != nil || identOf(got) != identOf(st) {
		_ = unix.Close(fd)
		return handle{}, ident{}, &RefusedError{Name: name, Why: "changed while being opened", Kind: ErrChanged}
	}
	return handle{fd}, identOf(got), nil
}

// readDir lists h's entries by name (getdents, through a descriptor of
// its own so h's offset is untouched), each with its own lstat from h.
// An entry gone since the listing is left out.
func (h handle) readDir() ([]fs.DirEntry, error) {
	fd, err := retry(func() (int, error) {
		return unix.Openat(h.fd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return nil, pathError("open", ".", err)
	}
	f := os.NewFile(uintptr(fd), ".")
	names, err := f.Readdirnames(-1)
	_ = f.Close()
	entries := make([]fs.DirEntry, 0, len(names))
	for _, name := range names {
		st, serr := fstatat(h.fd, name)
		if errors.Is(serr, unix.ENOENT) {
			continue
		}
		e := dirEntry{name: name, err: serr}
		if serr == nil {
			e.info = statInfo{name: name, mode: modeOf(st), size: st.Size}
		} else {
			e.err = pathError("lstat", name, serr)
		}
		entries = append(entries, e)
	}
	if err != nil {
		return entries, pathError("readdir", ".", err)
	}
	return entries, nil
}

// readFile reads name in h: checked with fstatat (no link, a regular
// file: nothing else is opened), opened with O_NOFOLLOW and O_NONBLOCK,
// and checked again to be the file first seen.
func (h handle) readFile(name string, limit int64) ([]byte, error) {
	st, err := fstatat(h.fd, name)
	if err != nil {
		return nil, pathError("open", name, err)
	}
	mode := modeOf(st)
	if mode&fs.ModeSymlink != 0 {
		to := ""
		buf := make([]byte, 4096)
		if n, err := unix.Readlinkat(h.fd, name, buf); err == nil {
			to = " to " + textsafe.Escape(string(buf[:n]))
		}
		return nil, &RefusedError{Name: name, Why: "is a symbolic link" + to + "; links in the scanned tree are not followed", Kind: ErrLink}
	}
	if err := regular(name, statInfo{name: name, mode: mode, size: st.Size}); err != nil {
		return nil, err
	}
	fd, err := retry(func() (int, error) {
		return unix.Openat(h.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EMLINK) {
			return nil, &RefusedError{Name: name, Why: "changed while being opened", Kind: ErrChanged}
		}
		return nil, pathError("open", name, err)
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	got, err := fstat(fd)
	if err != nil || identOf(got) != identOf(st) || modeOf(got)&fs.ModeType != 0 {
		return nil, &RefusedError{Name: name, Why: "changed while being opened", Kind: ErrChanged}
	}
	return readLimited(f, name, limit)
}

// modeOf is the fs.FileMode of a stat result.
func modeOf(st *unix.Stat_t) fs.FileMode {
	m := uint32(st.Mode) //nolint:unconvert // uint16 on some systems
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	case unix.S_IFREG:
	default:
		mode |= fs.ModeIrregular
	}
	return mode
}

// statInfo is what a walk needs of a file's information.
type statInfo struct {
	name string
	mode fs.FileMode
	size int64
}

func (fi statInfo) Name() string       { return fi.name }
func (fi statInfo) Size() int64        { return fi.size }
func (fi statInfo) Mode() fs.FileMode  { return fi.mode }
func (fi statInfo) ModTime() time.Time { return time.Time{} }
func (fi statInfo) IsDir() bool        { return fi.mode.IsDir() }
func (fi statInfo) Sys() any           { return nil }

// dirEntry is an entry of readDir.
type dirEntry struct {
	name string
	info statInfo
	err  error
}

func (e dirEntry) Name() string               { return e.name }
func (e dirEntry) IsDir() bool                { return e.info.mode.IsDir() }
func (e dirEntry) Type() fs.FileMode          { return e.info.mode.Type() }
func (e dirEntry) Info() (fs.FileInfo, error) { return e.info, e.err }
