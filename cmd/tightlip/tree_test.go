package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// git runs git in dir, isolated from the user's and the system's settings.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	global := filepath.Join(t.TempDir(), "gitconfig")
	if err := os.WriteFile(global, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL="+global, "GIT_CONFIG_NOSYSTEM=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// In a git work tree .gitignore decides what is scanned, except that a
// tracked file is in every clone and is scanned even if ignored.
func TestScanGitWorkTree(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	writeGitignore(t, dir) // the credential files; the lines that matter here follow
	appendFile(t, filepath.Join(dir, ".gitignore"), "*.local\nout/\n")
	copyFixture(t, "secrets.txt", dir, "dev.local")        // ignored, untracked
	copyFixture(t, "secrets.txt", dir, "out/secrets.txt")  // ignored directory
	copyFixture(t, "new-secret.txt", dir, "prod.local")    // ignored but tracked
	copyFixture(t, "secrets.txt", dir, ".git/secrets.txt") // git's own directory
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n")
	git(t, dir, "add", "-f", "prod.local")

	rep := scanJSON(t, 1, dir)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.File+" "+f.RuleID)
	}
	if !slices.Equal(got, []string{"prod.local github-pat"}) {
		t.Errorf("findings %q, want only the tracked prod.local", got)
	}
	if n := rep.Summary.Skipped["ignored by .gitignore"]; n != 2 {
		t.Errorf("skipped %v, want dev.local and out/ counted as ignored", rep.Summary.Skipped)
	}

	// The same files outside git: .gitignore means nothing there.
	plain := t.TempDir()
	writeGitignore(t, plain)
	appendFile(t, filepath.Join(plain, ".gitignore"), "*.local\nout/\n")
	copyFixture(t, "secrets.txt", plain, "dev.local")
	copyFixture(t, "secrets.txt", plain, "out/secrets.txt")
	rep = scanJSON(t, 1, plain)
	n, reused := 0, 0
	for _, f := range rep.Findings {
		if f.RuleID == "secret-reused" {
			reused++
		} else {
			n++
		}
	}
	if n != 8 {
		t.Errorf("plain directory: %d findings, want 8 (.gitignore not applied)", n)
	}
	// The two copies are in different directories: each key is reused.
	if reused != 8 {
		t.Errorf("plain directory: %d secret-reused, want 8 (4 keys in 2 directories)", reused)
	}
}

// A symbolic link named as PATH is followed: the user asked for it.
// Links inside the tree are not, and are counted.
func TestScanSymlinks(t *testing.T) {
	dir := t.TempDir()
	copyFixture(t, "secrets.txt", dir, "real/secrets.txt")
	writeGitignore(t, filepath.Join(dir, "real"))
	if err := os.Symlink("secrets.txt", filepath.Join(dir, "real", "alias.txt")); err != nil {
		t.Skipf("cannot create symlinks: %v", err)
	}
	rep := scanJSON(t, 1, filepath.Join(dir, "real"))
	if len(rep.Findings) != 4 || rep.Summary.Skipped["symbolic link (not followed)"] != 1 {
		t.Errorf("%d findings, skipped %v; want 4 findings and the link counted", len(rep.Findings), rep.Summary.Skipped)
	}

	link := filepath.Join(dir, "link")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	r := tightlip(t, "", "scan", link, "--format", "json")
	if r.code != 1 {
		t.Errorf("scan of a symlink to a directory: exit %d, want 1 (the secrets behind it)\n%s", r.code, r.stdout)
	}
	// A symlink to a file, named as PATH, is scanned too.
	rep = scanJSON(t, 1, filepath.Join(dir, "real", "alias.txt"))
	if len(rep.Findings) != 4 {
		t.Errorf("symlink to a file as PATH: %d findings, want 4", len(rep.Findings))
	}
}

