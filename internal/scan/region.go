package scan

import (
	"bytes"
	"hash/maphash"

	"github.com/tightlip/tightlip/internal/textpos"
)

// maxMargin bounds how many unchanged lines on each side of an edit are
// scanned with it.
//
// An edit's regions are enough when every match that touches a changed line
// lies inside it: then the secrets it misses are in unchanged text that the
// base version holds too, at the same path, and were found (and attributed
// to an older commit) when the base was scanned. (Between two hunks the
// lines are one run the base holds in one piece, see touchedLines, so a
// match inside them is in the base too.) A match spans at most as many
// newlines as its rule's regex can match (detect's newlineReach), so the
// margin is the largest such reach among the rules (Engine.MaxReach): 12
// for gitleaks' and tightlip's single-secret rules (curl-auth-header), up
// to 16 for a user's rules of the same shape. (The few rules whose match
// need not hold a keyword, such as sourcegraph-access-token's bare 40 hex
// digits, are gated by a keyword anywhere in the text scanned, as gitleaks
// gates them by one anywhere in a commit's added lines: for an edit, that
// text is its region.) Multi-line key formats (private keys, PuTTY keys,
// Kubernetes secrets…) can reach further: their rules (Engine.LongReach)
// see the whole edited file instead, so that an edit deep inside a key,
// such as the fix of its END line, is found too.
const maxMargin = 16

// region is a part of a blob to scan: bytes [from, to), which start on
// 0-based line line.
type region struct{ from, to, line int }

// splitAbove and maxEdits bound the line diff of changedRegions: a changed
// span of up to splitAbove lines is scanned as it is, a longer one is
// split into hunks when at most maxEdits line insertions and deletions
// explain it (otherwise most of it changed anyway).
const (
	splitAbove = 4 * maxMargin
	maxEdits   = 256
)

// changedRegions returns the parts of next worth scanning after an edit of
// base: what changed, widened to whole lines and margin lines of context on
// each side, merged where they meet.
//
// The common prefix and suffix are trimmed first, one comparison pass with
// no line diff: the versions a history holds mostly differ in a few lines,
// and this is what lets an edit of a large file cost what the edit costs
// rather than what the file costs. When the edits are far apart (an import
// at the top, a function at the bottom), the span between them is split by
// a line diff into its hunks, so that the unchanged middle is not scanned.
func changedRegions(base, next []byte, margin int) []region {
	p := commonPrefix(base, next)
	s := commonSuffix(base[p:], next[p:])
	start := lineStart(next, p)
	endNext := lineEnd(next, max(p, len(next)-s-1))
	endBase := lineEnd(base, max(p, len(base)-s-1))
	if bytes.Count(next[start:endNext], []byte{'\n'}) > splitAbove {
		touched, ok := touchedLines(lineHashes(base[start:endBase]), lineHashes(next[start:endNext]), maxEdits)
		if ok && len(touched) > 0 {
			return aroundLines(next, bytes.Count(next[:start], []byte{'\n'}), touched, margin)
		}
	}
	return []region{aroundSpan(next, p, len(next)-s, margin)}
}

// aroundSpan widens the changed bytes [start, end) of next (empty for a
// pure deletion) to whole lines and the margin.
func aroundSpan(next []byte, start, end, margin int) region {
	from := lineStart(next, start)
	for i := 0; i < margin && from > 0; i++ {
		from = lineStart(next, from-1)
	}
	to := lineEnd(next, max(start, end-1))
	for i := 0; i < margin && to < len(next); i++ {
		to = lineEnd(next, to)
	}
	return region{from, to, bytes.Count(next[:from], []byte{'\n'})}
}

