package main

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// The Go analyzers run through go vet with the running binary as the vet
// tool: these tests run tightlip as a process (tightlipProcess), whose
// environment makes the test binary serve go vet as tightlip would.
// Most hand go vet the shared cmd/tightlip-vet instead (see runProcess),
// whose analysis of the standard library go vet keeps from run to run;
// TestGoVetRunsTightlipItself has it run the process's own binary.

// goLeakyMain logs a key read from the environment (secret-in-log, found
// by the analyzers only). The constant is a fake key (TLFAKE marks it).
const goLeakyMain = `package main

import (
	"log"
	"os"
)

const everflowAPIKey = "Zq8vT2LmX9wK4rB7TLFAKE01"

func main() {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("using key %s", key)
	_ = everflowAPIKey
}
`

// goTree returns a project holding files, with a .gitignore that leaves
// the gitignore rules nothing to report.
func goTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeGitignore(t, dir)
	for name, body := range files {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), body)
	}
	return dir
}

// missingDepTree requires a module that exists nowhere; package bad
// imports it, package svc builds and leaks a key into a log.
func missingDepTree(t *testing.T) string {
	return goTree(t, map[string]string{
		"go.mod":      "module example.com/m\n\ngo 1.26\n\nrequire example.invalid/nothing v1.0.0\n",
		"bad/bad.go":  "package bad\n\nimport _ \"example.invalid/nothing\"\n",
		"svc/main.go": goLeakyMain,
	})
}

func TestScanGoMissingDependency(t *testing.T) {
	t.Parallel()
	dir := missingDepTree(t)
	r := tightlipProcess(t, dir, "scan", "--format", "json", ".")
	r.wantCode(t, exitError)
	if !strings.Contains(r.stderr, "incomplete") {
		t.Errorf("stderr does not say the scan is incomplete:\n%s", r.stderr)
	}
	rep := decodeReport(t, r.stdout)
	if !rep.Summary.Incomplete || !slices.ContainsFunc(rep.Summary.Problems, func(p string) bool {
		return strings.Contains(p, "example.com/m/bad not analysed")
	}) {
		t.Errorf("summary: incomplete %v, problems %q: want example.com/m/bad named", rep.Summary.Incomplete, rep.Summary.Problems)
	}
	if !slices.Contains(ruleIDs(rep.Findings), "secret-in-log") {
		t.Errorf("findings %v: want svc's secret-in-log, the package that builds is analysed", ruleIDs(rep.Findings))
	}
	// The text report names the package too.
	r = tightlipProcess(t, dir, "scan", ".")
	r.wantCode(t, exitError)
	if !strings.Contains(r.stdout, "example.com/m/bad not analysed") {
		t.Errorf("text report does not name the package not analysed:\n%s", r.stdout)
	}
	// Accepted knowingly, the exit status follows the findings.
	tightlipProcess(t, dir, "scan", "--allow-incomplete", ".").wantCode(t, exitFindings)
}

// goPlainHTTP is a package with no imports, so that go vet analyses it
// alone, and a plain-HTTP base URL only the analyzers report.
const goPlainHTTP = `package client

// BaseURL is plain HTTP.
const BaseURL = "http://api.eflow.team/v1"
`

// go vet runs the tightlip binary itself as its vet tool: a user installs
// one binary. (The other tests hand it the shared cmd/tightlip-vet.)
func TestGoVetRunsTightlipItself(t *testing.T) {
	t.Parallel()
	dir := goTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "client.go": goPlainHTTP})
	self := func(args ...string) result {
		return runProcess(t, context.Background(), dir, []string{selfVet}, args...)
	}
	r := self("scan", "--format", "json", ".")
	r.wantCode(t, exitFindings)
	rep := decodeReport(t, r.stdout)
	if got := ruleIDs(rep.Findings); !slices.Equal(got, []string{"go-plain-http-url"}) || rep.Summary.Incomplete {
		t.Errorf("findings %v, problems %q: want the analyzers' go-plain-http-url", got, rep.Summary.Problems)
	}
	// The content rules alone do not report it.
	self("scan", "--go=false", ".").wantCode(t, exitClean)
}

