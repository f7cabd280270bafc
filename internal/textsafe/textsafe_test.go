package textsafe_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/textsafe"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"src/config.go", "src/config.go"},
		{"héllo wörld, 日本語 ✓", "héllo wörld, 日本語 ✓"},
		{`C:\Users\x`, `C:\Users\x`},
		{"a\n::warning file=x::pwned", `a\n::warning file=x::pwned`},
		{"a\r\nb\tc", `a\r\nb\tc`},
		{"evil\x1b[31m.go\x7f", `evil\x1b[31m.go\x7f`},
		{"nel\u0085csi\u009b", `nel\u0085csi\u009b`},
		{"invoice\u202egpj.exe", `invoice\u202egpj.exe`},
		{"\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c", `\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u200e\u200f\u061c`},
		{"zero\u200bwidth\ufeff\u00ad", `zero\u200bwidth\ufeff\u00ad`},
		{"line\u2028para\u2029", `line\u2028para\u2029`},
		{"tag\U000E0041", `tag\U000e0041`},
		{"bad\xffutf8\xc3", `bad\xffutf8\xc3`},
	}
	for _, tt := range tests {
		got := textsafe.Escape(tt.in)
		if got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if plain := textsafe.Plain(tt.in); plain != (tt.in == tt.want) {
			t.Errorf("Plain(%q) = %v", tt.in, plain)
		}
		// What comes out is printable on one line, whatever went in.
		if !textsafe.Plain(got) || strings.ContainsAny(got, "\n\r") {
			t.Errorf("Escape(%q) = %q still needs escaping", tt.in, got)
		}
	}
}
