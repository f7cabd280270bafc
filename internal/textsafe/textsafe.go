// Package textsafe makes text that an attacker may control (file names,
// messages, configuration values) safe to print to a terminal or a CI log.
package textsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character that could change how a terminal
// or a log shows the line replaced by a visible escape, so that the reader
// sees something odd is there instead of being misled:
//
//   - control characters, C0 and C1, and DEL: \n, \r, \t, \x1b, \u0085;
//   - format characters, which include the bidi controls (U+202A–U+202E,
//     U+2066–U+2069, U+200E, U+200F, U+061C) and the zero-width ones:
//     \u202e, \u200b;
//   - the line and paragraph separators U+2028 and U+2029;
//   - bytes that are not UTF-8: \xff.
//
// A line break therefore never survives: a file name cannot start a new
// line of output, such as a CI workflow command. A backslash is left as
// it is, so that Windows paths stay readable; "\n" in an escaped string
// may thus also be a backslash and an n.
func Escape(s string) string {
	if Plain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80 && Hides(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff && Hides(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		case Hides(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Plain reports whether Escape leaves s as it is: s is valid UTF-8 without
// a character that could hide or rearrange text.
func Plain(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || Hides(r) {
			return false
		}
		i += size
	}
	return true
}

// Hides reports whether r may not show as itself, so that Escape escapes
// it: a control or format character, or a line or paragraph separator.
func Hides(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}
