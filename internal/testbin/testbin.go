// Package testbin gives tests the executables they run: cmd/tightlip-vet,
// the vet tool that tests running go vet share, and any other command of
// the module (Build).
//
// go vet keys its cached analysis of every package, the standard library
// included, on the vet tool's name and a hash of its contents (the tool
// answers -V=full with it). A test binary used as its own vet tool changes
// with every edit to its package or its tests, and each change has go vet
// analyse every dependency of the fixtures again; cmd/tightlip-vet changes
// only with the analyzers and what they import, and the test binaries
// that build it (the contents identical) share go vet's cache across
// packages and runs.
//
// Each executable is built into a directory of the user's cache that
// belongs to the calling test package of this checkout: go build leaves
// an executable that is up to date as it is, so a run after the first
// links nothing (a second or more of CPU per executable), and no other
// test binary writes the file while this one runs it.
package testbin

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Name is the vet tool's file name. go vet's cache keys carry it, so
// every test binary names it the same.
const Name = "tightlip-vet"

type build struct {
	once sync.Once
	bin  string
	err  error
}

var builds sync.Map // import path → *build

// Build returns the path of the executable of the module's command pkg
// (an import path), built on the first call of the test binary as name.
func Build(pkg, name string) (string, error) {
	v, _ := builds.LoadOrStore(pkg, &build{})
	b := v.(*build)
	b.once.Do(func() {
		dir, err := toolDir()
		if err != nil {
			b.err = err
			return
		}
		b.bin = filepath.Join(dir, name)
		if out, err := exec.Command("go", "build", "-o", b.bin, pkg).CombinedOutput(); err != nil {
			b.err = fmt.Errorf("build %s: %w\n%s", pkg, err, out)
		}
	})
	return b.bin, b.err
}

// toolDir returns the calling test package's directory for executables:
// under the user's cache, named by a hash of the package's directory
// (go test runs a test binary there), created private to the user. Where
// there is no cache to write, a temporary directory of this run serves
// (left behind, as a cache would be), and every run links again.
//
// Each use marks the directory as used now, and the directories of
// checkouts unused for staleAfter are removed: every checkout and test
// package that builds executables leaves one, tens of megabytes each.
func toolDir() (string, error) {
	if cache, err := os.UserCacheDir(); err == nil {
		if wd, err := os.Getwd(); err == nil {
			sum := sha256.Sum256([]byte(wd))
			parent := filepath.Join(cache, "tightlip-test")
			dir := filepath.Join(parent, hex.EncodeToString(sum[:8]))
			if err := os.MkdirAll(dir, 0o700); err == nil {
				now := time.Now()
				_ = os.Chtimes(dir, now, now)
				removeStale(parent, now)
				return dir, nil
			}
		}
	}
	return os.MkdirTemp("", "tightlip-test-")
}

// staleAfter is how long a test package's directory of executables is
// kept unused.
const staleAfter = 30 * 24 * time.Hour

// removeStale removes the directories under parent last used before
// staleAfter: those of checkouts deleted or long idle. A test binary of
// such a checkout run later builds its executables again.
func removeStale(parent string, now time.Time) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !e.IsDir() || now.Sub(info.ModTime()) < staleAfter {
			continue
		}
		_ = os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}

// VetTool returns the path of cmd/tightlip-vet, building it on the first
// call of the test binary; the test is skipped where there is no go
// command and fails if the build does.
func VetTool(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	bin, err := Build("github.com/tightlip/tightlip/cmd/tightlip-vet", Name)
	if err != nil {
		t.Fatal(err)
	}
	return bin
}
