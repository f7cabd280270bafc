package report

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tightlip/tightlip/internal/textsafe"
)

// escapeHidden writes every character of JSON text that could hide or
// reorder what a terminal shows (bidi controls, zero-width characters,
// U+2028/9, C1 controls, DEL; see textsafe.Hides) as a \u escape. Outside
// its strings JSON holds only ASCII, so such a character is always inside a
// string, where the escape means the same character: a decoder reads the
// same document, and a person who prints the file sees the escape.
// encoding/json already escapes the C0 controls and invalid UTF-8.
func escapeHidden(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r >= 0x20 && textsafe.Hides(r) && r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		case r >= 0x20 && textsafe.Hides(r):
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
