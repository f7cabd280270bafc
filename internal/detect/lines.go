package detect

import (
	"bytes"
	"sort"
)

// lineIndex maps byte offsets to lines. It is built only for files where a
// rule has something to look at.
type lineIndex struct {
	// nl holds the offset of every '\n'.
	nl []int
	n  int // content length
}

func newLineIndex(content []byte, buf []int) lineIndex {
	nl := buf[:0]
	for off := 0; ; {
		i := bytes.IndexByte(content[off:], '\n')
		if i < 0 {
			break
		}
		nl = append(nl, off+i)
		off += i + 1
	}
	return lineIndex{nl: nl, n: len(content)}
}

// line returns the 0-based line of offset.
func (li lineIndex) line(off int) int {
	return sort.SearchInts(li.nl, off)
}

// start returns the offset where 0-based line l begins.
func (li lineIndex) start(l int) int {
	if l <= 0 {
		return 0
	}
	if l > len(li.nl) {
		return li.n
	}
	return li.nl[l-1] + 1
}

// end returns the offset just past line l, its newline included.
func (li lineIndex) end(l int) int {
	if l >= len(li.nl) {
		return li.n
	}
	return li.nl[l] + 1
}

// position returns 1-based line and column (in bytes) of offset.
func (li lineIndex) position(off int) (line, col int) {
	l := li.line(off)
	return l + 1, off - li.start(l) + 1
}
