package scan_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/scan"
)

// TestRunRejectsOptionsThatMeanNothing: a caller's mistake is an error
// naming it, before anything is read, never an option ignored in silence.
func TestRunRejectsOptionsThatMeanNothing(t *testing.T) {
	t.Parallel()
	eng := engine(t)
	dir := t.TempDir()
	cases := []struct {
		name string
		src  scan.Source
		opts scan.Options
		want string
	}{
		{"no engine", scan.Source{Path: dir}, scan.Options{}, "no engine"},
		{"negative size", scan.Source{Path: dir}, scan.Options{Engine: eng, MaxFileSize: -1}, "negative maximum file size"},
		{"negative workers", scan.Source{Path: dir}, scan.Options{Engine: eng, Workers: -2}, "negative number of workers"},
		{"negative time limit", scan.Source{Path: dir}, scan.Options{Engine: eng, FileTimeout: -1}, "negative time limit"},
		{"go without vet tool", scan.Source{Path: dir}, scan.Options{Engine: eng, Go: true}, "need a vet tool"},
		{"state without digest", scan.Source{Kind: scan.History, Path: dir}, scan.Options{Engine: eng, Remember: true}, "digest of the rules"},
		{"branch on a tree", scan.Source{Path: dir}, scan.Options{Engine: eng, Branch: "main"}, "goes with a history scan"},
		{"state on a range", scan.Source{Kind: scan.Range, Path: dir, Base: "a", Head: "b"}, scan.Options{Engine: eng, Remember: true, RulesDigest: "d"}, "goes with a history scan"},
		{"index file on a history", scan.Source{Kind: scan.History, Path: dir}, scan.Options{Engine: eng, IndexFile: "idx"}, "goes with a staged scan"},
		{"range without head", scan.Source{Kind: scan.Range, Path: dir, Base: "a"}, scan.Options{Engine: eng}, "needs a base and a head"},
		{"input without reader", scan.Source{Kind: scan.Input, Path: "stdin"}, scan.Options{Engine: eng}, "no input"},
		{"unknown kind", scan.Source{Kind: scan.Kind(99), Path: dir}, scan.Options{Engine: eng}, "unknown kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := scan.Run(context.Background(), c.src, c.opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Run = %v, %v; want an error containing %q", res, err, c.want)
			}
		})
	}
	// The same options are fine where they belong.
	if _, err := scan.Run(context.Background(), scan.Source{Kind: scan.Input, Path: "stdin", Input: strings.NewReader("hello\n")}, scan.Options{Engine: eng}); err != nil {
		t.Errorf("input scan: %v", err)
	}
	if _, err := scan.Run(context.Background(), scan.Source{Path: dir}, scan.Options{Engine: eng, NoGitignore: true}); err != nil {
		t.Errorf("tree scan: %v", err)
	}
}
