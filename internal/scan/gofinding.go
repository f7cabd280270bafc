package scan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/textpos"
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
func vetFinding(rootFS *os.Root, root string, d vetDiagnostic, cat *rule.Catalogue) finding.Finding {
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
		f.Category, f.Severity = rule.HardcodedSecret, rule.Error
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || !filepath.IsLocal(rel) {
		return f
	}
	src, err := safefile.ReadFileIn(rootFS, rel, maxGoSource)
	if err != nil {
		return f
	}
	if f.Category == rule.HardcodedSecret {
		f.Secret = literalAt(src, line, col, endLine, endCol)
	}
	// go vet counts columns in bytes; reports count code points, as for
	// the content rules.
	ix := textpos.New(src)
	f.Line, f.Column = ix.FromByteColumn(line, col)
	f.EndLine, f.EndColumn = ix.FromByteColumn(endLine, endCol)
	if f.RuleID == rulePlainHTTP {
		f.Fix = httpsFix(d, file, f.File, src, ix, offsetOf(src, line, col))
	}
	return f
}

// rulePlainHTTP is insecuretransport.RulePlainHTTP, whose fix scans carry.
const rulePlainHTTP = "go-plain-http-url"

// httpsFix is the finding's fix when the analyzer offered the one edit
// that makes a plain-HTTP literal's scheme https:// and the file, as read
// here, agrees: the edit names this file, starts right after the quote
// that opens the literal the diagnostic points at (litStart), replaces
// exactly the bytes "http://" (in any case) and that literal is a whole
// Go string literal whose source text starts with them. Anything else is
// no fix: go vet's output is trusted no further than the file confirms.
func httpsFix(d vetDiagnostic, file, rel string, src []byte, ix *textpos.Index, litStart int) *finding.Fix {
	if len(d.SuggestedFixes) != 1 || len(d.SuggestedFixes[0].Edits) != 1 || litStart < 0 {
		return nil
	}
	e := d.SuggestedFixes[0].Edits[0]
	const scheme = "http://"
	if filepath.Clean(e.Filename) != filepath.Clean(file) || e.New != "https://" || e.Start != litStart+1 || e.End != e.Start+len(scheme) || e.End > len(src) {
		return nil
	}
	if q := src[litStart]; q != '"' && q != '`' {
		return nil
	}
	lit, err := strconv.QuotedPrefix(string(src[litStart:]))
	if err != nil || len(lit) < 2+len(scheme) || !strings.EqualFold(lit[1:1+len(scheme)], scheme) {
		return nil
	}
	r := finding.Replace{File: rel, Offset: int64(e.Start), Old: string(src[e.Start:e.End]), Text: e.New, Digest: digest(src)}
	r.Line, r.Column = ix.FromOffset(e.Start)
	r.EndLine, r.EndColumn = ix.FromOffset(e.End)
	return &finding.Fix{Description: "Use https:// in " + rel, Replaces: []finding.Replace{r}}
}

// digest is the SHA-256 of data in hex, as finding.Replace records it.
func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
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
