package scan_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/scan"
)

// utf16BOM encodes s as UTF-16 with a byte order mark, as Windows tools
// write it.
func utf16BOM(s string, bigEndian bool) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune("\uFEFF" + s)) {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// A UTF-16 file is scanned as text, at the lines and columns an editor
// shows; a stray NUL does not hide a file; a binary file stays skipped.
func TestDirTextEncodings(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	tok := gittest.FakeToken("utf-16")
	body := "; exported settings\r\n\"Token\"=\"" + tok + "\"\r\n"
	write(t, root, "le.reg", utf16BOM(body, false))
	write(t, root, "be.reg", utf16BOM(body, true))
	write(t, root, "stray-nul.env", []byte("\x00# settings\nGITHUB_TOKEN="+tok+"\n"))
	write(t, root, "image.dat", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR GITHUB_TOKEN="+tok+"\n"))

	res := scanDir(t, root, scan.Options{})
	type pos struct {
		file      string
		line, col int
	}
	var got []pos
	for _, f := range res.Findings {
		if f.Secret != tok {
			t.Errorf("%s: secret %.12q…, want the token", f.File, f.Secret)
		}
		got = append(got, pos{f.File, f.Line, f.Column})
	}
	want := []pos{{"be.reg", 2, 10}, {"le.reg", 2, 10}, {"stray-nul.env", 2, 14}}
	if len(got) != len(want) {
		t.Fatalf("findings at %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d at %v, want %v", i, got[i], want[i])
		}
	}
	if s := res.Summary; s.FilesScanned != 3 || s.Skipped[scan.SkipBinary] != 1 {
		t.Errorf("scanned %d, skipped %v; want 3 scanned, the PNG skipped", s.FilesScanned, s.Skipped)
	}
}

// History reads blobs the same way: a UTF-16 file's secret is found when it
// is added and when an edit adds one.
func TestHistoryUTF16(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	first, second := gittest.FakeToken("utf-16-first"), gittest.FakeToken("utf-16-second")
	head := "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Corp]\r\n"
	filler := string(bytes.Repeat([]byte("\"Setting\"=\"value\"\r\n"), 40))
	add := r.Commit("export settings", map[string]string{"corp.reg": string(utf16BOM(head+"\"Token\"=\""+first+"\"\r\n"+filler, false))})
	edit := r.Commit("rotate", map[string]string{"corp.reg": string(utf16BOM(head+"\"Token\"=\""+first+"\"\r\n"+filler+"\"Backup\"=\""+second+"\"\r\n", false))})
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"corp.reg", first, add}, found{"corp.reg", second, edit})
	if f := res.Findings[1]; f.Line != 45 {
		t.Errorf("second token on line %d, want 45", f.Line)
	}
}

// Old Mac files break lines with a lone CR: history and range scans report
// the lines an editor shows, and a range tells added lines from old ones
// by those lines.
func TestHistoryAndRangeCROnlyLines(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	old, added := gittest.FakeToken("cr-only-old"), gittest.FakeToken("cr-only-added")
	filler := strings.ReplaceAll(gittest.Lines(1, 30), "\n", "\r")
	r.Commit("base", map[string]string{"mac.env": "OLD=" + old + "\r" + filler})
	base := r.Git("rev-parse", "HEAD")
	edit := r.Commit("add a token", map[string]string{"mac.env": "OLD=" + old + "\r" + filler + "NEW=" + added + "\r" + filler})
	res := scanRange(t, r.Dir, base, edit)
	wantFindings(t, res, found{"mac.env", added, edit})
	if f := res.Findings[0]; f.Line != 32 || f.Column != 5 {
		t.Errorf("range: token at %d:%d, want 32:5", f.Line, f.Column)
	}
	res = history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"mac.env", old, base}, found{"mac.env", added, edit})
	if f := res.Findings[1]; f.Line != 32 {
		t.Errorf("history: token on line %d, want 32", f.Line)
	}
}

// A file that switches from CR to LF lines: an edit far below the CR part
// is scanned as a region, whose lines count the CRs above it.
func TestHistoryMixedLineEndsRegion(t *testing.T) {
	t.Parallel()
	r := gittest.New(t)
	old, added := gittest.FakeToken("mixed-old"), gittest.FakeToken("mixed-added")
	crPart := "OLD=" + old + "\r" + strings.ReplaceAll(gittest.Lines(1, 30), "\n", "\r") + "from here on LF\n"
	lfPart := gittest.Lines(1, 60)
	base := r.Commit("base", map[string]string{"mixed.env": crPart + lfPart})
	edit := r.Commit("add a token", map[string]string{"mixed.env": crPart + lfPart + "NEW=" + added + "\n"})
	res := history(t, r.Dir, historyOpts(t))
	wantFindings(t, res, found{"mixed.env", old, base}, found{"mixed.env", added, edit})
	if f := res.Findings[1]; f.Line != 93 {
		t.Errorf("token on line %d, want 93", f.Line)
	}
	res = scanRange(t, r.Dir, base, edit)
	wantFindings(t, res, found{"mixed.env", added, edit})
}