func TestScanGoNoGoCommand(t *testing.T) {
	dir := goTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "main.go": "package main\n\nfunc main() {}\n"})
	t.Setenv("PATH", t.TempDir())
	// With no go command, no vet tool to build either: the process's own.
	process := func(args ...string) result {
		return runProcess(t, context.Background(), dir, []string{selfVet}, args...)
	}
	r := process("scan", ".")
	r.wantCode(t, exitError)
	if !strings.Contains(r.stdout, "no go command on PATH") {
		t.Errorf("report does not say go is missing:\n%s", r.stdout)
	}
	// Without the analyzers, nothing is missing.
	process("scan", "--go=false", ".").wantCode(t, exitClean)
}

func TestScanGoFile(t *testing.T) {
	t.Parallel()
	dir := goTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "svc/main.go": goLeakyMain})
	r := tightlipProcess(t, dir, "scan", "--format", "json", filepath.Join("svc", "main.go"))
	r.wantCode(t, exitFindings)
	rep := decodeReport(t, r.stdout)
	if !slices.Contains(ruleIDs(rep.Findings), "secret-in-log") || rep.Summary.Incomplete {
		t.Errorf("findings %v, problems %q: want the analyzers' secret-in-log in main.go", ruleIDs(rep.Findings), rep.Summary.Problems)
	}
}

func TestScanGoTimeoutFlag(t *testing.T) {
	clean := cleanTree(t)
	for _, bad := range []string{"0", "-1m", "soon"} {
		r := tightlip(t, "", "scan", "--go-timeout", bad, clean)
		r.wantCode(t, exitError)
		if !strings.Contains(r.stderr, "go-timeout") {
			t.Errorf("--go-timeout %s: stderr does not name the flag:\n%s", bad, r.stderr)
		}
	}
}

// --range runs the Go analyzers on the work tree at the range's head and
// reports what they find on the lines the range added; a work tree at
// another commit makes the scan incomplete; --go=false turns them off.
func TestScanRangeGoAnalyzers(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	r.Commit("base", map[string]string{
		".gitignore": ".env\n*.pem\n*.key\n",
		"go.mod":     "module example.com/m\n\ngo 1.26\n",
		"doc.go":     "// Package main is a test.\npackage main\n",
	})
	r.Git("checkout", "-q", "-b", "feature")
	head := r.Commit("add main.go", map[string]string{"main.go": goLeakyMain})

	res := tightlipProcess(t, r.Dir, "scan", "--range", "main..feature", "--format", "json", ".")
	res.wantCode(t, exitFindings)
	rep := decodeReport(t, res.stdout)
	if !slices.Contains(ruleIDs(rep.Findings), "secret-in-log") || rep.Summary.Incomplete {
		t.Errorf("findings %v, incomplete %v (%q): want the analyzers' secret-in-log", ruleIDs(rep.Findings), rep.Summary.Incomplete, rep.Summary.Problems)
	}

	off := tightlipProcess(t, r.Dir, "scan", "--range", "main..feature", "--go=false", "--format", "json", ".")
	rep = decodeReport(t, off.stdout)
	if slices.Contains(ruleIDs(rep.Findings), "secret-in-log") || rep.Summary.Incomplete {
		t.Errorf("--go=false: findings %v, incomplete %v (%q)", ruleIDs(rep.Findings), rep.Summary.Incomplete, rep.Summary.Problems)
	}

	r.Git("checkout", "-q", "main")
	res = tightlipProcess(t, r.Dir, "scan", "--range", "main..feature", "--format", "json", ".")
	res.wantCode(t, exitError)
	rep = decodeReport(t, res.stdout)
	if !rep.Summary.Incomplete || !slices.ContainsFunc(rep.Summary.Problems, func(p string) bool {
		return strings.Contains(p, "not at the range's head feature ("+head[:12]+")") && strings.Contains(p, "--go=false")
	}) {
		t.Errorf("work tree at main: incomplete %v, problems %q: want one saying it is not at the range's head", rep.Summary.Incomplete, rep.Summary.Problems)
	}
}
