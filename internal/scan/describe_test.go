package scan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/scan"
)

// A history finding's message names the commit that brought the secret
// and the kind of its own file, even when one blob is at two paths of
// different kinds (detect runs once for both).
func TestHistoryMessagesNameCommitAndKind(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	tok := gittest.FakeToken("messages")
	body := "GITHUB_TOKEN=" + tok + "\n"
	add := r.Commit("add", map[string]string{"deploy.env": body, "static/app.js": body})
	res := history(t, r.Dir, historyOpts(t))
	want := map[string]string{"deploy.env": "in an environment file", "static/app.js": "in client-side code"}
	for _, f := range res.Findings {
		if f.RuleID != "github-pat" {
			continue
		}
		w, ok := want[f.File]
		if !ok {
			t.Errorf("unexpected finding in %s", f.File)
			continue
		}
		delete(want, f.File)
		for _, s := range []string{"was committed in " + add[:12], w, "git filter-repo", "rotate it at GitHub"} {
			if !strings.Contains(f.Message, s) {
				t.Errorf("%s: message %q lacks %q", f.File, f.Message, s)
			}
		}
		if strings.Contains(f.Message, tok) {
			t.Errorf("%s: message shows the secret", f.File)
		}
	}
	if len(want) > 0 {
		t.Errorf("no github-pat finding in %v", want)
	}
}

// A working-tree finding's message says where the secret is written and
// names no commit.
func TestDirMessageNamesKind(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	tok := gittest.FakeToken("dir-messages")
	if err := os.MkdirAll(filepath.Join(root, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, ".github", "workflows", "ci.yml"), []byte("env:\n  T: "+tok+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := gitEngine()
	if err != nil {
		t.Fatal(err)
	}
	res, err := scan.Run(context.Background(), scan.Source{Path: root}, scan.Options{Engine: e, NoGitignore: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want 1", len(res.Findings))
	}
	msg := res.Findings[0].Message
	if !strings.Contains(msg, "is written in a CI workflow") || !strings.Contains(msg, "secrets.NAME") || strings.Contains(msg, "committed") {
		t.Errorf("message %q", msg)
	}
}

// Text from standard input is not a file of the tree: its findings say so,
// while a file that happens to be named stdin is judged as a file.
func TestReaderMessageNamesNoFile(t *testing.T) {
	t.Parallel()
	e, err := gitEngine()
	if err != nil {
		t.Fatal(err)
	}
	tok := gittest.FakeToken("reader-messages")
	res, err := scan.Run(context.Background(), scan.Source{Kind: scan.Input, Input: strings.NewReader("GITHUB_TOKEN=" + tok + "\n"), Path: "stdin"}, scan.Options{Engine: e})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || !strings.Contains(res.Findings[0].Message, "is written in the text scanned") {
		t.Errorf("findings %+v, want one written in the text scanned", res.Findings)
	}

	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "stdin"), []byte("GITHUB_TOKEN="+tok+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = scan.Run(context.Background(), scan.Source{Path: root}, scan.Options{Engine: e, NoGitignore: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || !strings.Contains(res.Findings[0].Message, "in a file of the repository") {
		t.Errorf("findings %+v, want one in a file of the repository", res.Findings)
	}
}
