// Package vettest gives tests that run go vet one vet tool to share:
// cmd/tightlip-vet, built once per test binary.
//
// go vet keys its cached analysis of every package, the standard library
// included, on the vet tool's name and a hash of its contents (the tool
// answers -V=full with it). A test binary used as its own vet tool changes
// with every edit to its package or its tests, and each change has go vet
// analyse every dependency of the fixtures again; cmd/tightlip-vet changes
// only with the analyzers and what they import, and the test binaries
// that build it (each to a directory of its own, the contents identical)
// share go vet's cache across packages and runs.
package vettest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// Name is the vet tool's file name. go vet's cache keys carry it, so
// every test binary names it the same.
const Name = "tightlip-vet"

var built struct {
	once     sync.Once
	dir, bin string
	out      []byte
	err      error
}

// Tool returns the path of cmd/tightlip-vet, building it on the first
// call of the test binary; the test is skipped where there is no go
// command and fails if the build does.
func Tool(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	b := &built
	b.once.Do(func() {
		if b.dir, b.err = os.MkdirTemp("", "tightlip-vettest-"); b.err != nil {
			return
		}
		b.bin = filepath.Join(b.dir, Name)
		b.out, b.err = exec.Command("go", "build", "-o", b.bin, "github.com/tightlip/tightlip/cmd/tightlip-vet").CombinedOutput()
	})
	if b.err != nil {
		t.Fatalf("build %s: %v\n%s", Name, b.err, b.out)
	}
	return b.bin
}

// Cleanup removes the tool Tool built, if any; TestMain calls it after
// the tests have run.
func Cleanup() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}
