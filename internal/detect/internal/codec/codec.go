// Package codec finds base64, hex, percent and unicode-escaped text and
// decodes it in place, pass by pass, exactly as gitleaks' detect/codec does
// (the same matches, decoded values, segment positions and tags), without
// its regular expression: finding the encoded runs is one pass over the
// bytes instead of a regexp with submatches, which on text full of base64
// cost more than all of tightlip's rules together. The differential test
// holds it to gitleaks' package.
package codec

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Segment is a run of text that one pass decoded.
type Segment struct {
	// prev are all the segments of the pass before (nil in the first).
	prev []*Segment
	// original is where the segment lies in the text before any pass,
	// encoded where it lay in the text its pass decoded, and decoded where
	// its decoded value lies in that pass's output.
	original, encoded, decoded span
	value                      string // what it decoded to
	kinds                      kind
	depth                      int
}

// Decoder decodes text one pass at a time. It keeps a buffer between
// calls, so it is for one goroutine.
type Decoder struct {
	matches []match
	scratch []byte
}

// Decode decodes every encoded run of text that decodes to printable text
// (any text, for unicode escapes) and returns the result with the segments
// it decoded; text itself and no segments when there were none. prev are
// the segments of the pass that produced text, so that positions map back
// to the original.
func (d *Decoder) Decode(text string, prev []*Segment) (string, []*Segment) {
	d.matches = keep(find(text, d.matches[:0]))
	var segs []*Segment
	shift := 0
	for _, m := range d.matches {
		value := decodeValue(m.kind, text[m.start:m.end])
		if value == "" {
			continue
		}
		s := &Segment{
			prev:     prev,
			original: toOriginal(prev, m.span),
			encoded:  m.span,
			decoded:  span{m.start + shift, m.start + shift + len(value)},
			value:    value,
			kinds:    m.kind,
			depth:    1,
		}
		shift += len(value) - (m.end - m.start)
		if len(prev) > 0 {
			s.depth = 1 + prev[0].depth
			for _, p := range prev {
				if s.encoded.overlaps(p.decoded) {
					s.kinds |= p.kinds
				}
			}
		}
		segs = append(segs, s)
	}
	if len(segs) == 0 {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text) + shift)
	at := 0
	for _, s := range segs {
		b.WriteString(text[at:s.encoded.start])
		b.WriteString(s.value)
		at = s.encoded.end
	}
	b.WriteString(text[at:])
	return b.String(), segs
}

// Has reports whether a first pass of Decode over line would decode
// anything, without decoding: a cheap test of whether a line is worth
// decoding.
func (d *Decoder) Has(line []byte) bool {
	d.matches = keep(find(line, d.matches[:0]))
	for _, m := range d.matches {
		if d.decodes(m.kind, line[m.start:m.end]) {
			return true
		}
	}
	return false
}

// Overlapping reports whether [start, end) of the last pass's output touches
// what one of its segments decoded.
func Overlapping(segs []*Segment, start, end int) bool {
	for _, s := range segs {
		if s.decoded.overlaps(span{start, end}) {
			return true
		}
	}
	return false
}

// Original maps [start, end) of the last pass's output back to the
// original text.
func Original(segs []*Segment, start, end int) (int, int) {
	o := toOriginal(segs, span{start, end})
	return o.start, o.end
}

// toOriginal maps a span of the text that the segments' pass produced to the
// text before every pass, one pass at a time. A span inside one segment's
// decoded value maps to that segment's whole original; one that reaches
// past decoded values is widened by how far it reaches. (An unset result is
// told by end 0, as in gitleaks, whose mapping this keeps to the byte.)
func toOriginal(segs []*Segment, s span) span {
	if len(segs) == 0 {
		return s
	}
	var enc span
	for _, p := range segs {
		if !p.decoded.overlaps(s) {
			continue
		}
		if p.decoded.contains(s) {
			return p.original
		}
		m := p.decoded.merge(s)
		e := span{p.encoded.start + m.start - p.decoded.start, p.encoded.end + m.end - p.decoded.end}
		if enc.end == 0 {
			enc = e
		} else {
			enc = enc.merge(e)
		}
	}
	if enc.end == 0 {
		return s
	}
	return toOriginal(segs[0].prev, enc)
}

// Tags names the encodings the segments decoded and how many passes it took,
// as gitleaks tags its findings ("decoded:base64", "decode-depth:2").
func Tags(segs []*Segment) []string {
	if len(segs) == 0 {
		return nil
	}
	var kinds kind
	for _, s := range segs {
		kinds |= s.kinds
	}
	var tags []string
	for i, name := range kindNames {
		if kinds&(1<<i) != 0 {
			tags = append(tags, "decoded:"+name)
		}
	}
	return append(tags, fmt.Sprintf("decode-depth:%d", segs[0].depth))
}

