package scan

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"
)

// Text kinds decodeText tells apart.
const (
	kindText    = "text" // UTF-8, ASCII or another 8-bit encoding
	kindUTF8BOM = "utf-8 with BOM"
	kindUTF16LE = "utf-16le"
	kindUTF16BE = "utf-16be"
)

// sniffLen is how much of a file decides whether it is text, as in git.
const sniffLen = 8000

// decodeText returns a file's content as UTF-8 text to scan, or ok false
// for binary content, which is not scanned.
//
//   - UTF-16 with a byte order mark (FF FE, FE FF), as Windows tools write
//     .reg exports, PowerShell output and some .config files, is decoded to
//     UTF-8; without a mark it is recognised when the first bytes are
//     ASCII-range UTF-16 (one byte of each pair NUL, the other not). Line
//     numbers stay those of the file; columns count code points.
//   - A UTF-8 byte order mark is dropped, so that the first line's columns
//     and a rule anchored at the start of the text are right.
//   - Anything else is binary when it starts with a known binary format's
//     magic number (PNG, ZIP, ELF, PDF, gzip …) or when more than 1% of
//     its first 8000 bytes are NUL or control bytes that text does not use.
//     git calls a file binary on a single NUL there; a stray NUL in a
//     config file would then hide the whole file.
func decodeText(data []byte) (text []byte, kind string, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], false, kindUTF16LE)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], true, kindUTF16BE)
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data, kind = data[3:], kindUTF8BOM
	default:
		kind = kindText
		if hasBinaryMagic(data) {
			return nil, "", false
		}
		if bigEndian, ok := utf16Unmarked(data); ok {
			kind = kindUTF16LE
			if bigEndian {
				kind = kindUTF16BE
			}
			return decodeUTF16(data, bigEndian, kind)
		}
	}
	if oddBytes(data[:min(len(data), sniffLen)]) {
		return nil, "", false
	}
	return data, kind, true
}

// decodeUTF16 decodes UTF-16 (after its byte order mark) to UTF-8. Unpaired
// surrogates and a trailing odd byte become U+FFFD; the result must still
// read as text.
func decodeUTF16(data []byte, bigEndian bool, kind string) ([]byte, string, bool) {
	out := make([]byte, 0, len(data)/2+len(data)/8)
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	bad := 0
	i := 0
	for ; i+1 < len(data); i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) {
			if i+3 < len(data) {
				if pair := utf16.DecodeRune(r, unit(i+2)); pair != utf8.RuneError {
					out = utf8.AppendRune(out, pair)
					i += 2
					continue
				}
			}
			r = utf8.RuneError
			bad++
		}
		out = utf8.AppendRune(out, r)
	}
	if i < len(data) {
		out = utf8.AppendRune(out, utf8.RuneError)
	}
	sample := out[:min(len(out), sniffLen)]
	if bad*100 > utf8.RuneCount(sample)+1 || oddBytes(sample) {
		return nil, "", false
	}
	return out, kind, true
}

// utf16Unmarked recognises UTF-16 without a byte order mark by its ASCII
// range characters: in the first bytes, nearly every high byte is NUL and
// nearly every low byte is not.
func utf16Unmarked(data []byte) (bigEndian, ok bool) {
	sample := data[:min(len(data), sniffLen)&^1]
	if len(sample) < 8 {
		return false, false
	}
	var evenNUL, oddNUL int
	for i := 0; i < len(sample); i += 2 {
		if sample[i] == 0 {
			evenNUL++
		}
		if sample[i+1] == 0 {
			oddNUL++
		}
	}
	pairs := len(sample) / 2
	switch {
	case oddNUL*10 >= pairs*9 && evenNUL*10 <= pairs:
		return false, true
	case evenNUL*10 >= pairs*9 && oddNUL*10 <= pairs:
		return true, true
	}
	return false, false
}

// oddBytes reports whether more than 1% of sample (and more than one byte)
// is NUL or a control byte that text does not use: tab, newlines, form and
// vertical feed, backspace and escape (terminal colours in logs) are text.
func oddBytes(sample []byte) bool {
	odd := 0
	for _, c := range sample {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != '\b' && c != 0x1B || c == 0x7F {
			odd++
		}
	}
	return odd > 1 && odd*100 > len(sample)
}

// binaryMagic lists the leading bytes of common binary formats. Each is
// long enough, or odd enough, that no text file starts with it. Compressed
// formats would fail the control byte test anyway; PDF, ZIP and images
// can begin with long runs of text-like bytes.
var binaryMagic = [][]byte{
	[]byte("\x89PNG"),
	[]byte("GIF87a"), []byte("GIF89a"),
	{0xFF, 0xD8, 0xFF},             // JPEG
	[]byte("PK\x03\x04"),           // ZIP, JAR, DOCX, APK
	[]byte("PK\x05\x06"),           // empty ZIP
	[]byte("\x7fELF"),              // ELF
	[]byte("%PDF-"),                // PDF
	{0x1F, 0x8B},                   // gzip
	[]byte("\xfd7zXZ\x00"),         // xz
	{0x28, 0xB5, 0x2F, 0xFD},       // zstd
	[]byte("7z\xbc\xaf\x27\x1c"),   // 7-Zip
	[]byte("Rar!\x1a\x07"),         // RAR
	{0xCA, 0xFE, 0xBA, 0xBE},       // Java class, Mach-O fat binary
	{0xFE, 0xED, 0xFA, 0xCE},       // Mach-O 32-bit
	{0xFE, 0xED, 0xFA, 0xCF},       // Mach-O 64-bit
	{0xCE, 0xFA, 0xED, 0xFE},       // Mach-O 32-bit, little endian
	{0xCF, 0xFA, 0xED, 0xFE},       // Mach-O 64-bit, little endian
	[]byte("\x00asm"),              // WebAssembly
	[]byte("SQLite format 3\x00"),  // SQLite
	{0xD0, 0xCF, 0x11, 0xE0, 0xA1}, // OLE2 (old Office files, MSI)
}

func hasBinaryMagic(data []byte) bool {
	for _, m := range binaryMagic {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	return false
}
