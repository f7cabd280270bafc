package gitignore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
)

// FuzzGitignoreMissing writes arbitrary text as a project's .gitignore and
// holds gitignore-missing to git itself: the entries tightlip says the file
// leaves out are exactly those git check-ignore does not ignore. A pull
// request chooses its own .gitignore, so the evaluation must be git's on
// any input, not only on the hand-written cases of TestGitignoreSemantics.
func FuzzGitignoreMissing(f *testing.F) {
	for _, seed := range []string{
		"", ".env\n", "*\n!.gitignore\n", ".env*\n!.env.example\n", "\\#.env\n", ".env\\ \n",
		"**/*.pem\n", "/.env\r\n", "\ufeff*.key\n", "[!a].env\n", "id_*\n!id_rsa\n", ".env/\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, content string) {
		// git reads a NUL or a line of 4 KiB like any other, but such
		// files are not what this target is about, and each input costs a
		// git process.
		if strings.ContainsRune(content, 0) || len(content) > 512 {
			return
		}
		root := tree(t, map[string]string{".gitignore": content})
		gitInit(t, root)
		res := check(t, root, gitignore.Options{})
		if got, want := missing(res, ".gitignore"), missingByGit(t, root); !slices.Equal(got, want) {
			t.Errorf(".gitignore %q: tightlip says missing %q, git %q", content, got, want)
		}
	})
}