// aroundLines returns the regions of next around touched lines (sorted, 0-
// based, counted from line first), each widened by the margin, merged
// where they overlap or meet.
func aroundLines(next []byte, first int, touched []int, margin int) []region {
	// Both ends of the regions only move forward: two cursors find them
	// without indexing the lines of the whole file.
	from, to := lineCursor{data: next}, lineCursor{data: next}
	var out []region
	for _, t := range touched {
		lo, hi := max(0, first+t-margin), first+t+margin+1
		if n := len(out); n > 0 && out[n-1].to >= from.offset(lo) {
			out[n-1].to = max(out[n-1].to, to.offset(hi))
			continue
		}
		out = append(out, region{from.offset(lo), to.offset(hi), lo})
	}
	return out
}

// lineCursor finds where lines of data start, for line numbers that never
// decrease.
type lineCursor struct {
	data      []byte
	line, pos int // line starts at pos
}

// offset returns where 0-based line l starts, or len(data) past the last
// line.
func (c *lineCursor) offset(l int) int {
	for c.line < l && c.pos < len(c.data) {
		i := bytes.IndexByte(c.data[c.pos:], '\n')
		if i < 0 {
			c.pos = len(c.data)
			break
		}
		c.pos += i + 1
		c.line++
	}
	return c.pos
}

// lineStart returns the offset where the line holding offset i starts.
func lineStart(data []byte, i int) int {
	return bytes.LastIndexByte(data[:min(i, len(data))], '\n') + 1
}

// lineEnd returns the offset just past the line holding offset i, its
// newline included.
func lineEnd(data []byte, i int) int {
	if i >= len(data) {
		return len(data)
	}
	if k := bytes.IndexByte(data[i:], '\n'); k >= 0 {
		return i + k + 1
	}
	return len(data)
}

// lineHashes hashes each line of data (without its newline).
func lineHashes(data []byte) []uint64 {
	out := make([]uint64, 0, bytes.Count(data, []byte{'\n'})+1)
	forLines(data, func(line []byte) { out = append(out, maphash.Bytes(lineSeed, line)) })
	return out
}

var lineSeed = maphash.MakeSeed()

// commonPrefix returns the length of the common prefix of a and b,
// comparing in blocks so that memcmp does the work.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	const block = 256
	i := 0
	for i+block <= n && bytes.Equal(a[i:i+block], b[i:i+block]) {
		i += block
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the common suffix of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	const block = 256
	i := 0
	for i+block <= n && bytes.Equal(a[len(a)-i-block:len(a)-i], b[len(b)-i-block:len(b)-i]) {
		i += block
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// lineSet answers "did this version of a file bring this line?" for the
// scans that report only added lines (a range, the index): a line is new
// when no base version has a line with the same bytes. A line moved or
// copied within the file is therefore not new, which is what a pull request
// check wants: its secret was there already. Lines are numbered as
// findings number them, a lone '\r' breaking a line too (textpos), and
// compared without their line break.
type lineSet struct {
	seed  maphash.Seed
	known map[uint64]struct{}
	lines [][]byte // the lines of next
}

func newLineSet(next []byte, bases [][]byte) *lineSet {
	ls := &lineSet{seed: maphash.MakeSeed(), known: map[uint64]struct{}{}}
	for _, b := range bases {
		textpos.ForLines(b, func(line []byte) { ls.known[maphash.Bytes(ls.seed, line)] = struct{}{} })
	}
	textpos.ForLines(next, func(line []byte) { ls.lines = append(ls.lines, line) })
	return ls
}

// anyNew reports whether a line in [first, last] (1-based) is new.
func (ls *lineSet) anyNew(first, last int) bool {
	for l := max(first, 1); l <= last && l <= len(ls.lines); l++ {
		if _, ok := ls.known[maphash.Bytes(ls.seed, ls.lines[l-1])]; !ok {
			return true
		}
	}
	return false
}

// forLines calls fn for each line of data, without its newline. Only \n
// ends a line here, as in the engine's line numbers (textpos.ForLines also
// ends one at a lone \r): a changed line must have the number the
// engine's findings carry.
func forLines(data []byte, fn func([]byte)) {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			fn(data)
			return
		}
		fn(data[:i])
		data = data[i+1:]
	}
}
