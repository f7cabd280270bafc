package scan

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"
)

// utf16Bytes encodes s as UTF-16, with a byte order mark when bom is set.
func utf16Bytes(s string, bigEndian, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	var out []byte
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

func TestDecodeText(t *testing.T) {
	const text = "[HKEY_CURRENT_USER\\Software\\Corp]\r\n\"Token\"=\"TLFAKE-ünïcode-😀\"\r\n"
	// A byte run that looks like nothing: a compressed or encrypted body.
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(i*131 + i/7)
	}
	for _, c := range []struct {
		name string
		in   []byte
		want string // "" for binary
		kind string
	}{
		{"plain text", []byte(text), text, kindText},
		{"utf-8 with a byte order mark", append([]byte{0xEF, 0xBB, 0xBF}, text...), text, kindUTF8BOM},
		{"utf-16le with a byte order mark", utf16Bytes(text, false, true), text, kindUTF16LE},
		{"utf-16be with a byte order mark", utf16Bytes(text, true, true), text, kindUTF16BE},
		{"utf-16le without a mark", utf16Bytes(text, false, false), text, kindUTF16LE},
		{"utf-16be without a mark", utf16Bytes(text, true, false), text, kindUTF16BE},
		{"utf-16 with an odd trailing byte", append(utf16Bytes("a=b", false, true), 'x'), "a=b\uFFFD", kindUTF16LE},
		{"a stray NUL early in text", []byte("\x00" + text + strings.Repeat("key = value\n", 20)), "\x00" + text + strings.Repeat("key = value\n", 20), kindText},
		{"ANSI colours and form feeds are text", []byte("\x1b[31mred\x1b[0m\f\n"), "\x1b[31mred\x1b[0m\f\n", kindText},
		{"empty", nil, "", kindText},

		{"NULs throughout", bytes.Repeat([]byte("ab\x00\x00cd\x01\x00"), 100), "", ""},
		{"two NULs in a short file", []byte("\x00\x01bin"), "", ""},
		{"noise", noise, "", ""},
		{"PNG", append([]byte("\x89PNG\r\n\x1a\n"), text...), "", ""},
		{"ZIP", append([]byte("PK\x03\x04"), text...), "", ""},
		{"PDF", append([]byte("%PDF-1.7\n"), text...), "", ""},
		{"ELF", append([]byte("\x7fELF"), text...), "", ""},
		{"byte order mark before binary", append([]byte{0xFF, 0xFE}, bytes.Repeat([]byte{0, 0, 1, 0}, 100)...), "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, kind, ok := decodeText(c.in)
			if c.want == "" && c.kind == "" {
				if ok {
					t.Fatalf("decoded as %s text %.40q, want binary", kind, got)
				}
				return
			}
			if !ok {
				t.Fatalf("taken for binary, want %s text", c.kind)
			}
			if string(got) != c.want || kind != c.kind {
				t.Errorf("got %s %.60q, want %s %.60q", kind, got, c.kind, c.want)
			}
		})
	}
}
