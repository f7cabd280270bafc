package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/gittest"
)

// A Go file with an unquoted token does not build, and go vet's error
// quotes the token. The allow marker keeps the content rules from
// reporting it, so no finding names the secret: only the scrubber that
// runs the rules over the problem text can redact it.
func TestGoVetProblemRedacted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	t.Parallel()
	tok := gittest.FakeToken("vet-problem")
	dir := t.TempDir()
	writeGitignore(t, dir)
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/leaky\n\ngo 1.21\n")
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nvar x = "+tok+" // tightlip:allow\n\nfunc main() { _ = x }\n")
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			r := tightlipProcess(t, dir, "scan", "--format", format, "--allow-incomplete")
			if r.code != exitClean {
				t.Fatalf("exit status %d, want 0 (no findings)\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			for name, s := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
				if l := leaks(s, []string{tok}); l != nil {
					t.Errorf("%s shows %q:\n%s", name, l, s)
				}
			}
			if format == "json" || format == "text" {
				// The problem is still there, the token shortened.
				if !strings.Contains(r.stdout, "undefined: ghp_") || !strings.Contains(r.stdout, "…") {
					t.Errorf("the go vet problem is missing or not redacted:\n%s", r.stdout)
				}
			}
		})
	}
	// A report written with -o goes through the same writer as stdout; one
	// run shows that neither the file nor what the process prints beside
	// it holds the token.
	t.Run("-o", func(t *testing.T) {
		t.Parallel()
		out := filepath.Join(t.TempDir(), "report.sarif")
		ro := tightlipProcess(t, dir, "scan", "--format", "sarif", "--allow-incomplete", "-o", out)
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		for name, s := range map[string]string{"-o file": string(data), "stdout": ro.stdout, "stderr": ro.stderr} {
			if l := leaks(s, []string{tok}); l != nil {
				t.Errorf("%s shows %q:\n%s", name, l, s)
			}
		}
	})
	r := tightlipProcess(t, dir, "scan", "--format", "json", "--allow-incomplete", "--no-redact")
	if !strings.Contains(r.stdout, "undefined: "+tok) {
		t.Errorf("--no-redact: the go vet problem does not show the token as it is:\n%s", r.stdout)
	}
}

// A commit subject and author name are the committer's words: a token in
// them is redacted in every format, although no finding names it.
func TestCommitSubjectAndAuthorRedacted(t *testing.T) {
	repo := gittest.New(t)
	found, inSubject, inAuthor := gittest.FakeToken("commit-found"), gittest.FakeToken("commit-subject"), gittest.FakeToken("commit-author")
	repo.Write("config.env", "TOKEN="+found+"\n")
	repo.Git("add", "-A")
	repo.Git("commit", "-q", "-m", "rotate "+inSubject+" and "+found, "--author=Mallory "+inAuthor+" <mallory@example.com>")
	secrets := []string{found, inSubject, inAuthor}
	outDir := t.TempDir()
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			r := tightlip(t, "", "scan", "--history", "--format", format, repo.Dir)
			r.wantCode(t, exitFindings)
			out := filepath.Join(outDir, "report."+format)
			ro := tightlip(t, "", "scan", "--history", "--format", format, "-o", out, repo.Dir)
			ro.wantCode(t, exitFindings)
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for name, s := range map[string]string{
				"stdout": r.stdout, "stderr": r.stderr, "-o file": string(data),
				"-o run's stdout": ro.stdout, "-o run's stderr": ro.stderr,
			} {
				if l := leaks(s, secrets); l != nil {
					t.Errorf("%s shows %q:\n%s", name, l, s)
				}
			}
			if !strings.Contains(r.stdout, "Mallory ghp_") {
				t.Errorf("the author is missing:\n%s", r.stdout)
			}
		})
	}
	var rep struct {
		Findings []struct{ Subject, Author string }
	}
	r := tightlip(t, "", "scan", "--history", "--format", "json", repo.Dir)
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Findings) != 1 {
		t.Fatalf("want one finding: %v\n%s", err, r.stdout)
	}
	if s := rep.Findings[0].Subject; !strings.HasPrefix(s, "rotate ghp_") || strings.Count(s, "…") != 2 {
		t.Errorf("subject %q: want both tokens shortened", s)
	}
	r = tightlip(t, "", "scan", "--history", "--format", "json", "--no-redact", repo.Dir)
	if !strings.Contains(r.stdout, inSubject) || !strings.Contains(r.stdout, inAuthor) {
		t.Errorf("--no-redact: subject and author not shown as they are:\n%s", r.stdout)
	}
}

