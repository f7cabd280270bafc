package detect

import (
	"bytes"
	"strings"

	"github.com/tightlip/tightlip/internal/allowmark"
	"github.com/tightlip/tightlip/internal/detect/internal/codec"
)

// decodedCandidates finds secrets hidden by base64, hex, percent or unicode
// encoding, as gitleaks does by default: it decodes such text in place,
// runs the rules over the decoded text again, and keeps matches that
// overlap decoded bytes, reported at the encoded text's position.
//
// gitleaks decodes whole files, finding encoded text with a regexp whose
// submatches cost about 100 ns a byte, one of the most expensive things it
// does. tightlip finds the same text in one pass over the bytes (codec),
// and decodes only the lines where a first pass would decode something: in
// source code that is a small part of a file.
func (e *Engine) decodedCandidates(p *pass, path string, content []byte) []candidate {
	lines := newLineIndex(content, nil)
	var dec codec.Decoder
	var out []candidate
	from, to := -1, -1 // current region, in 0-based lines
	flush := func() {
		if from >= 0 && !p.done() {
			out = append(out, e.decodeRegion(p, &dec, path, content, lines, from, to)...)
		}
	}
	for l, off := 0, 0; off < len(content); l++ {
		end := lines.end(l)
		if dec.Has(bytes.TrimSuffix(content[off:end], []byte{'\n'})) {
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
func (e *Engine) decodeRegion(p *pass, dec *codec.Decoder, path string, content []byte, lines lineIndex, from, to int) []candidate {
	base := lines.start(from)
	raw := strings.TrimSuffix(string(content[base:lines.end(to)]), "\n")
	var out []candidate
	current, segments := raw, []*codec.Segment(nil)
	for depth := 1; depth <= e.maxDecodeDepth; depth++ {
		current, segments = dec.Decode(current, segments)
		if len(segments) == 0 {
			break
		}
		for _, c := range e.candidates(p, path, []byte(current)) {
			if c.Secret == "" {
				continue // path-only rules say nothing about decoded text
			}
			start, end := offsetIn(current, c.Line, c.Column), offsetIn(current, c.EndLine, c.EndColumn)
			if !codec.Overlapping(segments, start, end) {
				continue // found in text that was not encoded: the plain pass has it
			}
			origStart, origEnd := codec.Original(segments, start, end)
			c.Line, c.Column = lines.position(base + origStart)
			c.EndLine, c.EndColumn = lines.position(base + origEnd)
			c.matchLine = c.Line
			c.decoded = true
			c.Message += " (in " + strings.Join(codec.Tags(segments), ", ") + " text)"
			lineStart := lines.start(c.Line - 1)
			c.allowed = c.allowed || allowmark.In(string(content[lineStart:lines.end(c.Line-1)]))
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
