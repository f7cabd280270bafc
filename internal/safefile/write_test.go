package safefile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/safefile"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.txt")
	if err := safefile.WriteFileAtomic(path, []byte("first\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	wantFile(t, path, "first\n")
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("new file mode %v, want 0640", fi.Mode().Perm())
	}

	// Replacing keeps the file's own permissions.
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := safefile.WriteFileAtomic(path, []byte("second\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantFile(t, path, "second\n")
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("replaced file mode %v, want 0600 kept", fi.Mode().Perm())
	}
	wantOnly(t, dir, "report.txt")

	// A bare file name writes in the working directory.
	t.Chdir(dir)
	if err := safefile.WriteFileAtomic("bare.txt", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	wantOnly(t, dir, "bare.txt", "report.txt")
}

// A link at the path, planted to aim the write elsewhere, is refused and
// what it points to stays as it was, whether it exists or not.
func TestWriteFileAtomicRefusesSymlinks(t *testing.T) {
	outside := t.TempDir()
	target := filepath.Join(outside, ".bashrc")
	writeFile(t, target, "# mine\n")
	dir := t.TempDir()
	link := filepath.Join(dir, "report.txt")
	symlink(t, target, link)
	dangling := filepath.Join(dir, "dangling.txt")
	symlink(t, filepath.Join(outside, "new-file"), dangling)

	for _, path := range []string{link, dangling} {
		err := safefile.WriteFileAtomic(path, []byte("touch pwned\n"), 0o644)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("write through %s: %v, want an error naming the link", path, err)
		}
		if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer the link: %v", path, err)
		}
	}
	wantFile(t, target, "# mine\n")
	if _, err := os.Lstat(filepath.Join(outside, "new-file")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the dangling link's target was created: %v", err)
	}
	wantOnly(t, dir, "dangling.txt", "report.txt")
	wantOnly(t, outside, ".bashrc")
}

// A FIFO or a directory at the path is refused without being opened: a
// FIFO would block the write forever.
func TestWriteFileAtomicRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	paths := []string{sub}
	if fifo := mkfifo(t, dir, "fifo"); fifo != "" {
		paths = append(paths, fifo)
	}
	for _, path := range paths {
		err := safefile.WriteFileAtomic(path, []byte("x"), 0o644)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("write %s: %v, want an error naming it", path, err)
		}
	}
	wantOnly(t, dir, paths...)
}

func TestOpenAppend(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "svc", ".gitignore"), "dist/\n")
	root := openRoot(t, dir)

	f, created, err := safefile.OpenAppend(root, filepath.Join("svc", ".gitignore"), false, 0o644)
	if err != nil || created {
		t.Fatalf("open existing: created %v, %v", created, err)
	}
	data, err := io.ReadAll(f)
	if err != nil || string(data) != "dist/\n" {
		t.Fatalf("read %q, %v", data, err)
	}
	if _, err := f.WriteString(".env\n"); err != nil {
		t.Fatal(err)
	}
	closeFile(t, f)
	wantFile(t, filepath.Join(dir, "svc", ".gitignore"), "dist/\n.env\n")

	// Absent: created only when asked.
	if _, _, err := safefile.OpenAppend(root, ".gitignore", false, 0o644); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("absent, no create: %v, want not-exist", err)
	}
	f, created, err = safefile.OpenAppend(root, ".gitignore", true, 0o644)
	if err != nil || !created {
		t.Fatalf("create: created %v, %v", created, err)
	}
	closeFile(t, f)
	wantFile(t, filepath.Join(dir, ".gitignore"), "")
}

// Nothing outside the root is written, and no link is written through,
// even one that stays inside the root.
func TestOpenAppendRefuses(t *testing.T) {
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim")
	writeFile(t, victim, "# mine\n")

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "real", ".gitignore"), "dist/\n")
	writeFile(t, filepath.Join(dir, "file"), "")
	symlink(t, victim, filepath.Join(dir, "out", ".gitignore"))
	symlink(t, filepath.Join(dir, "real", ".gitignore"), filepath.Join(dir, "in", ".gitignore"))
	symlink(t, outside, filepath.Join(dir, "outdir"))
	symlink(t, filepath.Join(dir, "real"), filepath.Join(dir, "indir"))
	fifo := mkfifo(t, dir, "fifo")
	root := openRoot(t, dir)

	tests := []struct{ name, want string }{
		{filepath.Join("out", ".gitignore"), "symbolic link"},
		{filepath.Join("in", ".gitignore"), "symbolic link"},
		{filepath.Join("outdir", ".gitignore"), "symbolic link"},
		{filepath.Join("outdir", "victim"), "symbolic link"},
		{filepath.Join("indir", ".gitignore"), "symbolic link"},
		{filepath.Join("file", ".gitignore"), "not a directory"},
		{filepath.Join("..", filepath.Base(outside), "victim"), "not a path inside"},
		{victim, "not a path inside"},
		{"real", "not a regular file"},
	}
	if fifo != "" {
		tests = append(tests, struct{ name, want string }{"fifo", "not a regular file"})
	}
	for _, tt := range tests {
		for _, create := range []bool{false, true} {
			f, _, err := safefile.OpenAppend(root, tt.name, create, 0o644)
			if err == nil {
				closeFile(t, f)
				t.Errorf("OpenAppend(%s, create %v) succeeded", tt.name, create)
				continue
			}
			if !strings.Contains(err.Error(), tt.name) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("OpenAppend(%s, create %v): %v, want it named and %q", tt.name, create, err, tt.want)
			}
		}
	}
	wantFile(t, victim, "# mine\n")
	wantOnly(t, outside, "victim")
	wantFile(t, filepath.Join(dir, "real", ".gitignore"), "dist/\n")
}

