package textpos_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/textpos"
)

func TestFromOffset(t *testing.T) {
	for _, c := range []struct {
		name, content, at string // at is found in content; its first occurrence is the offset
		line, col         int
	}{
		{"first line", "key=SECRET\n", "SECRET", 1, 5},
		{"unix lines", "a\nb\nkey=SECRET\n", "SECRET", 3, 5},
		{"windows lines", "a\r\nb\r\nkey=SECRET\r\n", "SECRET", 3, 5},
		{"old mac lines", "a\rb\rkey=SECRET\r", "SECRET", 3, 5},
		{"mixed lines", "a\r\nb\rc\nkey=SECRET", "SECRET", 4, 5},
		{"blank lone CR lines", "\r\r\rkey=SECRET", "SECRET", 4, 5},
		{"code points, not bytes", "naïve—ключ=SECRET\n", "SECRET", 1, 12},
		{"astral code point", "😀=SECRET", "SECRET", 1, 3},
		{"at the end", "abc", "", 1, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			off := len(c.content)
			if c.at != "" {
				off = strings.Index(c.content, c.at)
			}
			line, col := textpos.New([]byte(c.content)).FromOffset(off)
			if line != c.line || col != c.col {
				t.Errorf("got %d:%d, want %d:%d", line, col, c.line, c.col)
			}
		})
	}
}

func TestFromByteColumn(t *testing.T) {
	content := []byte("x := 1\n\tv := \"ключ=SECRET\"\rnext := \"SECRET\"\n")
	ix := textpos.New(content)
	for _, c := range []struct{ line, col, wantLine, wantCol int }{
		{1, 1, 1, 1},
		{2, 2, 2, 2},   // after the tab
		{2, 17, 2, 13}, // SECRET after four two-byte letters
		{2, 30, 3, 6},  // past the lone CR: line 3 to an editor
		{2, 99, 3, 17}, // past the line: its end
		{0, 0, 0, 0},   // unknown stays unknown
	} {
		if l, col := ix.FromByteColumn(c.line, c.col); l != c.wantLine || col != c.wantCol {
			t.Errorf("FromByteColumn(%d, %d) = %d:%d, want %d:%d", c.line, c.col, l, col, c.wantLine, c.wantCol)
		}
	}
}

func TestForLinesAndLoneCRs(t *testing.T) {
	for _, c := range []struct {
		in      string
		lines   []string
		loneCRs int
	}{
		{"a\nb\n", []string{"a", "b"}, 0},
		{"a\r\nb", []string{"a", "b"}, 0},
		{"a\rb\r", []string{"a", "b"}, 2},
		{"a\r\rb\n\nc", []string{"a", "", "b", "", "c"}, 2},
		{"a\r\r\nb", []string{"a", "", "b"}, 1},
		{"", nil, 0},
	} {
		var got []string
		textpos.ForLines([]byte(c.in), func(l []byte) { got = append(got, string(l)) })
		if !slices.Equal(got, c.lines) {
			t.Errorf("ForLines(%q) = %q, want %q", c.in, got, c.lines)
		}
		if n := textpos.LoneCRs([]byte(c.in)); n != c.loneCRs {
			t.Errorf("LoneCRs(%q) = %d, want %d", c.in, n, c.loneCRs)
		}
	}
}
