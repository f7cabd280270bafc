package gitignore_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
)

// A .gitignore that is a link, to a file outside the tree or inside it, is
// never written through; the tree's other .gitignore files are still fixed.
func TestApplyRefusesLinkedGitignore(t *testing.T) {
	outside := t.TempDir()
	victim := filepath.Join(outside, ".bashrc")
	write(t, outside, ".bashrc", "# mine\n")
	for _, tt := range []struct{ name, target string }{
		{"outside the root", victim},
		{"inside the root", "notes.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, map[string]string{"notes.txt": "mine\n", "svc/go.mod": "module svc\n", "svc/.gitignore": "!*.key\n"})
			symlink(t, tt.target, filepath.Join(root, ".gitignore"))
			res := check(t, root, gitignore.Options{})
			applied, err := gitignore.Apply(root, res.Findings)
			if err == nil || !strings.Contains(err.Error(), "fix .gitignore") || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("Apply: %v, want an error naming the linked .gitignore", err)
			}
			if len(applied) != 1 || applied[0].File != "svc/.gitignore" {
				t.Errorf("applied %+v, want svc/.gitignore fixed all the same", applied)
			}
			if !strings.HasPrefix(read(t, root, "svc/.gitignore"), "!*.key\n*.key\n") {
				t.Errorf("svc/.gitignore not fixed: %q", read(t, root, "svc/.gitignore"))
			}
			if got := read(t, outside, ".bashrc"); got != "# mine\n" {
				t.Errorf("the file outside is now %q", got)
			}
			if got := read(t, root, "notes.txt"); got != "mine\n" {
				t.Errorf("notes.txt is now %q", got)
			}
			if fi, err := os.Lstat(filepath.Join(root, ".gitignore")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Errorf(".gitignore is no longer the link: %v", err)
			}
		})
	}
}

// Fixes name files the tree chose; Apply writes none that is outside the
// root, reached through a linked directory, not a .gitignore, or special.
func TestApplyRefusesHostilePaths(t *testing.T) {
	outside := t.TempDir()
	root := tree(t, map[string]string{"real/keep": ""})
	symlink(t, outside, filepath.Join(root, "linkdir"))
	symlink(t, filepath.Join(root, "real"), filepath.Join(root, "indir"))
	fifo := ""
	if _, err := exec.LookPath("mkfifo"); err == nil {
		if err := os.Mkdir(filepath.Join(root, "pipe"), 0o755); err != nil {
			t.Fatal(err)
		}
		fifo = "pipe/.gitignore"
		if out, err := exec.Command("mkfifo", filepath.Join(root, "pipe", ".gitignore")).CombinedOutput(); err != nil {
			t.Fatalf("mkfifo: %v\n%s", err, out)
		}
	}
	files := []string{"linkdir/.gitignore", "indir/.gitignore", "../" + filepath.Base(outside) + "/.gitignore",
		filepath.ToSlash(filepath.Join(outside, ".gitignore")), "run.sh", "real/.bashrc"}
	if fifo != "" {
		files = append(files, fifo)
	}
	var fs []finding.Finding
	for _, f := range files {
		fs = append(fs, missingFix(f, "*.key\n"))
	}
	applied, err := gitignore.Apply(root, fs)
	if len(applied) != 0 {
		t.Errorf("applied %+v", applied)
	}
	for _, f := range files {
		if err == nil || !strings.Contains(err.Error(), "fix "+f+":") {
			t.Errorf("no error names %s: %v", f, err)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("written outside the root: %v", entries)
	}
	for _, f := range []string{"real/.gitignore", "run.sh", "real/.bashrc"} {
		if _, err := os.Lstat(filepath.Join(root, f)); err == nil {
			t.Errorf("%s was created", f)
		}
	}
}

// A line with a control character is not written, whatever made the fix.
func TestApplyRefusesControlCharacters(t *testing.T) {
	root := t.TempDir()
	_, err := gitignore.Apply(root, []finding.Finding{missingFix(".gitignore", "*.key\x1b]0;x\x07\n")})
	if err == nil || !strings.Contains(err.Error(), "control") {
		t.Errorf("Apply: %v, want the line refused", err)
	}
	if _, err := os.Lstat(filepath.Join(root, ".gitignore")); err == nil {
		t.Error(".gitignore was created")
	}
}

// missingFix is a gitignore-missing finding whose fix appends text to an
// absent or empty file.
func missingFix(file, text string) finding.Finding {
	return finding.Finding{RuleID: gitignore.RuleMissing, File: file, Fingerprint: file,
		Fix: &finding.Fix{Inserts: []finding.Insert{{File: file, Line: 1, Column: 1, Text: text}}}}
}

// symlink makes link point at target; it skips the test where the system
// does not allow links.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}
