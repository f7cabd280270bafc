package scan_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/rules"
	"github.com/tightlip/tightlip/internal/scan"
	"github.com/tightlip/tightlip/internal/source"
)

// secretsFixture holds fake secrets (each contains TLFAKE) that four
// gitleaks rules report.
const secretsFixture = "../../testdata/cli/secrets.txt"

var defaultEngine = sync.OnceValues(builtinEngine)

// builtinEngine is the engine the CLI scans with when there is no
// configuration: the built-in content rules, reporting through the whole
// catalogue (detect.NewDefault's knows only the content rules, not those
// of the Go analyzers and the gitignore family).
func builtinEngine() (*detect.Engine, error) {
	set, err := rules.Build(nil)
	if err != nil {
		return nil, err
	}
	return detect.New(set), nil
}

func engine(t *testing.T) *detect.Engine {
	t.Helper()
	e, err := defaultEngine()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func fixture(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(secretsFixture)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func write(t *testing.T, root, rel string, content []byte) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

// scanDir runs the content scan alone: the tests here are about reading
// files, and the gitignore checks would add findings about the tree to each
// of them. gitignore_test.go tests the two together.
func scanDir(t *testing.T, root string, opts scan.Options) *scan.Result {
	t.Helper()
	opts.NoGitignore = true
	if opts.Engine == nil {
		opts.Engine = engine(t)
	}
	res, err := scan.Run(context.Background(), scan.Source{Path: root}, opts)
	if err != nil {
		t.Fatalf("scan.Run(%s): %v", root, err)
	}
	return res
}

func files(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		if !slices.Contains(out, f.File) {
			out = append(out, f.File)
		}
	}
	return out
}

func TestSummaryCounts(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	secrets := fixture(t)
	text := []byte("plain text, nothing secret\n")
	write(t, root, "a/secrets.txt", secrets)
	write(t, root, "b/readme.txt", text)
	// A binary format's magic number makes a file binary, even with a
	// secret after it (see TestDecodeText for the rest).
	write(t, root, "image.dat", append([]byte{0x89, 'P', 'N', 'G', 0, 0}, secrets...))
	// A NUL further in does not.
	late := append(bytes.Repeat([]byte("x"), 8000), 0)
	write(t, root, "late-nul.txt", late)
	big := append(bytes.Repeat([]byte("# padding\n"), 1000), secrets...)
	write(t, root, "big/secrets.txt", big)
	if err := os.Symlink("a/secrets.txt", filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}

	res := scanDir(t, root, scan.Options{MaxFileSize: 9000})
	s := res.Summary
	if s.Root != root {
		t.Errorf("Root = %q, want %q", s.Root, root)
	}
	if s.FilesScanned != 3 {
		t.Errorf("FilesScanned = %d, want 3 (a/secrets.txt, b/readme.txt, late-nul.txt)", s.FilesScanned)
	}
	if want := int64(len(secrets) + len(text) + len(late)); s.BytesScanned != want {
		t.Errorf("BytesScanned = %d, want %d", s.BytesScanned, want)
	}
	wantSkipped := map[string]int{scan.SkipBinary: 1, scan.SkipTooLarge: 1, source.SkipSymlink: 1}
	if !maps.Equal(s.Skipped, wantSkipped) {
		t.Errorf("Skipped = %v, want %v", s.Skipped, wantSkipped)
	}
	if len(s.Problems) != 0 {
		t.Errorf("Problems = %q, want none", s.Problems)
	}
	if got := files(res.Findings); !slices.Equal(got, []string{"a/secrets.txt"}) {
		t.Errorf("findings in %q, want only a/secrets.txt", got)
	}
	if len(res.Findings) != 4 {
		t.Errorf("%d findings, want 4", len(res.Findings))
	}
}

func TestSizeLimitBoundary(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, "exact.txt", bytes.Repeat([]byte("a"), 100))
	write(t, root, "over.txt", bytes.Repeat([]byte("a"), 101))
	res := scanDir(t, root, scan.Options{MaxFileSize: 100})
	if res.Summary.FilesScanned != 1 || res.Summary.BytesScanned != 100 || res.Summary.Skipped[scan.SkipTooLarge] != 1 {
		t.Errorf("limit 100: %d files, %d bytes, skipped %v; want exact.txt scanned, over.txt skipped",
			res.Summary.FilesScanned, res.Summary.BytesScanned, res.Summary.Skipped)
	}

	// Without a limit the default applies: 10 MiB.
	write(t, root, "huge.txt", bytes.Repeat([]byte("a"), config.DefaultMaxFileSize+1))
	res = scanDir(t, root, scan.Options{})
	if res.Summary.FilesScanned != 2 || res.Summary.Skipped[scan.SkipTooLarge] != 1 {
		t.Errorf("default limit: %d files, skipped %v; want huge.txt skipped", res.Summary.FilesScanned, res.Summary.Skipped)
	}
}

