package source_test

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// walkProbeFiles is the tree FuzzWalkReadsWhatGitAdds walks: names at three
// depths, in and out of the nested .gitignore's directory, with the
// characters .gitignore patterns treat specially.
var walkProbeFiles = []string{
	"a.txt", ".env", "b.log", "id_rsa", "x", "sp ace.txt", "#hash", "!bang", "[br].txt", "star*", "q?",
	"dir/a.txt", "dir/b.log", "dir/.env", "dir/deep/a.txt", "dir/deep/c.key",
	"sub/a.txt", "sub/b.log", "sub/.env", "sub/dir/a.txt", "sub/dir/deep/z.pem",
	"build/out.js", "build/keep/x.txt", "a/b/c/d.txt",
	"trail ", "back\\slash", "a]", "x.y.z", ".hidden/b", "dir/sub/a.txt", "*", "sub/sub/c.txt",
}

// FuzzWalkReadsWhatGitAdds writes arbitrary text as a work tree's
// .gitignore and sub/.gitignore and holds the walk to git: the files the
// walker yields are exactly those git ls-files --others --exclude-standard
// lists (the tree has no commit, so these are the files git add would
// take). A file the walker skipped and git would add is content a scan
// silently never read, and a pull request chooses its own .gitignore
// files; a file it read and git would not is a finding in a file no
// commit holds.
func FuzzWalkReadsWhatGitAdds(f *testing.F) {
	for _, seed := range [][2]string{
		{"", ""}, {"*.log\n", "!b.log\n"}, {"dir/\n!dir/a.txt\n", ""}, {"/*\n!/sub\n", "*\n!a.txt\n"},
		{"**/deep\n", ""}, {"build/**\n!build/keep/\n", ""}, {"\\#hash\n\\!bang\n", "dir"},
		{"[br].txt\nstar\\*\n", "/dir/deep/\n"}, {"a/**/d.txt\n", "**\n"}, {"*.txt\r\n!sub/\r\n", "!*.txt\n"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, top, sub string) {
		// git reads a NUL or a long line like any other, but such files
		// are not what this target is about, and each input costs two git
		// processes.
		if strings.ContainsRune(top+sub, 0) || len(top) > 256 || len(sub) > 256 {
			return
		}
		if _, err := exec.LookPath("git"); err != nil {
			t.Skip("git is not installed")
		}
		root := t.TempDir()
		for _, p := range walkProbeFiles {
			write(t, root, p, "x\n")
		}
		write(t, root, ".gitignore", top)
		write(t, root, "sub/.gitignore", sub)
		git(t, root, "init", "-q")

		got, want := walk(t, root).files, untrackedByGit(t, root)
		for _, p := range want {
			if !slices.Contains(got, p) {
				t.Errorf(".gitignore %q, sub/.gitignore %q: git would add %s, the walker skipped it", top, sub, p)
			}
		}
		for _, p := range got {
			if !slices.Contains(want, p) {
				t.Errorf(".gitignore %q, sub/.gitignore %q: the walker read %s, which git ignores", top, sub, p)
			}
		}
	})
}

// untrackedByGit lists the files git would add: untracked and
// not ignored, with no user or system configuration (no global excludes
// file) in play.
func untrackedByGit(t *testing.T, root string) []string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "--others", "--exclude-standard", "-z")
	cmd.Dir = root
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "HOME="+home, "XDG_CONFIG_HOME="+home)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	var files []string
	for p := range strings.SplitSeq(string(out), "\x00") {
		if p != "" {
			files = append(files, p)
		}
	}
	return files
}
