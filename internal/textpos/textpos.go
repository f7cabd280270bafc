// Package textpos turns byte positions in a file into the positions
// tightlip reports, whatever found them (the content rules, go vet): lines
// break at "\n", "\r\n" and a lone "\r" (old Mac files), as editors break
// them, and columns count Unicode code points from 1, which is what SARIF
// calls unicodeCodePoints.
package textpos

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Index converts positions in one file's content.
type Index struct {
	content []byte
	// nl holds the offset of every '\n'; cr the offset of every '\r' that
	// no '\n' follows. Both are sorted.
	nl, cr []int
}

// New indexes content. It costs a pass over the bytes: build it for files
// that have something to report.
func New(content []byte) *Index {
	ix := &Index{content: content}
	for off := 0; ; {
		i := bytes.IndexByte(content[off:], '\n')
		if i < 0 {
			break
		}
		ix.nl = append(ix.nl, off+i)
		off += i + 1
	}
	eachLoneCR(content, func(at int) { ix.cr = append(ix.cr, at) })
	return ix
}

// FromByteColumn converts a position given as a 1-based line counted by
// '\n' alone and a 1-based column in bytes, as go/token and the content
// engine count them, into the reported line and code point column. A
// position past its line or the content is clamped to the end of it.
func (ix *Index) FromByteColumn(line, col int) (int, int) {
	if line < 1 || col < 1 {
		return line, col
	}
	start := 0
	if line > 1 {
		if line-2 >= len(ix.nl) {
			start = len(ix.content)
		} else {
			start = ix.nl[line-2] + 1
		}
	}
	end := len(ix.content)
	if line-1 < len(ix.nl) {
		end = ix.nl[line-1]
	}
	return ix.FromOffset(min(start+col-1, end))
}

// FromOffset returns the reported line and column of a byte offset.
func (ix *Index) FromOffset(off int) (line, col int) {
	off = max(0, min(off, len(ix.content)))
	nls := sort.SearchInts(ix.nl, off) // '\n's before off
	crs := sort.SearchInts(ix.cr, off) // lone '\r's before off
	start := 0
	if nls > 0 {
		start = ix.nl[nls-1] + 1
	}
	if crs > 0 {
		start = max(start, ix.cr[crs-1]+1)
	}
	return nls + crs + 1, utf8.RuneCount(ix.content[start:off]) + 1
}

// LoneCRs counts the '\r's in data that no '\n' follows: the line breaks
// of old Mac files, which a count of '\n's misses.
func LoneCRs(data []byte) int {
	n := 0
	eachLoneCR(data, func(int) { n++ })
	return n
}

// eachLoneCR calls fn with the offset of each lone '\r' in data. A '\r' at
// the very end counts: data is a whole file, or ends at a '\n'.
func eachLoneCR(data []byte, fn func(at int)) {
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], '\r')
		if i < 0 {
			return
		}
		at := off + i
		if at+1 >= len(data) || data[at+1] != '\n' {
			fn(at)
		}
		off = at + 1
	}
}

// ForLines calls fn for each line of data, without its line break.
func ForLines(data []byte, fn func(line []byte)) {
	if bytes.IndexByte(data, '\r') < 0 {
		// The common case, at memchr speed.
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				fn(data)
				return
			}
			fn(data[:i])
			data = data[i+1:]
		}
		return
	}
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			fn(data)
			return
		}
		fn(data[:i])
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
}
