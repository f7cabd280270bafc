package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/gittest"
)

// slowTree writes files that take the rules seconds each: one line of
// "key=" repeated, which every rule keyed on "key" looks at.
func slowTree(t *testing.T, files int) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a-secret.env"), "GITHUB_TOKEN=ghp_"+fakeMarker+"abcdefghijklmnopqrstuvwxyz0\n")
	line := strings.Repeat("key=", 256<<10) + "\n"
	for i := range files {
		writeFile(t, filepath.Join(dir, "slow", string(rune('a'+i))+".txt"), line)
	}
	return dir
}

// --timeout stops the scan and still writes the report, incomplete, with
// exit status 2; --allow-incomplete then exits by the findings alone.
func TestTimeoutPartialReport(t *testing.T) {
	dir := slowTree(t, 2)
	r := tightlip(t, "", "scan", "--format", "json", "--go=false", "--timeout", "1ns", dir)
	r.wantCode(t, exitError)
	rep := decodeReport(t, r.stdout)
	if !rep.Summary.Incomplete || !slices.ContainsFunc(rep.Summary.Problems, func(p string) bool {
		return strings.HasPrefix(p, "time limit reached after ")
	}) {
		t.Errorf("summary %+v: want incomplete, with the time limit named", rep.Summary)
	}
	if !strings.Contains(r.stderr, "incomplete") {
		t.Errorf("stderr does not say the scan is incomplete:\n%s", r.stderr)
	}
	r = tightlip(t, "", "scan", "--format", "json", "--go=false", "--timeout", "1ns", "--allow-incomplete", dir)
	if r.code == exitError {
		t.Errorf("--allow-incomplete: exit %d\n%s", r.code, r.stderr)
	}
}

func TestTimeoutFlagsChecked(t *testing.T) {
	for _, args := range [][]string{{"--timeout", "-1s"}, {"--file-timeout", "0"}, {"--file-timeout", "soon"}} {
		r := tightlip(t, "", append([]string{"scan"}, append(args, t.TempDir())...)...)
		r.wantCode(t, exitError)
	}
}

// An interrupt stops the scan: the report of what was found is written,
// incomplete, and the exit status is 2.
func TestInterruptWritesPartialReport(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send")
	}
	dir := slowTree(t, 16)
	ready := filepath.Join(t.TempDir(), "ready")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "scan", "--format", "json", "--go=false", dir)
	cmd.Env = append(os.Environ(), reexecEnv+"=1", readyEnv+"="+ready)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the process catches interrupts: before, one would kill it.
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("tightlip exited before the scan started: %v\n%s", err, errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitError {
		t.Fatalf("after an interrupt: %v, want exit status %d\nstderr:\n%s", err, exitError, errb.String())
	}
	rep := decodeReport(t, out.String())
	if !rep.Summary.Incomplete || !slices.ContainsFunc(rep.Summary.Problems, func(p string) bool {
		return strings.HasPrefix(p, "interrupted after ")
	}) {
		t.Errorf("summary %+v: want incomplete, interrupted", rep.Summary)
	}
}

// Standard input that never closes does not hold the scan past --timeout:
// the report says stdin was still being read, exit status 2.
func TestTimeoutWhileReadingStdin(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close() // open until the process is done: stdin never ends
	cmd := exec.Command(exe, "scan", "--format", "json", "--timeout", "200ms", "-")
	cmd.Env = append(os.Environ(), reexecEnv+"=1")
	cmd.Stdin = pr
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pr.Close()
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitError {
		t.Fatalf("exit: %v, want status %d\nstderr:\n%s", err, exitError, errb.String())
	}
	rep := decodeReport(t, out.String())
	if !rep.Summary.Incomplete || !slices.Contains(rep.Summary.Problems, "time limit reached while stdin was still being read: nothing of it was scanned") {
		t.Errorf("summary %+v: want incomplete, stdin named", rep.Summary)
	}
}

// A time limit that ends the scan before the repository's root commit is
// found leaves the fingerprint key unknown: the report still comes out,
// incomplete, saying the baseline was not applied, instead of an error
// refusing the baseline for another key. With the environment's key
// nothing needs finding, and the baseline is applied.
func TestTimeoutBeforeFingerprintKey(t *testing.T) {
	repo := gittest.New(t)
	repo.Commit("add config", map[string]string{"config.env": "TOKEN=" + gittest.FakeToken("cut-key") + "\n"})
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	tightlip(t, "", "scan", "--format", "json", "--go=false", "-o", baseline, repo.Dir).wantCode(t, exitFindings)

	r := tightlip(t, "", "scan", "--format", "json", "--go=false", "--timeout", "1ns", "--baseline", baseline, repo.Dir)
	r.wantCode(t, exitError)
	rep := decodeReport(t, r.stdout)
	notApplied := func(p string) bool {
		return strings.HasPrefix(p, "the repository's root commit, which keys fingerprints, was not found: time limit reached") &&
			strings.Contains(p, "the baseline "+baseline+" was not applied")
	}
	if !rep.Summary.Incomplete || !slices.ContainsFunc(rep.Summary.Problems, notApplied) {
		t.Errorf("summary %+v: want incomplete, the baseline named as not applied", rep.Summary)
	}
	if strings.Contains(r.stderr, "another fingerprint key") {
		t.Errorf("the baseline was refused for its key:\n%s", r.stderr)
	}

	// Without a time limit the same baseline applies: the key is found.
	scanJSON(t, exitClean, "--go=false", "--baseline", baseline, repo.Dir)

	t.Setenv(fingerprintKeyEnv, fakeMarker+"-cut-key")
	tightlip(t, "", "scan", "--format", "json", "--go=false", "-o", baseline, repo.Dir).wantCode(t, exitFindings)
	r = tightlip(t, "", "scan", "--format", "json", "--go=false", "--timeout", "1ns", "--baseline", baseline, repo.Dir)
	r.wantCode(t, exitError)
	rep = decodeReport(t, r.stdout)
	if slices.ContainsFunc(rep.Summary.Problems, notApplied) || !slices.ContainsFunc(rep.Summary.Notes, func(n string) bool {
		return strings.Contains(n, baseline)
	}) {
		t.Errorf("with the environment's key: summary %+v, want the baseline applied", rep.Summary)
	}
}
