package corpus

import (
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

func TestParseList(t *testing.T) {
	got := parseList("# comment\n\ngithub.com/BurntSushi/toml v1.6.0\n  golang.org/x/tools   v0.52.0  history\nnot a line\na b c\n")
	want := []pinned{{Module{"github.com/BurntSushi/toml", "v1.6.0"}, false}, {Module{"golang.org/x/tools", "v0.52.0"}, true}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if d, w := got[0].Dir(), filepath.FromSlash("github.com/!burnt!sushi/toml@v1.6.0"); d != w {
		t.Errorf("Dir: got %q, want %q", d, w)
	}
}

// The tree's modules are some of the history's, each list in the order
// its generator walks it, and every line of modules.txt counts.
func TestPinnedLists(t *testing.T) {
	tree, hist := TreeModules(), HistoryModules()
	if len(tree) == 0 || len(hist) <= len(tree) || len(hist) != len(parseList(modulesTxt)) {
		t.Fatalf("%d tree modules, %d history modules, %d lines", len(tree), len(hist), len(parseList(modulesTxt)))
	}
	for _, m := range tree {
		if !slices.Contains(hist, m) {
			t.Errorf("%s@%s is the tree's but not the history's", m.Path, m.Version)
		}
	}
	if !slices.IsSortedFunc(tree, func(a, b Module) int { return compareStrings(a.Path+" "+a.Version, b.Path+" "+b.Version) }) {
		t.Error("tree modules not sorted by path and version")
	}
	if !slices.IsSortedFunc(hist, func(a, b Module) int { return compareStrings(a.Dir(), b.Dir()) }) {
		t.Error("history modules not sorted by module cache directory")
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
