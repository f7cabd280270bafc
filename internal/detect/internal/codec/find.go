package codec

// A kind is one of the encodings codec decodes; kinds are bits, so that a
// segment decoded twice can carry both.
type kind uint8

const (
	percent kind = 1 << iota
	unicode
	hexKind
	base64Kind
)

// kindNames are the kinds' names in bit order, as gitleaks tags them.
var kindNames = [...]string{"percent", "unicode", "hex", "base64"}

// precedence decides between two matches that touch: the more specific
// encoding (or the one that encodes only part of a value) wins, as in
// gitleaks' list of encodings.
func (k kind) precedence() int {
	switch k {
	case percent:
		return 4
	case unicode:
		return 3
	case hexKind:
		return 2
	}
	return 1
}

// span is a half-open byte range.
type span struct{ start, end int }

// overlaps is gitleaks' test, which counts spans that merely touch (one's end
// is the other's start) as overlapping.
func (s span) overlaps(o span) bool { return o.start <= s.end && o.end >= s.start }

func (s span) contains(o span) bool { return s.start <= o.start && o.end <= s.end }

func (s span) merge(o span) span { return span{min(s.start, o.start), max(s.end, o.end)} }

// match is a run of text that looks encoded.
type match struct {
	span
	kind kind
}

// Byte classes of the characters that can start a match.
const (
	clsHex    = 1 << iota // [0-9A-Fa-f]
	clsBase64             // [0-9A-Za-z_/+-]
	clsSpace              // [\t\n\f\r ], regexp's \s
)

var classes = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' {
			t[c] |= clsHex
		}
		if b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b == '/' || b == '+' || b == '-' {
			t[c] |= clsBase64
		}
	}
	for _, b := range []byte("\t\n\f\r ") {
		t[b] |= clsSpace
	}
	return t
}()

func isHex[T ~string | ~[]byte](s T, i int) bool { return i < len(s) && classes[s[i]]&clsHex != 0 }

func hex4[T ~string | ~[]byte](s T, i int) bool {
	return i+4 <= len(s) && isHex(s, i) && isHex(s, i+1) && isHex(s, i+2) && isHex(s, i+3)
}

// find appends to out the matches of the pattern gitleaks combines from its
// encodings, in order, with the regexp package's leftmost-first semantics:
//
//	percent  %[0-9A-Fa-f]{2}(?:.*%[0-9A-Fa-f]{2})?
//	unicode  (?:U\+[a-fA-F0-9]{4}(?:\s|$))+|(?i)(?:\\{1,2}u[a-fA-F0-9]{4})+
//	hex      [0-9A-Fa-f]{32,}
//	base64   [\w\/+-]{16,}={0,2}
//
// At each position the first alternative that matches wins; the search goes
// on after its end. gitleaks runs that pattern through a regexp with
// submatches, which costs about 100 ns a byte; this is one pass over the
// bytes. Every alternative starts with an ASCII byte, which never sits
// inside a multi-byte character, so matching bytes is matching runes.
func find[T ~string | ~[]byte](text T, out []match) []match {
	n := len(text)
	for i := 0; i < n; {
		c := text[i]
		var end int
		var k kind
		switch c {
		case '%':
			end, k = percentAt(text, i), percent
		case '\\':
			end, k = escapesAt(text, i), unicode
		case 'U':
			end, k = codePointsAt(text, i), unicode
		}
		if end == 0 && classes[c]&clsBase64 != 0 {
			run := i + 1
			for run < n && classes[text[run]]&clsBase64 != 0 {
				run++
			}
			h := i
			for h < run && classes[text[h]]&clsHex != 0 {
				h++
			}
			switch {
			case h-i >= 32:
				end, k = h, hexKind
			case run-i >= 16:
				end, k = run, base64Kind
				for pad := 0; pad < 2 && end < n && text[end] == '='; pad++ {
					end++
				}
			default:
				// Shorter than 16 from here, so from anywhere later in the
				// run: only a U+ code point can start inside it.
				i++
				for i < run && text[i] != 'U' {
					i++
				}
				continue
			}
		}
		if end == 0 {
			i++
			continue
		}
		out = append(out, match{span{i, end}, k})
		i = end
	}
	return out
}

// percentAt returns the end of a percent match at i (0 for none): from a
// %XX escape to the last one on the same line, the greedy `.*` between them
// stopping at a newline.
func percentAt[T ~string | ~[]byte](text T, i int) int {
	if !isHex(text, i+1) || !isHex(text, i+2) {
		return 0
	}
	end := i + 3
	for j := end; j < len(text) && text[j] != '\n'; j++ {
		if text[j] == '%' && isHex(text, j+1) && isHex(text, j+2) {
			end = j + 3
		}
	}
	return end
}

// codePointsAt returns the end of a run of U+XXXX code points at i, each
// followed by a whitespace byte (which the match takes) or the end of the
// text; 0 for none.
func codePointsAt[T ~string | ~[]byte](text T, i int) int {
	end := 0
	for k := i; k+1 < len(text) && text[k] == 'U' && text[k+1] == '+' && hex4(text, k+2); {
		switch {
		case k+6 == len(text):
			return len(text)
		case classes[text[k+6]]&clsSpace != 0:
			k += 7
			end = k
			continue
		}
		break
	}
	return end
}

// escapesAt returns the end of a run of \uXXXX escapes at i (one or two
// backslashes each, u in either case); 0 for none.
func escapesAt[T ~string | ~[]byte](text T, i int) int {
	end := 0
	for k := i; k < len(text) && text[k] == '\\'; {
		j := k + 1
		if j < len(text) && text[j] == '\\' {
			j++
		}
		if j >= len(text) || text[j]|0x20 != 'u' || !hex4(text, j+1) {
			break
		}
		k = j + 5
		end = k
	}
	return end
}

// keep drops, as gitleaks does, each match that touches a neighbour of higher
// precedence (judged against the neighbours as found, not as kept). It
// filters all in place: a match is written over one already judged.
func keep(all []match) []match {
	if len(all) < 2 {
		return all
	}
	out := all[:0]
	for i, m := range all {
		if i > 0 && m.overlaps(all[i-1].span) && all[i-1].kind.precedence() > m.kind.precedence() {
			continue
		}
		if i+1 < len(all) && m.overlaps(all[i+1].span) && all[i+1].kind.precedence() > m.kind.precedence() {
			continue
		}
		out = append(out, m)
	}
	return out
}
