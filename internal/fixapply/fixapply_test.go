package fixapply_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/fixapply"
)

// Files applies in path order, goes on past a refused file, and returns
// every refusal.
func TestFilesOrderAndErrors(t *testing.T) {
	root := t.TempDir()
	plans := map[string]int{"b.go": 2, "a.go": 1, "c.go": 3}
	var seen []string
	done, err := fixapply.Files(root, plans, func(r *os.Root, file string, n int) (string, error) {
		seen = append(seen, file)
		if n == 2 {
			return "", errors.New("fix b.go: refused")
		}
		return file, nil
	})
	if want := []string{"a.go", "b.go", "c.go"}; !slices.Equal(seen, want) {
		t.Errorf("applied in order %v, want %v", seen, want)
	}
	if want := []string{"a.go", "c.go"}; !slices.Equal(done, want) {
		t.Errorf("done = %v, want %v", done, want)
	}
	if err == nil || !strings.Contains(err.Error(), "fix b.go: refused") {
		t.Errorf("err = %v, want the refusal of b.go", err)
	}
}

// Nothing to fix opens nothing: a root that is gone is no error then, and
// is one, naming the fix, when there is something to write.
func TestFilesRoot(t *testing.T) {
	gone := filepath.Join(t.TempDir(), "gone")
	apply := func(*os.Root, string, int) (int, error) { return 0, nil }
	if done, err := fixapply.Files(gone, map[string]int{}, apply); done != nil || err != nil {
		t.Errorf("no plans: %v, %v; want nothing", done, err)
	}
	if _, err := fixapply.Files(gone, map[string]int{"a": 1}, apply); err == nil || !strings.HasPrefix(err.Error(), "fix: ") {
		t.Errorf("missing root: err = %v, want a fix: error", err)
	}
}
