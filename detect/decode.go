package detect

import (
	"encoding/base64"
	"strings"

	"github.com/zricethezav/gitleaks/v8/detect/codec"
)

// decodedCandidates finds secrets hidden by base64, hex, percent or unicode
// encoding, as gitleaks does by default: it decodes such text in place,
// runs the rules over the decoded text again, and keeps matches that
// overlap decoded bytes, reported at the encoded text's position.
//
// gitleaks decodes whole files with one combined regex pass per round, one of
// the most expensive things it does. tightlip decodes only the lines that a
// cheap byte scan says could hold an encoded value (mayBeEncoded): in
// source code that is a small part of a file.
func (e *Engine) decodedCandidates(path string, content []byte) []candidate {
	lines := newLineIndex(content, nil)
	var out []candidate
	from, to := -1, -1 // current region, in 0-based lines
	flush := func() {
		if from >= 0 {
			out = append(out, e.decodeRegion(path, content, lines, from, to)...)
		}
	}
	for l, off := 0, 0; off < len(content); l++ {
		end := lines.end(l)
		if mayBeEncoded(content[off:end]) {
			a, b := l-decodeContext, l+decodeContext
			if from >= 0 && a <= to+1 {
				to = b
			} else {
				flush()
				from, to = a, b
			}
		}
		off = end
	}
	flush()
	return out
}

// decodeContext is how many lines around an encoded value the rules see
// after decoding. Each candidate line is decoded on its own: with context
// lines, a base64 PEM body line decoded beside its BEGIN line would be
// reported again as a decoded key, and the conformance samples show no
// finding that needs more.
const decodeContext = 0

// decodeRegion decodes lines [from, to] up to the depth limit and reports
// what the rules find in decoded bytes, at the encoded bytes' position.
func (e *Engine) decodeRegion(path string, content []byte, lines lineIndex, from, to int) []candidate {
	base := lines.start(from)
	raw := strings.TrimSuffix(string(content[base:lines.end(to)]), "\n")
	var out []candidate
	dec := codec.NewDecoder()
	current, segments := raw, []*codec.EncodedSegment(nil)
	for depth := 1; depth <= e.maxDecodeDepth; depth++ {
		current, segments = dec.Decode(current, segments)
		if len(segments) == 0 {
			break
		}
		for _, c := range e.candidates(path, []byte(current)) {
			if c.Secret == "" {
				continue // path-only rules say nothing about decoded text
			}
			start, end := offsetIn(current, c.Line, c.Column), offsetIn(current, c.EndLine, c.EndColumn)
			if len(codec.SegmentsWithDecodedOverlap(segments, start, end)) == 0 {
				continue // found in text that was not encoded: the plain pass has it
			}
			orig := codec.AdjustMatchIndex(segments, []int{start, end})
			c.Line, c.Column = lines.position(base + orig[0])
			c.EndLine, c.EndColumn = lines.position(base + orig[1])
			c.matchLine = c.Line
			c.Message += " (in " + strings.Join(codec.Tags(segments), ", ") + " text)"
			lineStart := lines.start(c.Line - 1)
			c.allowed = c.allowed || hasAllowMarker(string(content[lineStart:lines.end(c.Line-1)]))
			out = append(out, c)
		}
	}
	return out
}

// offsetIn turns a 1-based line and byte column into an offset in s.
func offsetIn(s string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return min(len(s), off+col-1)
}

// mayBeEncoded is a cheap necessary condition for codec to decode something
// in a line, so codec's regex runs on few lines: a run of 16 or more base64
// characters that holds a digit or one of +/-_ (codec skips runs without)
// and either decodes to printable text or holds 32 hex digits; a percent
// escape of a printable byte; or a unicode escape.
func mayBeEncoded(line []byte) bool {
	start, likely := -1, false
	for i := 0; i <= len(line); i++ {
		var c byte
		if i < len(line) {
			c = line[i]
		}
		if i < len(line) && isBase64Char(c) {
			if start < 0 {
				start = i
			}
			likely = likely || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '-' || c == '_'
			continue
		}
		if start >= 0 && i-start >= 16 && likely && runDecodes(line, start, i) {
			return true
		}
		start, likely = -1, false
		switch {
		case c == '%' && i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]):
			if b := unhex(line[i+1])<<4 | unhex(line[i+2]); b > 0x08 && b < 0x7f {
				return true
			}
		case c == '\\' && unicodeEscapeAt(line, i):
			return true
		case c == '+' && i > 0 && line[i-1] == 'U' && hex4(line, i+1):
			return true
		}
	}
	return false
}

// unicodeEscapeAt reports whether a \uXXXX or \\uXXXX escape (u in
// either case) starts at line[i], the shape codec decodes. Escaped
// backslashes and \n are common in code and are not one.
func unicodeEscapeAt(line []byte, i int) bool {
	j := i + 1
	if j < len(line) && line[j] == '\\' {
		j++
	}
	return j < len(line) && (line[j] == 'u' || line[j] == 'U') && hex4(line, j+1)
}

// hex4 reports whether four hex digits start at line[i].
func hex4(line []byte, i int) bool {
	if i+4 > len(line) {
		return false
	}
	for _, c := range line[i : i+4] {
		if !isHex(c) {
			return false
		}
	}
	return true
}

// runDecodes reports whether line[start:end] (a run of base64 characters)
// could decode to printable text as base64 or hex.
func runDecodes(line []byte, start, end int) bool {
	hexRun := 0
	for _, c := range line[start:end] {
		if isHex(c) {
			if hexRun++; hexRun >= 32 {
				return true
			}
		} else {
			hexRun = 0
		}
	}
	for end < len(line) && end-start < 1<<16 && line[end] == '=' {
		end++
	}
	run := string(line[start:end])
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(run); err == nil && printable(b) {
			return true
		}
	}
	return false
}

func isBase64Char(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '+' || c == '/' || c == '-' || c == '_'
}

func printable(b []byte) bool {
	for _, c := range b {
		if c <= 0x08 || c >= 0x7f {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
