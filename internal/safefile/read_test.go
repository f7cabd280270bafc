package safefile_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/testfs"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func wantRefused(t *testing.T, err, kind error, name, why string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v, want %v", err, kind)
	}
	if msg := err.Error(); !strings.Contains(msg, name) || !strings.Contains(msg, why) {
		t.Errorf("error %q does not name %q and say %q", msg, name, why)
	}
}

func TestReadFileIn(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.txt")
	write(t, outside, "outside secret\n")
	write(t, filepath.Join(dir, "ok.txt"), "hello\n")
	write(t, filepath.Join(dir, "sub", "nested.txt"), "nested\n")
	write(t, filepath.Join(dir, "big.txt"), strings.Repeat("x", 11))
	for name, target := range map[string]string{
		"out-link": outside, "in-link": "ok.txt", "zero-link": "/dev/zero",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Dir(outside), filepath.Join(dir, "outdir")); err != nil {
		t.Fatal(err)
	}
	root := openRoot(t, dir)

	// Positive: regular files, at and under the limit, nested.
	if got, err := safefile.ReadFileIn(root, "ok.txt", 6); err != nil || string(got) != "hello\n" {
		t.Errorf("ok.txt at its size limit: %q, %v", got, err)
	}
	if got, err := safefile.ReadFileIn(root, filepath.Join("sub", "nested.txt"), safefile.MiB); err != nil || string(got) != "nested\n" {
		t.Errorf("sub/nested.txt: %q, %v", got, err)
	}
	// Negative: one byte over the limit.
	_, err := safefile.ReadFileIn(root, "big.txt", 10)
	wantRefused(t, err, safefile.ErrTooLarge, "big.txt", "is larger than 10 bytes")
	// Links are not followed, wherever they point.
	for _, name := range []string{"out-link", "in-link", "zero-link"} {
		_, err := safefile.ReadFileIn(root, name, safefile.MiB)
		wantRefused(t, err, safefile.ErrLink, name, "symbolic link")
	}
	// A directory on the way that leads outside is refused by the root.
	if got, err := safefile.ReadFileIn(root, filepath.Join("outdir", "secret.txt"), safefile.MiB); err == nil || bytes.Contains(got, []byte("outside")) {
		t.Errorf("read through a directory link out of the root: %q, %v", got, err)
	}
	_, err = safefile.ReadFileIn(root, "sub", safefile.MiB)
	wantRefused(t, err, safefile.ErrNotRegular, "sub", "is a directory")
	if _, err := safefile.ReadFileIn(root, "missing", safefile.MiB); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want ErrNotExist", err)
	}
	if _, err := safefile.ReadFileIn(root, "../x", safefile.MiB); err == nil {
		t.Error("a non-local name was read")
	}
	// A name with a control character is escaped in the message.
	_, err = safefile.ReadFileIn(root, "bad\nname", safefile.MiB)
	if err == nil || strings.Contains(err.Error(), "\n") {
		t.Errorf("error for a missing name with a newline: %q", err)
	}
}

func TestReadFileInFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	if err := testfs.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	root := openRoot(t, dir)
	_, err := safefile.ReadFileIn(root, "fifo", safefile.MiB)
	wantRefused(t, err, safefile.ErrNotRegular, "fifo", "is a FIFO")
	_, err = safefile.ReadPath(filepath.Join(dir, "fifo"), safefile.MiB)
	wantRefused(t, err, safefile.ErrNotRegular, "fifo", "is a FIFO")
}

func TestReadPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "config.toml")
	write(t, file, "title = 'x'\n")
	link := filepath.Join(dir, "link.toml")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	// The user's own link is followed.
	for _, p := range []string{file, link} {
		if got, err := safefile.ReadPath(p, safefile.KiB); err != nil || string(got) != "title = 'x'\n" {
			t.Errorf("%s: %q, %v", p, got, err)
		}
	}
	_, err := safefile.ReadPath(file, 4)
	wantRefused(t, err, safefile.ErrTooLarge, "config.toml", "is larger than 4 bytes")
	_, err = safefile.ReadPath(dir, safefile.KiB)
	wantRefused(t, err, safefile.ErrNotRegular, filepath.Base(dir), "is a directory")

	// /dev/zero is a device: refused before a byte is read.
	if _, err := os.Stat("/dev/zero"); err == nil {
		zero := filepath.Join(dir, "zero")
		if err := os.Symlink("/dev/zero", zero); err != nil {
			t.Fatal(err)
		}
		_, err = safefile.ReadPath(zero, safefile.KiB)
		wantRefused(t, err, safefile.ErrNotRegular, "zero", "is a device")
	}
	// A file whose size says 0 but which goes on (/proc) stops at the limit.
	if _, err := os.Stat("/proc/self/environ"); err == nil && len(os.Environ()) > 0 {
		t.Setenv("TIGHTLIP_READ_TEST", strings.Repeat("y", 64))
		_, err = safefile.ReadPath("/proc/self/environ", 8)
		wantRefused(t, err, safefile.ErrTooLarge, "environ", "is larger than 8 bytes")
	}
}

func TestReadLimited(t *testing.T) {
	got, err := safefile.ReadLimited(strings.NewReader("abc"), "in", 3)
	if err != nil || string(got) != "abc" {
		t.Errorf("at the limit: %q, %v", got, err)
	}
	_, err = safefile.ReadLimited(strings.NewReader("abcd"), "in", 3)
	wantRefused(t, err, safefile.ErrTooLarge, "in", "is larger than 3 bytes")
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{1: "1 byte", 10: "10 bytes", 1 << 20: "1 MiB", 256 << 20: "256 MiB", 512 << 10: "512 KiB", 1500: "1500 bytes"} {
		if got := safefile.FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
