package gitignore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
)

// The fix is one insertion at the end of the file as it was scanned, in
// its line endings, after a line break when the last line has none, of
// every missing entry (.env first).
func TestFixInsertionPoint(t *testing.T) {
	tests := []struct {
		name, content string // "" with absent: no file
		absent        bool
		line, column  int
		offset        int64
		text          string // how the text starts: the .env entry
	}{
		{"no file", "", true, 1, 1, 0, ".env\n"},
		{"empty file", "", false, 1, 1, 0, ".env\n"},
		{"ends with a newline", "node_modules/\ndist/\n", false, 3, 1, 20, ".env\n"},
		{"last line unterminated", "node_modules/\ndist/", false, 2, 6, 19, "\n.env\n"},
		{"CRLF", "node_modules/\r\ndist/\r\n", false, 3, 1, 22, ".env\r\n"},
		{"CRLF, last line unterminated", "node_modules/\r\ndist/", false, 2, 6, 20, "\r\n.env\r\n"},
		// Columns count code points; a lone CR breaks a line for an editor
		// (git still reads one line there).
		{"multi-byte last line", "node_modules/\nnaïve/", false, 2, 7, 21, "\n.env\n"},
		{"lone CR", "node_modules/\rdist/", false, 2, 6, 19, "\n.env\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if !tt.absent {
				write(t, root, ".gitignore", tt.content)
			}
			fs := byRule(check(t, root, gitignore.Options{}), gitignore.RuleMissing)
			if len(fs) != 1 || fs[0].Fix == nil || len(fs[0].Fix.Inserts) != 1 {
				t.Fatalf("want one finding with a single-insert fix, got %+v", fs)
			}
			in := fs[0].Fix.Inserts[0]
			if in.File != ".gitignore" || in.Line != tt.line || in.Column != tt.column || in.Offset != tt.offset || !strings.HasPrefix(in.Text, tt.text) {
				t.Errorf("insert %+v\n  want file .gitignore, %d:%d, offset %d, text starting %q", in, tt.line, tt.column, tt.offset, tt.text)
			}
			eol := "\n"
			if strings.Contains(tt.content, "\r\n") {
				eol = "\r\n"
			}
			body := strings.TrimPrefix(in.Text, eol)
			lines := strings.Split(strings.TrimSuffix(body, eol), eol)
			for _, e := range fs[0].Entries {
				if !slices.Contains(lines, e) {
					t.Errorf("entry %s is not a line of the fix %q", e, in.Text)
				}
			}
			if len(lines) < len(defaultMissing()) || strings.Contains(strings.Join(lines, ""), "\n") || strings.Contains(strings.Join(lines, ""), "\r") {
				t.Errorf("fix %q: want every missing entry on a line of its own, in the file's line endings", in.Text)
			}
		})
	}
}

// The .env.* fix keeps the templates trackable, unless the user's own
// lines exclude them already.
func TestFixKeepsTemplates(t *testing.T) {
	root := tree(t, map[string]string{".gitignore": ".env\n.env.sample\n"})
	var text string
	for _, f := range byRule(check(t, root, gitignore.Options{}), gitignore.RuleMissing) {
		text = f.Fix.Inserts[0].Text
	}
	if want := ".env.*\n!.env.example\n!.env.template\n!.env.dist\n"; !strings.HasPrefix(text, want) || strings.Contains(text, "!.env.sample") {
		t.Errorf("fix text %q, want it to hold %q", text, want)
	}
}

// --fix appends, keeps line endings, and a second run changes nothing.
func TestApply(t *testing.T) {
	tests := []struct {
		name, before string
		absent       bool
	}{
		{"creates a missing .gitignore", "", true},
		{"appends to LF", "# build\nnode_modules/\n!keep.pem\n", false},
		{"adds the missing line break", "node_modules/", false},
		{"keeps CRLF", "# build\r\nnode_modules/\r\n.env\r\n", false},
		{"keeps CRLF, adds the line break", "node_modules/\r\n.env", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			write(t, root, "svc/go.mod", "module svc\n")
			write(t, root, "svc/.gitignore", "!*.key\n")
			if !tt.absent {
				write(t, root, ".gitignore", tt.before)
			}
			res := check(t, root, gitignore.Options{})
			applied, err := gitignore.Apply(root, res.Findings)
			if err != nil {
				t.Fatal(err)
			}
			after := read(t, root, ".gitignore")
			if !strings.HasPrefix(after, tt.before) {
				t.Fatalf("the user's lines changed:\nbefore %q\nafter  %q", tt.before, after)
			}
			added := strings.TrimPrefix(after, tt.before)
			crlf := strings.Contains(tt.before, "\r\n")
			if crlf && strings.Count(added, "\n") != strings.Count(added, "\r\n") {
				t.Errorf("a CRLF file got LF lines: %q", added)
			}
			if !crlf && strings.Contains(added, "\r") {
				t.Errorf("an LF file got CR: %q", added)
			}
			if !strings.HasSuffix(after, "\n") {
				t.Errorf("no final line break: %q", after)
			}
			if len(applied) != 2 || applied[0].File != ".gitignore" || applied[0].Created != tt.absent ||
				applied[1].File != "svc/.gitignore" || strings.Join(applied[1].Lines, ",") != "*.key" {
				t.Errorf("applied %+v", applied)
			}
			if n := len(applied[0].Lines); n != strings.Count(added, "\n")-boolInt(tt.before != "" && !strings.HasSuffix(tt.before, "\n")) {
				t.Errorf("applied says %d lines, added %q", n, added)
			}

			// Nothing is left to fix, and a second run changes nothing.
			res = check(t, root, gitignore.Options{})
			if fs := byRule(res, gitignore.RuleMissing); len(fs) != 0 {
				t.Errorf("after --fix: %d gitignore-missing findings, first %s", len(fs), fs[0].Message)
			}
			again, err := gitignore.Apply(root, res.Findings)
			if err != nil || len(again) != 0 {
				t.Errorf("second Apply: %+v, %v", again, err)
			}
			if read(t, root, ".gitignore") != after {
				t.Errorf("second run changed .gitignore")
			}
		})
	}
}

// A file that changed between the scan and the fix is left alone.
func TestApplyRefusesAChangedFile(t *testing.T) {
	root := tree(t, map[string]string{".gitignore": "dist/\n"})
	res := check(t, root, gitignore.Options{})
	write(t, root, ".gitignore", "dist/\nbuild/\n")
	_, err := gitignore.Apply(root, res.Findings)
	if err == nil || !strings.Contains(err.Error(), ".gitignore") || !strings.Contains(err.Error(), "changed since the scan") {
		t.Errorf("Apply after an edit: %v, want an error naming .gitignore", err)
	}
	if got := read(t, root, ".gitignore"); got != "dist/\nbuild/\n" {
		t.Errorf(".gitignore is now %q, want it untouched", got)
	}
}

// Apply only touches gitignore-missing fixes.
func TestApplyIgnoresOtherFindings(t *testing.T) {
	root := t.TempDir()
	other := finding.Finding{RuleID: "something-else", File: "x", Fix: &finding.Fix{Inserts: []finding.Insert{{File: "x", Text: "y\n"}}}}
	applied, err := gitignore.Apply(root, []finding.Finding{other, {RuleID: gitignore.RuleMissing}})
	if err != nil || len(applied) != 0 {
		t.Errorf("Apply: %+v, %v; want nothing done", applied, err)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
