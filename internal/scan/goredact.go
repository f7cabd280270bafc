package scan

import (
	"go/token"
	"strings"
)

// maxToolLine bounds one line of go list's or go vet's errors in the
// summary.
const maxToolLine = 300

// toolRedactor cleans a line of the go command's error output for the
// summary. Go's errors quote the code they complain about (`cannot use
// "sk_live_…" (untyped string constant) as int value`, `expected 'package',
// found ghp_…` for a file that is not Go), and the scanned tree is what
// they quote: quoted text other than a known import path is hidden here.
// Unquoted secrets are redacted where every problem is, at the report
// boundary (report.Options.Scrub), so that --no-redact works the same for
// all of them.
type toolRedactor struct {
	// known are import paths that may stay quoted.
	known map[string]bool
}

// clean returns line fit for the summary: quoted literals hidden, at most
// maxToolLine bytes.
func (r toolRedactor) clean(line string) string {
	line = r.hideQuoted(strings.TrimSpace(line))
	if len(line) > maxToolLine {
		cut := maxToolLine
		for cut > 0 && !utf8Start(line[cut]) {
			cut--
		}
		line = line[:cut] + "…"
	}
	return line
}

// hideQuoted replaces the text between "…", `…` and '…' quotes with an
// ellipsis, unless it is a known import path, a Go keyword or a single
// character (Go's syntax errors quote tokens: ';', 'package').
func (r toolRedactor) hideQuoted(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexAny(s, "\"`'")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		q := s[i]
		j := strings.IndexByte(s[i+1:], q)
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		inner := s[i+1 : i+1+j]
		b.WriteString(s[:i+1])
		if len(inner) <= 1 || r.known[inner] || token.Lookup(inner).IsKeyword() {
			b.WriteString(inner)
		} else {
			b.WriteString("…")
		}
		b.WriteByte(q)
		s = s[i+2+j:]
	}
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