// A file whose absolute path is longer than PATH_MAX is scanned like any
// other, its findings named by their full path from the root: the walk
// opens each directory from its parent's handle.
func TestFilePastPathMaxScanned(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	secrets := fixture(t)
	write(t, root, "a.txt", secrets)
	write(t, root, "z.txt", secrets)
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var deep string
	for n := len(root); n < 3900; n += 201 {
		deep = filepath.Join(deep, strings.Repeat("d", 200))
		if err := r.Mkdir(deep, 0o755); err != nil {
			t.Skipf("cannot build a deep directory: %v", err)
		}
	}
	long := filepath.Join(deep, strings.Repeat("f", 250))
	if err := r.WriteFile(long, secrets, 0o644); err != nil {
		t.Skipf("cannot create the long-named file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, long)); err == nil {
		t.Skip("this system accepts paths longer than 4096 bytes")
	}

	res := scanDir(t, root, scan.Options{})
	if res.Summary.Incomplete || len(res.Summary.Problems) != 0 {
		t.Errorf("incomplete %v, problems %q; want a complete scan", res.Summary.Incomplete, res.Summary.Problems)
	}
	if got := files(res.Findings); !slices.Equal(got, []string{"a.txt", filepath.ToSlash(long), "z.txt"}) || res.Summary.FilesScanned != 3 {
		t.Errorf("findings in %d files, %d files scanned; want a.txt, %s…/%s and z.txt", len(got), res.Summary.FilesScanned, deep[:10], long[len(long)-10:])
	}
}

// Read errors after the walk listed a file are problems too. Root reads
// anything, so this needs an ordinary user.
func TestPermissionDeniedIsAProblem(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("running as root, which may read a mode-000 file (TestUnreadableFileIsAProblem covers root)")
	}
	root := t.TempDir()
	write(t, root, "a.txt", fixture(t))
	write(t, root, "locked.txt", fixture(t))
	locked := filepath.Join(root, "locked.txt")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	res := scanDir(t, root, scan.Options{})
	if !slices.Equal(res.Summary.Problems, []string{"locked.txt: permission denied"}) {
		t.Errorf("Problems = %q, want [locked.txt: permission denied]", res.Summary.Problems)
	}
	if res.Summary.Skipped[source.SkipUnreadable] != 1 || res.Summary.FilesScanned != 1 {
		t.Errorf("Skipped %v, %d scanned", res.Summary.Skipped, res.Summary.FilesScanned)
	}
}

func TestSingleFile(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	secrets := fixture(t)
	write(t, root, "deep/dir/secrets.txt", secrets)
	path := filepath.Join(root, "deep", "dir", "secrets.txt")
	res := scanDir(t, path, scan.Options{})
	if res.Summary.FilesScanned != 1 || res.Summary.BytesScanned != int64(len(secrets)) {
		t.Errorf("%d files, %d bytes; want 1 file of %d", res.Summary.FilesScanned, res.Summary.BytesScanned, len(secrets))
	}
	if got := files(res.Findings); !slices.Equal(got, []string{"secrets.txt"}) {
		t.Errorf("findings in %q, want secrets.txt", got)
	}

	// A single file over the limit, or binary, is skipped and counted.
	res = scanDir(t, path, scan.Options{MaxFileSize: 10})
	if res.Summary.FilesScanned != 0 || res.Summary.Skipped[scan.SkipTooLarge] != 1 || len(res.Findings) != 0 {
		t.Errorf("too large: %d files, skipped %v, %d findings", res.Summary.FilesScanned, res.Summary.Skipped, len(res.Findings))
	}
}

