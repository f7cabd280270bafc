package literalfix_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/literalfix"
)

const src = "package main\n\nvar (\n\ta = \"http://api.partner.io/a\"\n\tb = `HTTP://api.partner.io/b`\n)\n"

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// schemeFix is the fix of the literal whose scheme starts at the first
// occurrence of old in content, as a scan of content would make it.
func schemeFix(file, content, old string, line int) finding.Finding {
	off := strings.Index(content, old)
	return finding.Finding{
		RuleID: "go-plain-http-url", File: file, Line: line, Identity: file + old,
		Fix: &finding.Fix{Description: "Use https://", Replaces: []finding.Replace{
			{File: file, Line: line, Offset: int64(off), Old: old, Text: "https://", Digest: digest(content)},
		}},
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Both literals of a file are fixed in one rewrite, in any case of the
// scheme and either kind of quote; a second apply of the same fixes finds
// the file changed and leaves it.
func TestApply(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cmd", "main.go")
	write(t, path, src)
	fs := []finding.Finding{schemeFix("cmd/main.go", src, "HTTP://", 5), schemeFix("cmd/main.go", src, "http://", 4), {RuleID: "other", File: "x.go"}}
	applied, err := literalfix.Apply(dir, fs)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("http://", "https://", "HTTP://", "https://").Replace(src)
	if got := read(t, path); got != want {
		t.Errorf("after Apply:\n%s\nwant:\n%s", got, want)
	}
	if len(applied) != 1 || applied[0].File != "cmd/main.go" || len(applied[0].Changes) != 2 || applied[0].Changes[0].Line != 4 || len(applied[0].Identities) != 2 {
		t.Errorf("applied %+v", applied)
	}

	_, err = literalfix.Apply(dir, fs)
	if err == nil || !strings.Contains(err.Error(), "cmd/main.go") || !strings.Contains(err.Error(), "changed since the scan") {
		t.Errorf("second Apply: %v, want the file named as changed", err)
	}
	if got := read(t, path); got != want {
		t.Errorf("second Apply changed the file:\n%s", got)
	}
}

// A fix is applied only where the file is as scanned and the replacement
// is the scheme at the start of a whole literal; else the file is named
// and left as it was, and the other files are still fixed.
func TestApplyRefuses(t *testing.T) {
	dir := t.TempDir()
	ok := schemeFix("ok.go", src, "http://", 4)
	write(t, filepath.Join(dir, "ok.go"), src)

	changed := schemeFix("changed.go", src, "http://", 4)
	write(t, filepath.Join(dir, "changed.go"), src+"// edited\n")

	// A fix that does not match the file though the digest does: a
	// forged or confused report.
	moved := schemeFix("moved.go", src, "http://", 4)
	moved.Fix.Replaces[0].Offset--
	write(t, filepath.Join(dir, "moved.go"), src)
	notScheme := schemeFix("other.go", src, "http://", 4)
	notScheme.Fix.Replaces[0].Text = "ftp://"
	write(t, filepath.Join(dir, "other.go"), src)
	comment := "package main\n\n// see http://api.partner.io\n"
	inComment := schemeFix("comment.go", comment, "http://", 3)
	write(t, filepath.Join(dir, "comment.go"), comment)
	notGo := schemeFix("app.yaml", src, "http://", 4)
	write(t, filepath.Join(dir, "app.yaml"), src)
	linked := schemeFix("link.go", src, "http://", 4)
	if err := os.Symlink(filepath.Join(dir, "moved.go"), filepath.Join(dir, "link.go")); err != nil {
		t.Fatal(err)
	}

	applied, err := literalfix.Apply(dir, []finding.Finding{ok, changed, moved, notScheme, inComment, notGo, linked})
	if len(applied) != 1 || applied[0].File != "ok.go" {
		t.Errorf("applied %+v, want ok.go only", applied)
	}
	if err == nil {
		t.Fatal("no error for the refused files")
	}
	for file, why := range map[string]string{
		"changed.go": "changed since the scan", "moved.go": "no longer starts with http://",
		"other.go": "not a fix --fix applies", "comment.go": "not the start of a string literal",
		"app.yaml": "only rewrites URL literals in .go files", "link.go": "symbolic link",
	} {
		lines := strings.Split(err.Error(), "\n")
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "fix "+file) || strings.HasPrefix(l, "fix: "+file) })
		if i < 0 || !strings.Contains(lines[i], why) {
			t.Errorf("error %q does not name %s with %q", err, file, why)
		}
	}
	for file, want := range map[string]string{"changed.go": src + "// edited\n", "moved.go": src, "other.go": src, "comment.go": comment, "app.yaml": src} {
		if got := read(t, filepath.Join(dir, file)); got != want {
			t.Errorf("%s was changed:\n%s", file, got)
		}
	}
}
