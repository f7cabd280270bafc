package scan

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tightlip/tightlip/finding"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/textpos"
	"github.com/tightlip/tightlip/rules"
)

// maxGoSource bounds a Go file read for a finding: go vet parsed it, so it
// is text, but its size is the tree's choice.
const maxGoSource = 64 * safefile.MiB

// vetFinding turns a go vet diagnostic into a finding, with the catalogue's
// category and severity. For hard-coded secrets the literal's value is the
// finding's secret, so that reports redact it and fingerprints follow it.
//
// The finding's file is read, under rootFS, to find the literal and count
// columns: only a regular file, not a link, of at most maxGoSource bytes.
func vetFinding(rootFS *os.Root, root string, d vetDiagnostic, cat *rules.Catalogue) finding.Finding {
	file, line, col := splitPosn(d.Posn)
	_, endLine, endCol := splitPosn(d.End)
	if endLine == 0 {
		endLine, endCol = line, col
	}
	f := finding.Finding{
		RuleID:    d.Category,
		Message:   strings.TrimPrefix(d.Message, "["+d.Category+"] "),
		File:      relSlash(root, file),
		Line:      line,
		Column:    col,
		EndLine:   endLine,
		EndColumn: endCol,
	}
	if r, ok := cat.Lookup(d.Category); ok {
		f.Category, f.Severity = r.Category, r.Severity
	} else {
		f.Category, f.Severity = rules.HardcodedSecret, rules.Error
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || !filepath.IsLocal(rel) {
		return f
	}
	src, err := safefile.ReadFileIn(rootFS, rel, maxGoSource)
	if err != nil {
		return f
	}
	if f.Category == rules.HardcodedSecret {
		f.Secret = literalAt(src, line, col, endLine, endCol)
	}
	// go vet counts columns in bytes; reports count code points, as for
	// the content rules.
	ix := textpos.New(src)
	f.Line, f.Column = ix.FromByteColumn(line, col)
	f.EndLine, f.EndColumn = ix.FromByteColumn(endLine, endCol)
	return f
}

// splitPosn splits go vet's "file:line:col".
func splitPosn(posn string) (file string, line, col int) {
	rest, c, ok := cutLast(posn)
	if !ok {
		return posn, 0, 0
	}
	file, l, ok := cutLast(rest)
	if !ok {
		return rest, c, 0
	}
	return file, l, c
}

func cutLast(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return s, 0, false
	}
	return s[:i], n, true
}

// literalAt returns the value of the string literal between two positions
// of a file, or "" when the text there is not one.
func literalAt(src []byte, line, col, endLine, endCol int) string {
	start, end := offsetOf(src, line, col), offsetOf(src, endLine, endCol)
	if start < 0 || end <= start {
		return ""
	}
	v, err := strconv.Unquote(string(src[start:end]))
	if err != nil {
		return ""
	}
	return v
}

// offsetOf turns a 1-based line and byte column into an offset, -1 if out
// of range.
func offsetOf(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	if off+col-1 > len(src) {
		return -1
	}
	return off + col - 1
}

func fingerprintText(f finding.Finding) string {
	if f.Secret != "" {
		return f.Secret
	}
	return f.Message
}
