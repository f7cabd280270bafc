package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/bench/internal/manifest"
)

// TestSmallHistory generates small histories and checks each manifest
// against git: every secret is at the line it names in the commit that
// added it, that commit is on the ref it names, the secret is gone from
// the file in the commit that removed it, and every placeholder is in its
// file. The settings after the first once stopped the generator: a file
// made for one secret and deleted with it while holding another (seed 5
// on GOROOT), a secret that kept the indentation of a place tried first
// (seed 2 on net), and an abandoned branch that deleted a file (seed 3 on
// net with more secrets).
func TestSmallHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	net := filepath.Join(goroot(t), "src", "net")
	small := options{commits: 400, size: 3e6, corpusShare: 0.4, secrets: 40, hot: 30, hotShare: 0.6, projects: 3,
		abandoned: 4, featureRate: 0.05, addRate: 0.12, tagEvery: 100, corpus: net, maxFile: 1 << 20}
	defaults := options{commits: 500, size: 8e6, corpusShare: 0.35, secrets: 40, hot: 400, hotShare: 0.6, projects: 12,
		abandoned: 24, featureRate: 0.05, addRate: 0.12, tagEvery: 500, corpus: "goroot", maxFile: 1 << 20}
	for _, c := range []struct {
		name string
		seed uint64
		o    options
	}{
		{"net", 3, small},
		{"goroot", 5, defaults},
		{"net-retry", 2, with(small, func(o *options) { o.secrets, o.abandoned = 60, 8 })},
		{"net-abandoned", 3, with(small, func(o *options) { o.secrets, o.abandoned = 60, 8 })},
	} {
		t.Run(fmt.Sprintf("%s-seed%d", c.name, c.seed), func(t *testing.T) {
			o := c.o
			o.seed = c.seed
			o.out = filepath.Join(t.TempDir(), "h.git")
			o.manifest, o.pack, o.quiet = o.out+".manifest.json", "none", true
			checkHistory(t, o)
		})
	}
}

func with(o options, f func(*options)) options {
	f(&o)
	return o
}

func checkHistory(t *testing.T, o options) {
	t.Helper()
	if err := generate(o); err != nil {
		t.Fatal(err)
	}
	out := o.out
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = out
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return string(b)
	}
	m, err := manifest.Read[manifest.History](o.manifest)
	if err != nil {
		t.Fatal(err)
	}
	if m.Repo.Commits != o.commits {
		t.Errorf("git counts %d commits, want %d", m.Repo.Commits, o.commits)
	}
	git("fsck", "--no-progress", "--no-dangling")
	if len(m.Secrets) < o.secrets-o.abandoned {
		t.Errorf("%d secrets planted, want about %d", len(m.Secrets), o.secrets)
	}
	for _, p := range m.Secrets {
		content := git("show", p.Commit+":"+p.File)
		lines := strings.Split(content, "\n")
		first, _, _ := strings.Cut(p.Secret, "\n")
		if p.Line < 1 || p.Line > len(lines) || !strings.Contains(lines[p.Line-1], first) {
			t.Errorf("secret %d (%s): not on line %d of %s at %s", p.ID, p.RuleID, p.Line, p.File, p.Commit[:12])
		}
		if !strings.Contains(content, p.Secret) {
			t.Errorf("secret %d (%s): %s at %s does not hold it as the manifest says", p.ID, p.RuleID, p.File, p.Commit[:12])
		}
		if tip := strings.TrimSpace(git("rev-parse", p.Ref)); exec.Command("git", "-C", out, "merge-base", "--is-ancestor", p.Commit, tip).Run() != nil {
			t.Errorf("secret %d: commit %s is not on %s", p.ID, p.Commit[:12], p.Ref)
		}
		if p.Removed == "" {
			t.Errorf("secret %d: never removed", p.ID)
			continue
		}
		cmd := exec.Command("git", "show", p.Removed+":"+p.File)
		cmd.Dir = out
		after, err := cmd.Output()
		if p.Removal == "file deleted" {
			if err == nil {
				t.Errorf("secret %d: %s still exists at %s", p.ID, p.File, p.Removed[:12])
			}
		} else if err != nil || strings.Contains(string(after), p.Secret) {
			t.Errorf("secret %d: still in %s at %s (%s)", p.ID, p.File, p.Removed[:12], p.Removal)
		}
	}
	for _, n := range m.Negatives {
		cmd := exec.Command("git", "show", n.Commit+":"+n.File)
		cmd.Dir = out
		if content, err := cmd.Output(); err != nil || !strings.Contains(string(content), n.Value) {
			t.Errorf("placeholder %q: not in %s at %s", n.Value, n.File, n.Commit[:12])
		}
	}
}

// goroot asks the go command for GOROOT (runtime.GOROOT is deprecated).
func goroot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("go env GOROOT: %v", err)
	}
	return strings.TrimSpace(string(out))
}
