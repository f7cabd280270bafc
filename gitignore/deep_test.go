package gitignore

import (
	"context"
	"os"
	"testing"
)

// deepTree makes a chain of depth directories named "d" under a new
// directory, a component at a time through os.Root: the path of the
// deepest is longer than the kernel takes whole.
func deepTree(t testing.TB, depth int) string {
	t.Helper()
	root := t.TempDir()
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	for range depth {
		if err := r.Mkdir("d", 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := r.OpenRoot("d")
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		r = next
	}
	r.Close()
	return root
}

// A tree 3,000 directories deep is checked in time linear in its depth:
// each level's state links to its parent's instead of copying it (the
// directories the kernel cannot reach by path are named as problems).
func TestDeepTree(t *testing.T) {
	root := deepTree(t, 3000)
	res, err := Check(context.Background(), root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d findings, %d problems", len(res.Findings), len(res.Problems))
}
