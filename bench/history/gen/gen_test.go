package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
//
// The GOROOT case walks all of GOROOT and writes a history of 8 MB: the
// size at which the generator's own bugs showed, not that of a unit test;
// the cases on net write 3 MB each, some 10 s of CPU in all. The
// generator makes the benchmarks' input and is no part of tightlip, so
// the test runs only with TIGHTLIP_GENERATOR_SCALE=1 in the environment
// (to be set after a change to the generator; CI sets it), and go test
// ./... leaves it out.
func TestSmallHistory(t *testing.T) {
	if os.Getenv(generatorScaleEnv) != "1" {
		t.Skipf("the history generator: set %s=1 to run it", generatorScaleEnv)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	t.Parallel()
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
			t.Parallel()
			o := c.o
			o.seed = c.seed
			o.out = filepath.Join(t.TempDir(), "h.git")
			o.manifest, o.pack, o.quiet = o.out+".manifest.json", "none", true
			checkHistory(t, o)
		})
	}
}

// generatorScaleEnv, set to 1, runs the generator's test (see
// TestSmallHistory).
const generatorScaleEnv = "TIGHTLIP_GENERATOR_SCALE"

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
	// One git cat-file answers every "file at commit" and one rev-list per
	// ref every "commit on ref": a git process per question made this test
	// take half a minute.
	show := catFile(t, out)
	onRef := map[string]map[string]bool{}
	reachable := func(ref string) map[string]bool {
		if onRef[ref] == nil {
			onRef[ref] = map[string]bool{}
			for _, c := range strings.Fields(git("rev-list", ref)) {
				onRef[ref][c] = true
			}
		}
		return onRef[ref]
	}
	for _, p := range m.Secrets {
		content, _ := show(p.Commit + ":" + p.File)
		lines := strings.Split(content, "\n")
		first, _, _ := strings.Cut(p.Secret, "\n")
		if p.Line < 1 || p.Line > len(lines) || !strings.Contains(lines[p.Line-1], first) {
			t.Errorf("secret %d (%s): not on line %d of %s at %s", p.ID, p.RuleID, p.Line, p.File, p.Commit[:12])
		}
		if !strings.Contains(content, p.Secret) {
			t.Errorf("secret %d (%s): %s at %s does not hold it as the manifest says", p.ID, p.RuleID, p.File, p.Commit[:12])
		}
		if !reachable(p.Ref)[p.Commit] {
			t.Errorf("secret %d: commit %s is not on %s", p.ID, p.Commit[:12], p.Ref)
		}
		if p.Removed == "" {
			t.Errorf("secret %d: never removed", p.ID)
			continue
		}
		after, ok := show(p.Removed + ":" + p.File)
		if p.Removal == "file deleted" {
			if ok {
				t.Errorf("secret %d: %s still exists at %s", p.ID, p.File, p.Removed[:12])
			}
		} else if !ok || strings.Contains(after, p.Secret) {
			t.Errorf("secret %d: still in %s at %s (%s)", p.ID, p.File, p.Removed[:12], p.Removal)
		}
	}
	for _, n := range m.Negatives {
		if content, ok := show(n.Commit + ":" + n.File); !ok || !strings.Contains(content, n.Value) {
			t.Errorf("placeholder %q: not in %s at %s", n.Value, n.File, n.Commit[:12])
		}
	}
}

// catFile starts git cat-file --batch in the repository at dir and returns
// a function that reads the blob rev names ("commit:path"): its content,
// and false when there is no such blob.
func catFile(t *testing.T, dir string) func(rev string) (string, bool) {
	t.Helper()
	cmd := exec.Command("git", "cat-file", "--batch")
	cmd.Dir = dir
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		in.Close()
		cmd.Wait()
	})
	r := bufio.NewReader(pipe)
	return func(rev string) (string, bool) {
		t.Helper()
		if _, err := fmt.Fprintln(in, rev); err != nil {
			t.Fatalf("git cat-file: %v", err)
		}
		header, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("git cat-file %s: %v", rev, err)
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			return "", false // "<rev> missing"
		}
		size, err := strconv.Atoi(f[2])
		if err != nil {
			t.Fatalf("git cat-file %s: %q", rev, header)
		}
		data := make([]byte, size+1) // the content and a newline
		if _, err := io.ReadFull(r, data); err != nil {
			t.Fatalf("git cat-file %s: %v", rev, err)
		}
		return string(data[:size]), f[1] == "blob"
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