// Findings come out in a stable order whatever the number of workers.
func TestDeterministicOrder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	secrets := fixture(t)
	for _, name := range []string{"m.txt", "a/z.txt", "a/b.txt", "z/a.txt", "b.txt", "a.txt"} {
		write(t, root, name, secrets)
	}
	one := scanDir(t, root, scan.Options{Workers: 1})
	many := scanDir(t, root, scan.Options{Workers: 8})
	key := func(f finding.Finding) string { return f.File + ":" + f.RuleID + ":" + f.Identity }
	var a, b []string
	for i := range one.Findings {
		a = append(a, key(one.Findings[i]))
	}
	for i := range many.Findings {
		b = append(b, key(many.Findings[i]))
	}
	if !slices.Equal(a, b) {
		t.Errorf("1 worker and 8 workers disagree:\n%q\n%q", a, b)
	}
	if got := files(one.Findings); !slices.Equal(got, []string{"a.txt", "a/b.txt", "a/z.txt", "b.txt", "m.txt", "z/a.txt"}) {
		t.Errorf("findings ordered by file: %q", got)
	}
	for i := 1; i < len(one.Findings); i++ {
		p, f := one.Findings[i-1], one.Findings[i]
		if p.File == f.File && p.Line > f.Line {
			t.Errorf("%s: line %d before line %d", f.File, p.Line, f.Line)
		}
	}
}

func TestInlineAllowCounted(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	data, err := os.ReadFile("../../testdata/cli/allow.txt")
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "allow.txt", data)
	res := scanDir(t, root, scan.Options{})
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, f.RuleID)
	}
	if !slices.Equal(ids, []string{"stripe-access-token"}) {
		t.Errorf("findings %q, want only the unmarked stripe-access-token", ids)
	}
	// Two marked lines, each hiding one finding.
	if n := res.Summary.Suppressed[scan.SuppressedInline]; n != 2 {
		t.Errorf("Suppressed = %v, want 2 under %q", res.Summary.Suppressed, scan.SuppressedInline)
	}
}