func wantFile(t *testing.T, path, want string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != want {
		t.Errorf("%s holds %q, want %q", path, data, want)
	}
}

// wantOnly fails unless dir holds exactly the named entries: no temporary
// file left behind, nothing created beside them.
func wantOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	var want []string
	for _, n := range names {
		want = append(want, filepath.Base(n))
	}
	slices.Sort(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s holds %v, want %v", dir, got, want)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// symlink makes link point at target, creating link's directory; it skips
// the test where the system does not allow links.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// mkfifo makes a FIFO dir/name and returns its path, or "" where mkfifo(1)
// is missing.
func mkfifo(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if _, err := exec.LookPath("mkfifo"); err != nil {
		t.Logf("no FIFO case: %v", err)
		return ""
	}
	if out, err := exec.Command("mkfifo", path).CombinedOutput(); err != nil {
		t.Fatalf("mkfifo: %v\n%s", err, out)
	}
	return path
}

func openRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = root.Close() })
	return root
}

func closeFile(t *testing.T, f *os.File) {
	t.Helper()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestRewriteIn(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "svc", "main.go")
	writeFile(t, path, "url := \"http://x\"\n")
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	root := openRoot(t, dir)
	name := filepath.Join("svc", "main.go")
	err := safefile.RewriteIn(root, name, 1<<20, func(old []byte) ([]byte, error) {
		return []byte(strings.Replace(string(old), "http://", "https://", 1)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantFile(t, path, "url := \"https://x\"\n")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after rewrite: %v, %v; want 0600 kept", fi.Mode(), err)
	}
	wantOnly(t, filepath.Join(dir, "svc"), "main.go")

	// An edit that refuses writes nothing and leaves no temporary file.
	refused := errors.New("the file changed since the scan")
	if err := safefile.RewriteIn(root, name, 1<<20, func([]byte) ([]byte, error) { return nil, refused }); !errors.Is(err, refused) {
		t.Errorf("edit error: %v, want it returned", err)
	}
	wantFile(t, path, "url := \"https://x\"\n")
	wantOnly(t, filepath.Join(dir, "svc"), "main.go")

	// A file over the limit is not read, let alone rewritten.
	if err := safefile.RewriteIn(root, name, 4, func(old []byte) ([]byte, error) { return old, nil }); err == nil {
		t.Error("a file over the limit was rewritten")
	}
}

// RewriteIn writes nothing outside the root and through no link, even one
// that stays inside the root, and only regular files.
func TestRewriteInRefuses(t *testing.T) {
	outside := t.TempDir()
	victim := filepath.Join(outside, "victim.go")
	writeFile(t, victim, "http://\n")

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "real", "a.go"), "http://\n")
	writeFile(t, filepath.Join(dir, "file"), "")
	symlink(t, victim, filepath.Join(dir, "out", "a.go"))
	symlink(t, filepath.Join(dir, "real", "a.go"), filepath.Join(dir, "in", "a.go"))
	symlink(t, outside, filepath.Join(dir, "outdir"))
	symlink(t, filepath.Join(dir, "real"), filepath.Join(dir, "indir"))
	fifo := mkfifo(t, dir, "fifo")
	root := openRoot(t, dir)

	tests := []struct{ name, want string }{
		{filepath.Join("out", "a.go"), "symbolic link"},
		{filepath.Join("in", "a.go"), "symbolic link"},
		{filepath.Join("outdir", "victim.go"), "symbolic link"},
		{filepath.Join("indir", "a.go"), "symbolic link"},
		{filepath.Join("file", "a.go"), "not a directory"},
		{filepath.Join("..", filepath.Base(outside), "victim.go"), "not a path inside"},
		{victim, "not a path inside"},
		{"real", "is a directory"},
	}
	if fifo != "" {
		tests = append(tests, struct{ name, want string }{"fifo", "is a FIFO"})
	}
	for _, tt := range tests {
		err := safefile.RewriteIn(root, tt.name, 1<<20, func([]byte) ([]byte, error) { return []byte("https://\n"), nil })
		if err == nil {
			t.Errorf("RewriteIn(%s) succeeded", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.name) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("RewriteIn(%s): %v, want it named and %q", tt.name, err, tt.want)
		}
	}
	wantFile(t, victim, "http://\n")
	wantOnly(t, outside, "victim.go")
	wantFile(t, filepath.Join(dir, "real", "a.go"), "http://\n")
}