// Everything not scanned is counted in the summary, in JSON and text, and
// an unreadable file is a problem naming it while the scan goes on.
func TestScanSummary(t *testing.T) {
	dir := t.TempDir()
	secrets := copyFixture(t, "secrets.txt", dir, "a/secrets.txt")
	data, err := os.ReadFile(secrets)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "blob.dat"), "\x7fELF\x02\x01\x01\x00binary"+string(data))
	writeFile(t, filepath.Join(dir, "large.txt"), strings.Repeat("x", 2000)+string(data))
	if err := os.Symlink("a", filepath.Join(dir, "link")); err != nil {
		t.Skipf("cannot create symlinks: %v", err)
	}
	unreadable := unreadableFile(t, dir)

	// A file that could not be read makes the scan incomplete: exit 2,
	// findings or not, unless the user accepts it.
	wantCode := exitFindings
	if unreadable != "" {
		wantCode = exitError
		scanJSON(t, exitFindings, dir, "--max-file-size", "1KB", "--gitignore=false", "--allow-incomplete")
	}
	// Without the gitignore rules: the counts are the content scan's.
	rep := scanJSON(t, wantCode, dir, "--max-file-size", "1KB", "--gitignore=false")
	s := rep.Summary
	if s.FilesScanned != 1 || s.BytesScanned != int64(len(data)) {
		t.Errorf("scanned %d files, %d bytes; want 1 file of %d", s.FilesScanned, s.BytesScanned, len(data))
	}
	want := map[string]int{"binary": 1, "too large": 1, "symbolic link (not followed)": 1}
	if unreadable != "" {
		want["unreadable"] = 1
	}
	for reason, n := range want {
		if s.Skipped[reason] != n {
			t.Errorf("skipped %v, want %s %d", s.Skipped, reason, n)
		}
	}
	if unreadable != "" {
		if len(s.Problems) != 1 || !strings.HasPrefix(s.Problems[0], unreadable+": ") {
			t.Errorf("problems %.200q, want one naming the unreadable file", s.Problems)
		}
	}
	if len(rep.Findings) != 4 {
		t.Errorf("the scan did not go on: %d findings, want 4", len(rep.Findings))
	}

	r := tightlip(t, "", "scan", dir, "--max-file-size", "1KB", "--gitignore=false")
	r.wantCode(t, wantCode)
	for _, s := range []string{"binary 1", "too large 1", "symbolic link (not followed) 1", "1 file,"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("text summary lacks %q:\n%.2000s", s, r.stdout)
		}
	}
	if unreadable != "" && (!strings.Contains(r.stdout, "problems:   1") || !strings.Contains(r.stderr, "incomplete")) {
		t.Errorf("text summary does not count the problem, or stderr does not say the scan is incomplete:\n%.2000s\n%s", r.stdout, r.stderr)
	}
	if !s.Incomplete && unreadable != "" {
		t.Error("JSON summary: incomplete is false after an unreadable file")
	}
}

// unreadableFile creates, under dir, a file its owner cannot read and
// returns its slash path relative to dir; "" when running as root, whom
// permissions do not stop (a path past PATH_MAX no longer does either:
// the walk opens each directory from its parent's handle).
func unreadableFile(t *testing.T, dir string) string {
	t.Helper()
	if os.Geteuid() == 0 {
		return ""
	}
	p := filepath.Join(dir, "locked.txt")
	writeFile(t, p, "x")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	return "locked.txt"
}

// A tree 3,000 directories deep, past the system's path length limit, is
// scanned completely: the key at its bottom is reported by its full path
// and the exit status is 1, not 2. A Go module down there, which go vet
// cannot be given a path to, is named as not analysed: exit 2.
func TestDeepTreeScannedCompletely(t *testing.T) {
	dir := t.TempDir()
	// A fake AWS key ID (TLFAKE), by construction.
	bottom := gittest.DeepChain(t, dir, 3000, map[string]string{"bottom.txt": "aws_access_key_id = AKIATLFAKE234567ABCD\n"})
	rep := scanJSON(t, exitFindings, dir)
	if rep.Summary.Incomplete || !slices.ContainsFunc(rep.Findings, func(f jsonFinding) bool { return f.File == bottom+"bottom.txt" }) {
		t.Errorf("incomplete %v, %d findings: want the key at the bottom found by its full path, complete", rep.Summary.Incomplete, len(rep.Findings))
	}

	mod := t.TempDir()
	gittest.DeepChain(t, mod, 3000, map[string]string{"go.mod": "module example.com/deep\n\ngo 1.22\n", "main.go": "package main\n\nfunc main() {}\n"})
	rep = scanJSON(t, exitError, mod)
	if !slices.ContainsFunc(rep.Summary.Problems, func(p string) bool {
		return strings.HasPrefix(p, "go analyzers: module d/d/") && strings.HasSuffix(p, "file name too long")
	}) {
		t.Errorf("problems %.300q: want the deep module named as not analysed", rep.Summary.Problems)
	}
}
