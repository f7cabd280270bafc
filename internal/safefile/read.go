package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tightlip/tightlip/internal/textsafe"
)

// Sizes for read limits.
const (
	KiB int64 = 1 << 10
	MiB int64 = 1 << 20
)

// The kinds of refusal a read may meet; test for them with errors.Is. The
// error itself is a *RefusedError naming the file.
var (
	// ErrNotRegular: a FIFO, device, socket or directory, which could
	// block a read forever, never end, or mean nothing as a file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file holds more bytes than the read's limit.
	ErrTooLarge = errors.New("file too large")
	// ErrLink: a symbolic link in the scanned tree, which is not followed
	// wherever it points.
	ErrLink = errors.New("symbolic link not followed")
	// ErrChanged: the file opened is not the one checked before opening.
	ErrChanged = errors.New("file changed while being opened")
)

// RefusedError says which file a read refused and why.
type RefusedError struct {
	// Name is the file as the caller named it.
	Name string
	// Why completes "NAME ...", such as "is a FIFO".
	Why string
	// Kind is one of ErrNotRegular, ErrTooLarge, ErrLink, ErrChanged.
	Kind error
}

// Error names the file, escaped for a terminal, and what is wrong with it.
func (e *RefusedError) Error() string {
	return textsafe.Escape(e.Name) + " " + e.Why
}

// Unwrap returns the kind, for errors.Is.
func (e *RefusedError) Unwrap() error { return e.Kind }

// Why returns what is wrong with the file a RefusedError names ("is a
// FIFO"), or err's text for any other error: for messages that name the
// file already.
func Why(err error) string {
	var re *RefusedError
	if errors.As(err, &re) {
		return re.Why
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// ReadFileIn reads the file name (a local path) under root, as a file of a
// tree that may be hostile: the last component must not be a symbolic
// link, wherever it points, and must be a regular file holding at most
// limit bytes. Directories on the way are resolved by root, which follows
// links only while they stay inside it. The file is opened without
// blocking, so a FIFO swapped in after the check cannot stall the read,
// and nothing past limit+1 bytes is read or allocated, whatever the file
// claims its size is. A missing file is an error satisfying
// errors.Is(err, fs.ErrNotExist).
func ReadFileIn(root *os.Root, name string, limit int64) ([]byte, error) {
	f, _, err := OpenIn(root, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, name, limit)
}

// OpenIn opens the file name under root for reading, with the same checks
// as ReadFileIn but no size limit: the caller reads through one (see
// ReadLimited). It returns the file's information.
func OpenIn(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	if !filepath.IsLocal(name) {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("not a path inside " + root.Name())}
	}
	fi, err := root.Lstat(name)
	if err != nil {
		return nil, nil, pathError("open", name, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		to := ""
		if t, err := root.Readlink(name); err == nil {
			to = " to " + textsafe.Escape(t)
		}
		return nil, nil, &RefusedError{Name: name, Why: "is a symbolic link" + to + "; links in the scanned tree are not followed", Kind: ErrLink}
	}
	if err := regular(name, fi); err != nil {
		return nil, nil, err
	}
	f, err := root.OpenFile(name, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, nil, pathError("open", name, err)
	}
	got, err := f.Stat()
	if err != nil || !os.SameFile(fi, got) {
		_ = f.Close()
		return nil, nil, &RefusedError{Name: name, Why: "changed while being opened", Kind: ErrChanged}
	}
	return f, got, nil
}

// ReadPath reads the file at path, a path the user gave (a --config or
// --baseline): a symbolic link there is the user's choice and is followed,
// but what it leads to must be a regular file of at most limit bytes.
func ReadPath(path string, limit int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, pathError("open", path, err)
	}
	if err := regular(path, fi); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|oNonblock, 0)
	if err != nil {
		return nil, pathError("open", path, err)
	}
	defer f.Close()
	got, err := f.Stat()
	if err != nil || !os.SameFile(fi, got) {
		return nil, &RefusedError{Name: path, Why: "changed while being opened", Kind: ErrChanged}
	}
	return readLimited(f, path, limit)
}

// ReadLimited reads all of r, which is the file name, unless it holds
// more than limit bytes: then it returns an ErrTooLarge naming the file,
// having read and allocated no more than limit+1 bytes.
func ReadLimited(r io.Reader, name string, limit int64) ([]byte, error) {
	return readLimited(r, name, limit)
}

func readLimited(r io.Reader, name string, limit int64) ([]byte, error) {
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Size() > limit {
			return nil, tooLarge(name, limit)
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, pathError("read", name, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge(name, limit)
	}
	return data, nil
}

func tooLarge(name string, limit int64) error {
	return &RefusedError{Name: name, Why: "is larger than " + FormatSize(limit), Kind: ErrTooLarge}
}

// Regular returns a RefusedError (ErrNotRegular) naming the file name
// unless fi, its information, is a regular file's.
func Regular(name string, fi fs.FileInfo) error {
	return regular(name, fi)
}

// regular refuses anything but a regular file.
func regular(name string, fi fs.FileInfo) error {
	if fi.Mode().IsRegular() {
		return nil
	}
	why := "is " + fileKind(fi.Mode())
	if strings.HasPrefix(why, "is mode ") {
		why = "is not a regular file (" + strings.TrimPrefix(why, "is ") + ")"
	}
	return &RefusedError{Name: name, Why: why, Kind: ErrNotRegular}
}

// FormatSize writes a byte count as users read it: "1 MiB", "512 KiB",
// "1000 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= MiB && n%MiB == 0:
		return fmt.Sprintf("%d MiB", n/MiB)
	case n >= KiB && n%KiB == 0:
		return fmt.Sprintf("%d KiB", n/KiB)
	case n == 1:
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}

// pathError is err about name, with the name escaped for a terminal and
// the system's own operation name ("statat") replaced by op.
func pathError(op, name string, err error) error {
	return &fs.PathError{Op: op, Path: textsafe.Escape(name), Err: unwrapPath(err)}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