func TestGlobalAllowlistedPathCounted(t *testing.T) {
	t.Parallel()
	cfg, err := config.Parse("test.toml", []byte("[allowlist]\npaths = ['''^fixtures/''']\n"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	write(t, root, "fixtures/secrets.txt", fixture(t))
	write(t, root, "app/secrets.txt", fixture(t))
	write(t, root, "node_modules/x/secrets.txt", fixture(t))
	res := scanDir(t, root, scan.Options{Engine: detect.New(set)})
	if got := files(res.Findings); !slices.Equal(got, []string{"app/secrets.txt"}) {
		t.Errorf("findings in %q, want app/secrets.txt only", got)
	}
	// The built-in allowlist's skip is plain; the configuration's names it.
	want := map[string]int{scan.SkipAllowlisted: 1, scan.SkipAllowlisted + " by test.toml: [allowlist]": 1}
	if !maps.Equal(res.Summary.Skipped, want) || res.Summary.FilesScanned != 1 {
		t.Errorf("Skipped = %v, %d scanned; want %v, 1", res.Summary.Skipped, res.Summary.FilesScanned, want)
	}
}

// What a configuration's allowlist drops is counted under its name, the
// built-in allowlists' drops under theirs.
func TestAllowlistedFindingsCounted(t *testing.T) {
	t.Parallel()
	cfg, err := config.Parse("test.toml", []byte("[[allowlists]]\ntargetRules = [\"github-pat\", \"aws-access-token\"]\nregexes = ['''.''']\n"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	write(t, root, "app/secrets.txt", fixture(t))
	res := scanDir(t, root, scan.Options{Engine: detect.New(set)})
	if got := ruleIDs(res.Findings); slices.Contains(got, "github-pat") || slices.Contains(got, "aws-access-token") || len(got) == 0 {
		t.Errorf("findings %q, want the others but github-pat and aws-access-token", got)
	}
	if n := res.Summary.Suppressed["test.toml: [[allowlists]] #1 (regexes)"]; n != 2 {
		t.Errorf("Suppressed = %v, want the 2 allowlisted findings counted", res.Summary.Suppressed)
	}
}

func TestGitignoredCounted(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A minimal repository go-git can open: HEAD, objects, refs.
	write(t, root, ".git/HEAD", []byte("ref: refs/heads/main\n"))
	for _, d := range []string{".git/objects", ".git/refs/heads"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, root, ".git/config", []byte("[core]\n\trepositoryformatversion = 0\n\tbare = false\n"))
	write(t, root, ".git/leaked.txt", fixture(t))
	write(t, root, ".gitignore", []byte("*.env\n"))
	write(t, root, "prod.env", fixture(t))
	write(t, root, "app.txt", []byte("hello\n"))
	res := scanDir(t, root, scan.Options{})
	if len(res.Findings) != 0 {
		t.Errorf("findings in %q, want none (.git and ignored files are not scanned)", files(res.Findings))
	}
	if res.Summary.Skipped[source.SkipIgnored] != 1 || res.Summary.FilesScanned != 2 {
		t.Errorf("Skipped %v, %d scanned; want prod.env counted as ignored, .gitignore and app.txt scanned",
			res.Summary.Skipped, res.Summary.FilesScanned)
	}
}

func TestReader(t *testing.T) {
	t.Parallel()
	secrets := fixture(t)
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Input, Input: bytes.NewReader(secrets), Path: "stdin"}, scan.Options{Engine: engine(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 4 || res.Summary.FilesScanned != 1 || res.Summary.BytesScanned != int64(len(secrets)) {
		t.Errorf("%d findings, %d files, %d bytes", len(res.Findings), res.Summary.FilesScanned, res.Summary.BytesScanned)
	}
	for _, f := range res.Findings {
		if f.File != "stdin" {
			t.Errorf("file %q, want the stream's name", f.File)
		}
	}

	res, err = scan.Run(context.Background(), scan.Source{Kind: scan.Input, Input: bytes.NewReader(secrets), Path: "stdin"}, scan.Options{Engine: engine(t), MaxFileSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || res.Summary.Skipped[scan.SkipTooLarge] != 1 {
		t.Errorf("too large: %d findings, skipped %v", len(res.Findings), res.Summary.Skipped)
	}

	res, err = scan.Run(context.Background(), scan.Source{Kind: scan.Input, Input: bytes.NewReader(append(make([]byte, 64), secrets...)), Path: "stdin"}, scan.Options{Engine: engine(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || res.Summary.Skipped[scan.SkipBinary] != 1 {
		t.Errorf("binary: %d findings, skipped %v", len(res.Findings), res.Summary.Skipped)
	}
	// One stray NUL does not make a stream binary.
	res, err = scan.Run(context.Background(), scan.Source{Kind: scan.Input, Input: bytes.NewReader(append([]byte{0}, secrets...)), Path: "stdin"}, scan.Options{Engine: engine(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 4 || len(res.Summary.Skipped) != 0 {
		t.Errorf("stray NUL: %d findings, skipped %v; want 4, none", len(res.Findings), res.Summary.Skipped)
	}

	boom := errors.New("boom")
	_, err = scan.Run(context.Background(), scan.Source{Kind: scan.Input, Input: failingReader{boom}, Path: "stdin"}, scan.Options{Engine: engine(t)})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "stdin") {
		t.Errorf("read error: %v, want it wrapped with the stream's name", err)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestMissingRoot(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := scan.Run(context.Background(), scan.Source{Path: missing}, scan.Options{Engine: engine(t)})
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("scan.Run(missing) = %v, want an error naming it", err)
	}
}

func TestCancelled(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write(t, root, "a.txt", fixture(t))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A stopped scan is not an error: it reports what it found, which is
	// nothing, incomplete.
	res, err := scan.Run(ctx, scan.Source{Path: root}, scan.Options{Engine: engine(t)})
	if err != nil {
		t.Fatalf("cancelled scan: %v, want a partial result", err)
	}
	if !res.Summary.Incomplete || res.Summary.FilesScanned != 0 {
		t.Errorf("cancelled scan: %+v, want incomplete, nothing scanned", res.Summary)
	}
}

// A sparse checkout (extensions.worktreeConfig) is scanned like any work
// tree: go-git alone would refuse to open it.
func TestDirSparseCheckout(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("sparse")
	r.Commit("add", map[string]string{"kept/app.env": "API_TOKEN=" + tok + "\n", "left/b.txt": "b\n"})
	r.Git("sparse-checkout", "set", "--cone", "kept")
	// With the gitignore family, which opens the repository too.
	res, err := scan.Run(context.Background(), scan.Source{Path: r.Dir}, scan.Options{Engine: engine(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.Secret == tok }) {
		t.Errorf("findings %v, want the token in kept/app.env", res.Findings)
	}
}

func ruleIDs(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.RuleID)
	}
	return out
}

// A stream that never ends does not hold a scan whose context ends.
func TestReaderStopsWithItsContext(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(scan.ErrInterrupted)
	res, err := scan.Run(ctx, scan.Source{Kind: scan.Input, Input: pr, Path: "stdin"}, scan.Options{Engine: engine(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Summary.Incomplete || len(res.Summary.Problems) != 1 || res.Summary.Problems[0] != "interrupted while stdin was still being read: nothing of it was scanned" {
		t.Errorf("summary %+v", res.Summary)
	}
}
