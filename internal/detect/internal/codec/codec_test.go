package codec

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	glcodec "github.com/zricethezav/gitleaks/v8/detect/codec"
)

// The test data here is made-up text, encoded: no secret of any kind.

// agree decodes text up to five passes with this package and with
// gitleaks' and fails on the first difference: the decoded text, the
// segments' tags, and for spans all over each pass's output whether they
// touch a segment and where they map back to.
func agree(t *testing.T, text string) {
	t.Helper()
	var d Decoder
	gl := glcodec.NewDecoder()
	cur, glCur := text, text
	var segs []*Segment
	var glSegs []*glcodec.EncodedSegment
	for depth := 1; depth <= 5; depth++ {
		cur, segs = d.Decode(cur, segs)
		glCur, glSegs = gl.Decode(glCur, glSegs)
		if cur != glCur {
			t.Fatalf("%q, pass %d: decoded to\n%q\ngitleaks:\n%q", text, depth, cur, glCur)
		}
		if len(segs) != len(glSegs) {
			t.Fatalf("%q, pass %d: %d segments, gitleaks %d", text, depth, len(segs), len(glSegs))
		}
		if len(segs) == 0 {
			return
		}
		if got, want := Tags(segs), glcodec.Tags(glSegs); !slices.Equal(got, want) {
			t.Fatalf("%q, pass %d: tags %q, gitleaks %q", text, depth, got, want)
		}
		for start := 0; start <= len(cur); start += 1 + len(cur)/12 {
			for end := start; end <= len(cur); end += 1 + len(cur)/8 {
				over := len(glcodec.SegmentsWithDecodedOverlap(glSegs, start, end)) > 0
				if got := Overlapping(segs, start, end); got != over {
					t.Fatalf("%q, pass %d: [%d,%d) overlapping %v, gitleaks %v", text, depth, start, end, got, over)
				}
				want := glcodec.AdjustMatchIndex(glSegs, []int{start, end})
				if s, e := Original(segs, start, end); s != want[0] || e != want[1] {
					t.Fatalf("%q, pass %d: [%d,%d) maps to [%d,%d), gitleaks %v", text, depth, start, end, s, e, want)
				}
			}
		}
	}
}

// hasAgrees checks Has against whether gitleaks' first pass decodes
// anything in a line.
func hasAgrees(t *testing.T, line string) {
	t.Helper()
	var d Decoder
	_, segs := glcodec.NewDecoder().Decode(line, nil)
	if got := d.Has([]byte(line)); got != (len(segs) > 0) {
		t.Fatalf("Has(%q) = %v, gitleaks decodes %d segments", line, got, len(segs))
	}
}

func TestDecodeCases(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	for _, text := range []string{
		"",
		"plain text, nothing encoded",
		"token=" + b64([]byte("not-a-real-token-made-up-for-tests")),
		"url=" + base64.RawURLEncoding.EncodeToString([]byte("made up value ~~~ ???")),
		"double=" + b64([]byte(b64([]byte("made-up inner text 1234")))),
		"hex=" + hex.EncodeToString([]byte("made-up hex text 42")),
		"hexword=abcdefabcdefabcdefabcdefabcdefabcdef",                                 // no digit: not decoded as hex
		hex.EncodeToString([]byte("made-up hex text 42")) + "ghijklmnopqrstuvwxyz0123", // hex, then base64 touching it
		"p=%41%42%43 and %44 on the line%45\nnext %46 line",
		"bad percent %00%41",
		"%4",
		"%41%4",
		"U+0041 U+0042\tU+0043",
		"U+0041 U+0042 tail U+0043",
		"U+0041x and U+00410",
		`esc=\u0041\u0042\\u0043\U0044 \\\u0045 \u00`,
		`\ud800 lone surrogate`,
		"aGVsbG8gd29ybGQgMTIzNDU2Nzg5MA== trailing",
		"aGVsbG8gd29ybGQgMTIzNDU2Nzg5MA=== three",
		"é" + b64([]byte("made-up value after a multi-byte character 1")) + "\xff\xfe",
		"%41" + b64([]byte("made up, percent before base64 22")),
		"mixed " + b64([]byte("%41%42 made-up 33")) + " " + b64([]byte(`\u0041 made-up 44`)),
	} {
		agree(t, text)
		for line := range strings.SplitSeq(text, "\n") {
			hasAgrees(t, line)
		}
	}
}

// TestDecodeRandom compares with gitleaks on random text built from the
// pieces its patterns care about, nested encodings included.
func TestDecodeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		text := randomText(rng, 1+rng.IntN(12))
		agree(t, text)
		hasAgrees(t, strings.ReplaceAll(text, "\n", " "))
	}
}

// pieces are what randomText strings together.
var pieces = []string{
	"%", "%4", "%41", "%7e", "%0a", "%00", "%ZZ", "U", "U+", "U+0041", "U+00e9", "U+d800", " ", "\t", "\n", "\r", "\f", "\v",
	`\`, `\\`, `\u`, `\u0041`, `\U004a`, `\\u0042`, `\ud83d`, "=", "==", "+", "/", "-", "_", "a", "Z", "0", "9", "f", "F",
	"é", "\xff", "abcdef", "0123456789", "ABCDEFabcdef012345", "ghijklmnop", "xyz/+-_", "key=", "\"", "'",
}

func randomText(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		switch r := rng.IntN(10); {
		case r < 6:
			for range 1 + rng.IntN(8) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
		case r < 9:
			inner := randomText(rng, 1+rng.IntN(3))
			if rng.IntN(2) == 0 {
				inner = "made-up 42 " + inner
			}
			switch rng.IntN(4) {
			case 0:
				b.WriteString(base64.StdEncoding.EncodeToString([]byte(inner)))
			case 1:
				b.WriteString(base64.RawURLEncoding.EncodeToString([]byte(inner)))
			case 2:
				b.WriteString(hex.EncodeToString([]byte(inner)))
			default:
				for _, c := range []byte(inner) {
					fmt.Fprintf(&b, "%%%02x", c)
				}
			}
		default:
			for _, r := range "made up" {
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&b, "U+%04X ", r)
				} else {
					fmt.Fprintf(&b, `\u%04x`, r)
				}
			}
		}
	}
	return b.String()
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"%41%42", "U+0041 ", `\u0041`, "aGVsbG8gd29ybGQgMTIzNDU2Nzg5MA==", "6d6164652d7570206865782074657874203432"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		agree(t, text)
		hasAgrees(t, strings.ReplaceAll(text, "\n", " "))
	})
}