// decodeValue decodes a match of kind k; "" when it does not decode.
func decodeValue(k kind, v string) string {
	switch k {
	case percent:
		return decodePercent(v)
	case unicode:
		return decodeUnicode(v)
	case hexKind:
		if b, ok := decodeHex(v, nil); ok {
			return string(b)
		}
	case base64Kind:
		if b, ok := decodeBase64(v, nil); ok {
			return string(b)
		}
	}
	return ""
}

// decodes reports whether decodeValue(k, v) would not be "".
func (d *Decoder) decodes(k kind, v []byte) bool {
	switch k {
	case percent:
		for i := 0; i+2 < len(v); i++ {
			if v[i] == '%' && isHex(v, i+1) && isHex(v, i+2) {
				if !printable(unhex(v[i+1])<<4 | unhex(v[i+2])) {
					return false
				}
				i += 2
			}
		}
		return true
	case unicode:
		return true
	case hexKind:
		b, ok := decodeHex(v, d.scratch[:0])
		d.scratch = b[:0]
		return ok
	}
	b, ok := decodeBase64(v, d.scratch[:0])
	d.scratch = b[:0]
	return ok
}

// decodePercent decodes each %XX escape; "" when one is not a printable
// byte.
func decodePercent(v string) string {
	out := make([]byte, 0, len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && i+2 < len(v) && isHex(v, i+1) && isHex(v, i+2) {
			c := unhex(v[i+1])<<4 | unhex(v[i+2])
			if !printable(c) {
				return ""
			}
			out = append(out, c)
			i += 2
			continue
		}
		out = append(out, v[i])
	}
	return string(out)
}

// decodeUnicode decodes a run of U+XXXX code points (dropping the
// whitespace after each) or of \uXXXX escapes into UTF-8.
func decodeUnicode(v string) string {
	var out []byte
	for i := 0; i < len(v); {
		switch {
		case v[i] == 'U': // U+XXXX and a whitespace byte, or the end
			out = appendCodePoint(out, v[i+2:i+6])
			i += 7
		case v[i+1] == '\\': // \\uXXXX
			out = appendCodePoint(out, v[i+3:i+7])
			i += 7
		default: // \uXXXX
			out = appendCodePoint(out, v[i+2:i+6])
			i += 6
		}
	}
	return string(out)
}

func appendCodePoint(out []byte, hex4 string) []byte {
	r, _ := strconv.ParseUint(hex4, 16, 16) // four hex digits: find checked them
	return utf8.AppendRune(out, rune(r))
}

// decodeHex decodes pairs of hex digits into dst (and returns it, grown,
// either way, for reuse): false unless the digits
// come in pairs, hold a decimal digit (a run of letters is a word more
// often than hex) and decode to printable bytes.
func decodeHex[T ~string | ~[]byte](v T, dst []byte) ([]byte, bool) {
	if len(v)%2 != 0 || !hasDigit(v, false) {
		return dst[:0], false
	}
	for i := 0; i < len(v); i += 2 {
		c := unhex(v[i])<<4 | unhex(v[i+1])
		if !printable(c) {
			return dst[:0], false
		}
		dst = append(dst, c)
	}
	return dst, true
}

// decodeBase64 decodes standard base64, or failing that unpadded URL-safe
// base64, into dst (returned grown either way): false unless v holds a digit or one of +/-_ (a run of
// letters is a word more often than base64) and decodes to printable
// bytes.
func decodeBase64[T ~string | ~[]byte](v T, dst []byte) ([]byte, bool) {
	if !hasDigit(v, true) {
		return dst[:0], false
	}
	src := []byte(v)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
		dst = dst[:0]
		dst = append(dst, make([]byte, enc.DecodedLen(len(src)))...)
		n, err := enc.Decode(dst, src)
		if err == nil && printableAll(dst[:n]) {
			return dst[:n], true
		}
	}
	return dst[:0], false
}

// hasDigit reports whether v holds a decimal digit, or with symbols one of
// +/-_ too.
func hasDigit[T ~string | ~[]byte](v T, symbols bool) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= '0' && c <= '9' || symbols && (c == '+' || c == '/' || c == '-' || c == '_') {
			return true
		}
	}
	return false
}

// printable is gitleaks' test for decoded bytes: tab, newline and the
// other control characters from 0x09 on, and ASCII up to '~'.
func printable(c byte) bool { return c > 0x08 && c < 0x7f }

func printableAll(b []byte) bool {
	for _, c := range b {
		if !printable(c) {
			return false
		}
	}
	return true
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
