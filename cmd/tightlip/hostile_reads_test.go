//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/testfs"
)

// The tests here scan trees whose own files (.gitignore, .tightlip.toml,
// go.mod) are planted to make tightlip read what the tree should not
// reach: a link to /dev/zero (memory without bound), to a file outside the
// root holding a secret, to /proc/self/environ (the CI's environment), or
// a FIFO (a read that never returns). Each scan must finish, exit 2 naming
// the file, and print neither the outside secret nor the environment.

// envMarker is set in the scanned process's environment: a scan that
// printed part of /proc/self/environ would show it.
var envMarker = "TLREADS_" + strings.TrimPrefix(gittest.FakeToken("environ"), "ghp_")

// hostileTarget is what a planted file is made into.
type hostileTarget struct {
	name string
	// plant makes path into the hostile file; outside is the path of a
	// file outside the root holding a secret.
	plant func(t *testing.T, path, outside string)
}

var hostileTargets = []hostileTarget{
	{"link to /dev/zero", func(t *testing.T, path, _ string) { symlink(t, "/dev/zero", path) }},
	{"link outside the root", func(t *testing.T, path, outside string) { symlink(t, outside, path) }},
	{"link to /proc/self/environ", func(t *testing.T, path, _ string) {
		if _, err := os.Stat("/proc/self/environ"); err != nil {
			t.Skip("no /proc/self/environ")
		}
		symlink(t, "/proc/self/environ", path)
	}},
	{"FIFO", func(t *testing.T, path, _ string) {
		if err := testfs.Mkfifo(path, 0o644); err != nil {
			t.Skip("mkfifo:", err)
		}
	}},
}

// outsideSecret writes, outside any scanned root, a file whose every line
// is a fake secret (valid as a .gitignore, a TOML string, a go.mod comment)
// and returns its path and the secret.
func outsideSecret(t *testing.T) (path, secret string) {
	t.Helper()
	secret = gittest.FakeToken("outside the root")
	path = writeFile(t, filepath.Join(t.TempDir(), "secret"), "# "+secret+"\n"+secret+"\n")
	return path, secret
}

// tightlipHostile runs tightlip as its own process with envMarker in its
// environment, and fails if it does not finish: a guard against a hang,
// not a timing assertion.
func tightlipHostile(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	return runProcess(t, ctx, "", []string{"TLREADS_MARKER=" + envMarker}, args...)
}

// leaksNothing fails when r shows the outside secret or the environment.
func leaksNothing(t *testing.T, r result, secret string) {
	t.Helper()
	for _, s := range []string{secret, envMarker} {
		if s != "" && strings.Contains(r.stdout+r.stderr, s) {
			t.Errorf("output quotes a file it must not read (%q):\nstdout:\n%s\nstderr:\n%s", s, r.stdout, r.stderr)
		}
	}
}

// A tree file that is planted is refused and named: the scan is
// incomplete (exit 2), finishes, and quotes nothing of what it points at.
// The same tree with a regular file there scans cleanly.
func TestHostileTreeReads(t *testing.T) {
	t.Parallel()
	for _, file := range []struct {
		rel string
		// regular is a harmless content for the positive case; "" keeps
		// the tree's.
		regular string
		args    []string
	}{
		{".gitignore", "", []string{"--go=false"}}, // writeGitignore's
		{"sub/.gitignore", "*.log\n", []string{"--go=false"}},
		{".tightlip.toml", "title = \"team\"\n", []string{"--go=false"}},
		{"go.mod", "module example.com/hostile\n\ngo 1.22\n", nil},
	} {
		tree := func(t *testing.T) string {
			dir := t.TempDir()
			writeGitignore(t, dir)
			writeFile(t, filepath.Join(dir, "sub", "main.go"), "package sub\n")
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/hostile\n\ngo 1.22\n")
			return dir
		}
		t.Run(file.rel+"/regular", func(t *testing.T) {
			t.Parallel()
			dir := tree(t)
			if file.regular != "" {
				writeFile(t, filepath.Join(dir, file.rel), file.regular)
			}
			r := tightlipHostile(t, append(append([]string{"scan"}, file.args...), dir)...)
			r.wantCode(t, 0)
		})
		for _, target := range hostileTargets {
			t.Run(file.rel+"/"+target.name, func(t *testing.T) {
				t.Parallel()
				dir := tree(t)
				outside, secret := outsideSecret(t)
				p := filepath.Join(dir, file.rel)
				if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
					t.Fatal(err)
				}
				target.plant(t, p, outside)
				r := tightlipHostile(t, append(append([]string{"scan"}, file.args...), dir)...)
				r.wantCode(t, 2)
				if !strings.Contains(r.stdout+r.stderr, file.rel) {
					t.Errorf("the report does not name %s:\nstdout:\n%s\nstderr:\n%s", file.rel, r.stdout, r.stderr)
				}
				leaksNothing(t, r, secret)
			})
		}
	}
}

// A --config or --baseline the user names may be a link (the user's
// choice, followed), but what it leads to must be a regular file within
// the limit: /dev/zero, a FIFO or an oversized file is an error naming
// it, and /proc/self/environ is never quoted.
func TestHostileUserReads(t *testing.T) {
	t.Parallel()
	good := writeFile(t, filepath.Join(t.TempDir(), "team.toml"), "title = \"team\"\n")
	link := filepath.Join(t.TempDir(), "link.toml")
	symlink(t, good, link)
	dir := t.TempDir()
	writeGitignore(t, dir)
	// Positive: the user's own link is followed.
	r := tightlipHostile(t, "scan", "--go=false", "--config", link, dir)
	r.wantCode(t, 0)

	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := testfs.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	big := writeFile(t, filepath.Join(t.TempDir(), "big.toml"), "# "+strings.Repeat("x", 1<<20)+"\n")
	for _, tc := range []struct{ flag, path, want string }{
		{"--config", "/dev/zero", "/dev/zero is a device"},
		{"--config", fifo, "fifo is a FIFO"},
		{"--config", big, "big.toml is larger than 1 MiB"},
		{"--config", "/proc/self/environ", "environ"},
		{"--baseline", "/dev/zero", "/dev/zero is a device"},
		{"--baseline", fifo, "fifo is a FIFO"},
		{"--baseline", "/proc/self/environ", "environ"},
	} {
		if strings.HasPrefix(tc.path, "/proc/") {
			if _, err := os.Stat(tc.path); err != nil {
				continue
			}
		}
		r := tightlipHostile(t, "scan", "--go=false", tc.flag, tc.path, dir)
		r.wantCode(t, 2)
		if !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s %s: stderr does not say %q:\n%s", tc.flag, tc.path, tc.want, r.stderr)
		}
		leaksNothing(t, r, "")
	}
}