// A panic is a bug: a short message that says so, with the panic value
// redacted (it may quote content) and no goroutine dump, and status 2.
func TestPanicIsARedactedBugReport(t *testing.T) {
	tok := gittest.FakeToken("panic")
	var errb bytes.Buffer
	w := newRedactingWriter(&errb)
	status := func() (status int) {
		defer recoverPanic(w, &status)
		panic("cannot parse " + tok)
	}()
	if status != exitError {
		t.Errorf("status %d, want %d", status, exitError)
	}
	got := errb.String()
	if l := leaks(got, []string{tok}); l != nil {
		t.Errorf("panic message shows %q:\n%s", l, got)
	}
	for _, want := range []string{"internal error: cannot parse ghp_", "bug in tightlip", issuesURL, "TestPanicIsARedactedBugReport"} {
		if !strings.Contains(got, want) {
			t.Errorf("panic message lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "goroutine ") {
		t.Errorf("panic message holds a goroutine dump:\n%s", got)
	}
}

// Errors quote the scanned tree: a hostile .tightlip.toml whose bad value
// is a token gets an error on stderr with the token redacted.
func TestErrorMessagesRedacted(t *testing.T) {
	tok := gittest.FakeToken("config-error")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".tightlip.toml"), "[scan]\nmaxFileSize = \""+tok+"\"\n")
	r := tightlip(t, "", "scan", dir)
	r.wantCode(t, exitError)
	if l := leaks(r.stdout+r.stderr, []string{tok}); l != nil {
		t.Errorf("output shows %q:\n%s%s", l, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "maxFileSize: size \"ghp_") {
		t.Errorf("the error does not name the bad value:\n%s", r.stderr)
	}
	r = tightlip(t, "", "scan", "--no-redact", dir)
	if !strings.Contains(r.stderr, tok) {
		t.Errorf("--no-redact: the error does not show the value as it is:\n%s", r.stderr)
	}
}

// A worker goroutine's panic comes back to the command (crash.Box) and is
// reported the same way, with the worker's stack.
func TestWorkerPanicIsARedactedBugReport(t *testing.T) {
	tok := gittest.FakeToken("worker-panic")
	var errb bytes.Buffer
	w := newRedactingWriter(&errb)
	status := func() (status int) {
		defer recoverPanic(w, &status)
		var box crash.Box
		var wg sync.WaitGroup
		wg.Go(func() {
			defer box.Catch()
			workerThatPanics(tok)
		})
		wg.Wait()
		box.Rethrow()
		return exitClean
	}()
	got := errb.String()
	if status != exitError {
		t.Errorf("status %d, want %d", status, exitError)
	}
	if l := leaks(got, []string{tok}); l != nil {
		t.Errorf("panic message shows %q:\n%s", l, got)
	}
	for _, want := range []string{"internal error: bad input ghp_", "workerThatPanics"} {
		if !strings.Contains(got, want) {
			t.Errorf("panic message lacks %q:\n%s", want, got)
		}
	}
}

func workerThatPanics(s string) { panic("bad input " + s) }

// --fix says on stderr what it appended; a hostile configuration's pattern
// that holds a token is redacted there (the .gitignore gets it as it is).
func TestFixLinesRedacted(t *testing.T) {
	tok := gittest.FakeToken("fix-line")
	dir := t.TempDir()
	writeGitignore(t, dir)
	writeFile(t, filepath.Join(dir, ".tightlip.toml"), "[gitignore]\nadd = [\""+tok+".json\"]\n")
	r := tightlip(t, "", "scan", "--fix", "--format", "json", dir)
	if !strings.Contains(r.stderr, "--fix appended to .gitignore:\n  ghp_") {
		t.Fatalf("--fix did not say what it appended:\n%s", r.stderr)
	}
	if l := leaks(r.stdout+r.stderr, []string{tok}); l != nil {
		t.Errorf("output shows %q:\nstdout:\n%s\nstderr:\n%s", l, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if err != nil || !strings.Contains(string(data), tok+".json\n") {
		t.Errorf(".gitignore lacks the pattern: %v\n%s", err, data)
	}
}
