package gitignore

import (
	"context"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// deepTree makes a chain of depth directories named "d" under a new
// directory, a component at a time through os.Root: the path of the
// deepest is longer than the kernel takes whole. files are written in the
// deepest directory.
func deepTree(t testing.TB, depth int, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	gittest.DeepChain(t, root, depth, files)
	return root
}

// A tree 3,000 directories deep, past the kernel's path length limit, is
// checked completely: a credential file at its bottom is reported by its
// full path (with the root's missing .gitignore entry), with no problem. Each directory is read
// from its parent's handle, and each level's state links to its
// parent's instead of copying it. A template .env next to them is not
// reported: the walk reads its content there too.
func TestDeepTree(t *testing.T) {
	const depth = 3000
	// A fake value, by construction (TLFAKE).
	root := deepTree(t, depth, map[string]string{
		".env":         "API_TOKEN=TLFAKE-deep-token-value\n",
		".env.example": "API_TOKEN=\n",
	})
	res, err := Check(context.Background(), root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 0 {
		t.Errorf("%d problems, first %.200q", len(res.Problems), res.Problems[0])
	}
	bottom := strings.Repeat("d/", depth)
	var tracked, missing int
	for _, f := range res.Findings {
		switch {
		case f.RuleID == RuleTracked && f.File == bottom+".env":
			tracked++
		case f.RuleID == RuleMissing && f.File == ".gitignore":
			missing++
		default:
			t.Errorf("unexpected %s finding in %.60q…", f.RuleID, f.File)
		}
	}
	if tracked != 1 || missing != 1 {
		t.Errorf("%d %s and %d %s findings, want one each (%d findings)", tracked, RuleTracked, missing, RuleMissing, len(res.Findings))
	}
}
