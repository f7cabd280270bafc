package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// tightlipOnPath puts a `tightlip` on PATH that runs this test binary as
// tightlip, for hooks that run it.
func tightlipOnPath(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	script := "#!/bin/sh\n" + reexecEnv + "=1 exec '" + exe + "' \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "tightlip"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// The installed hook sees exactly what is being committed: git commit PATH
// and git commit -a run it with a temporary index in GIT_INDEX_FILE, which
// holds the commit, not what .git/index holds.
func TestHookSeesWhatIsCommitted(t *testing.T) {
	tightlipOnPath(t)
	r := gittest.New(t)
	r.Commit("base", map[string]string{"a.txt": "a\n", "app.env": "MODE=dev\n"})
	tightlip(t, "", "hook", "install", r.Dir).wantCode(t, exitClean)

	staged, untracked, tracked := gittest.FakeToken("hook-staged"), gittest.FakeToken("hook-untracked"), gittest.FakeToken("hook-tracked")
	r.Write("local.env", "TOKEN="+untracked+"\n") // never added
	r.Write("staged.env", "TOKEN="+staged+"\n")
	r.Git("add", "staged.env")

	// A partial commit of a clean file: the secret staged in .git/index is
	// not in this commit and must not stop it.
	r.Write("a.txt", "a\nb\n")
	r.Git("commit", "-q", "-m", "partial", "a.txt")
	if files := r.Git("show", "--name-only", "--format=", "HEAD"); files != "a.txt" {
		t.Fatalf("partial commit holds %q, want a.txt", files)
	}
	r.Tick()

	// git commit -a commits a tracked file's unstaged secret: the hook
	// must stop it, though .git/index holds no such change.
	r.Git("rm", "-q", "--cached", "staged.env")
	r.Write("app.env", "MODE=dev\nTOKEN="+tracked+"\n")
	out := r.GitFails("commit", "-q", "-a", "-m", "all")
	wantBlocked(t, out, "app.env")
	// … and a partial commit of that file too.
	out = r.GitFails("commit", "-q", "-m", "path", "app.env")
	wantBlocked(t, out, "app.env")
	if head := r.Git("log", "--format=%s", "-1"); head != "partial" {
		t.Fatalf("HEAD is %q: a blocked commit was made", head)
	}

	// A clean git commit -a passes, with secrets left in untracked files
	// and in a file staged but then unstaged.
	r.Write("app.env", "MODE=prod\n")
	r.Git("commit", "-q", "-a", "-m", "clean")
	r.Tick()

	// A secret being committed with a plain git add && git commit is
	// stopped.
	r.Git("add", "staged.env")
	wantBlocked(t, r.GitFails("commit", "-q", "-m", "secret"), "staged.env")
}

// wantBlocked checks the output of a commit the hook stopped: the file
// named, the secret redacted, the way out said.
func wantBlocked(t *testing.T, out, file string) {
	t.Helper()
	if !strings.Contains(out, file) || !strings.Contains(out, "commit stopped") || !strings.Contains(out, "tightlip:allow") {
		t.Errorf("blocked commit's output does not name %s and the way out:\n%s", file, out)
	}
	if strings.Contains(out, fakeMarker) {
		t.Errorf("the hook printed a secret in full:\n%s", out)
	}
}

func TestHookInstallUninstall(t *testing.T) {
	r := gittest.New(t)
	hook := filepath.Join(r.Dir, ".git", "hooks", "pre-commit")
	read := func() string {
		t.Helper()
		b, err := os.ReadFile(hook)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	res := tightlip(t, "", "hook", "install", r.Dir)
	res.wantCode(t, exitClean)
	if got := read(); got != hookScript {
		t.Fatalf("hook = %q", got)
	}
	if fi, err := os.Stat(hook); err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Fatalf("hook not executable: %v %v", fi, err)
	}
	// Installing again rewrites tightlip's own hook.
	tightlip(t, "", "hook", "install", r.Dir).wantCode(t, exitClean)
	tightlip(t, "", "hook", "uninstall", r.Dir).wantCode(t, exitClean)
	if _, err := os.Lstat(hook); !os.IsNotExist(err) {
		t.Fatalf("uninstall left %s: %v", hook, err)
	}
	tightlip(t, "", "hook", "uninstall", r.Dir).wantCode(t, exitClean)

	// A foreign hook is left alone, unless --force.
	foreign := "#!/bin/sh\nexec pre-commit run\n"
	writeFile(t, hook, foreign)
	res = tightlip(t, "", "hook", "install", r.Dir)
	res.wantCode(t, exitError)
	if !strings.Contains(res.stderr, "--force") || read() != foreign {
		t.Errorf("foreign hook: stderr %q, hook now %q", res.stderr, read())
	}
	tightlip(t, "", "hook", "uninstall", r.Dir).wantCode(t, exitError)
	if read() != foreign {
		t.Errorf("uninstall removed a foreign hook")
	}
	tightlip(t, "", "hook", "install", "--force", r.Dir).wantCode(t, exitClean)
	if read() != hookScript {
		t.Errorf("--force did not replace the hook")
	}

	// A symbolic link there is never written through, even with --force.
	target := writeFile(t, filepath.Join(t.TempDir(), "bashrc"), "keep me\n")
	if err := os.Remove(hook); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, hook); err != nil {
		t.Fatal(err)
	}
	tightlip(t, "", "hook", "install", r.Dir).wantCode(t, exitError)
	tightlip(t, "", "hook", "install", "--force", r.Dir).wantCode(t, exitClean)
	if b, _ := os.ReadFile(target); string(b) != "keep me\n" {
		t.Errorf("install wrote through a symbolic link: %q", b)
	}
	if fi, err := os.Lstat(hook); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("hook is not a regular file: %v %v", fi, err)
	}

	// core.hooksPath decides where the hook goes.
	r.Git("config", "core.hooksPath", ".githooks")
	res = tightlip(t, "", "hook", "install", r.Dir)
	res.wantCode(t, exitClean)
	if _, err := os.Stat(filepath.Join(r.Dir, ".githooks", "pre-commit")); err != nil || !strings.Contains(res.stdout, "core.hooksPath") {
		t.Errorf("core.hooksPath: %v, stdout %q", err, res.stdout)
	}
}

func TestPushScanArgs(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want []string
	}{
		{nil, []string{"--history"}},
		{map[string]string{"PRE_COMMIT_FROM_REF": "abc", "PRE_COMMIT_TO_REF": "def"}, []string{"--range", "abc..def", "--go=false"}},
		{map[string]string{"PRE_COMMIT_ORIGIN": "abc", "PRE_COMMIT_SOURCE": "def"}, []string{"--range", "abc..def", "--go=false"}},
		{map[string]string{"PRE_COMMIT_FROM_REF": strings.Repeat("0", 40), "PRE_COMMIT_TO_REF": "def"}, []string{"--history"}},
	} {
		if got := pushScanArgs(func(k string) string { return c.env[k] }); !reflect.DeepEqual(got, c.want) {
			t.Errorf("pushScanArgs(%v) = %v, want %v", c.env, got, c.want)
		}
	}
}
