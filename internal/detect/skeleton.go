package detect

import (
	"regexp/syntax"
	"slices"
	"unicode"
	"unicode/utf8"
)

// skeletons holds a regex's skeleton twice: for any text, and for ASCII
// text, where every character is one byte and the offsets are exact (with
// (?i), k and s also match the Kelvin sign and the long s, so in general a
// six-letter keyword may take up to 14 bytes). Most text is ASCII.
//
// A regex that begins with an alternation gets a pair per branch
// (connection-string-password's URL, ADO and libpq forms have little in
// common), and passes when one of them does.
type skeletons struct {
	any, ascii skeleton
	span       int // bytes the ASCII checks look at
	branches   []skeletons
}

// maxBranches bounds the alternations split into branches.
const maxBranches = 64

func newSkeletons(re *syntax.Regexp) skeletons {
	alt, ok := splitAlternation(re)
	if !ok {
		return pairOf(re)
	}
	var sk skeletons
	for _, b := range alt.branches {
		sk.branches = append(sk.branches, pairOf(alt.with(b)))
	}
	return sk
}

// alternation is a regex that begins (after empty-width assertions) with
// an alternation: before it, its branches, what follows.
type alternation struct {
	before, branches, after []*syntax.Regexp
}

// splitAlternation reports whether re begins with an alternation of at most
// maxBranches branches, and splits it there.
func splitAlternation(re *syntax.Regexp) (alternation, bool) {
	var subs []*syntax.Regexp
	flatten(re, &subs)
	i := 0
	for i < len(subs) && isEmptyWidth(subs[i]) {
		i++
	}
	if i == len(subs) {
		return alternation{}, false
	}
	n := subs[i]
	for n.Op == syntax.OpCapture {
		n = n.Sub[0]
	}
	if n.Op != syntax.OpAlternate || len(n.Sub) > maxBranches {
		return alternation{}, false
	}
	return alternation{before: subs[:i], branches: n.Sub, after: subs[i+1:]}, true
}

// with returns the regex with only the given branches (at least one).
func (a alternation) with(branches ...*syntax.Regexp) *syntax.Regexp {
	alt := branches[0]
	if len(branches) > 1 {
		alt = &syntax.Regexp{Op: syntax.OpAlternate, Sub: branches}
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: slices.Concat(a.before, []*syntax.Regexp{alt}, a.after)}
}

func pairOf(re *syntax.Regexp) skeletons {
	sk := skeletons{any: newSkeleton(re, false), ascii: newSkeleton(re, true)}
	for _, c := range sk.ascii {
		sk.span = max(sk.span, c.hi+1)
	}
	return sk
}

// holds reports whether text (starting at the offset tried) passes.
func (sk skeletons) holds(text []byte) bool {
	if sk.branches != nil {
		for _, b := range sk.branches {
			if b.holds(text) {
				return true
			}
		}
		return false
	}
	window := text[:min(len(text), sk.span)]
	for _, c := range window {
		if c >= utf8.RuneSelf {
			return sk.any.holds(text)
		}
	}
	return sk.ascii.holds(text)
}

// skeleton is a byte-level necessary condition for an anchored regex to
// match at an offset: bytes it must have at fixed distances (jwt's
// `ey[a-zA-Z0-9]{17,}` wants 17 alphanumerics after "ey") or within a
// bounded span (generic-api-key wants one of `=>:|?,` within 26 bytes of
// "key"). Checking a few bytes rules out most keyword hits for a
// fraction of what even a failing regex search costs.
type skeleton []byteCheck

// byteCheck holds when some byte at offset lo..hi (inclusive) is in set.
type byteCheck struct {
	lo, hi int
	set    *[256]bool
}

// maxChecks bounds a skeleton; the first checks are the cheap ones.
const maxChecks = 48

// newSkeleton derives the checks from a regex tree matched from its start.
// It follows the leading elements while their offsets stay bounded and
// stops at the first it cannot size, so every check it returns is implied
// by a match.
// With ascii set, it holds for ASCII text only.
func newSkeleton(re *syntax.Regexp, ascii bool) skeleton {
	var sk skeleton
	var subs []*syntax.Regexp
	flatten(re, &subs)
	lo, hi := 0, 0
	for _, n := range subs {
		if len(sk) >= maxChecks {
			break
		}
		// A run of single characters: one fixed check per copy.
		if set, w, ok := charSet(n, ascii); ok && w == 1 {
			sk.add(lo, hi, set)
			lo, hi = lo+1, hi+1
			continue
		}
		if n.Op == syntax.OpRepeat && n.Min > 0 {
			if set, w, ok := charSet(n.Sub[0], ascii); ok && w == 1 {
				for i := range min(n.Min, maxChecks) {
					sk.add(lo+i, hi+i, set)
				}
				lo, hi = lo+n.Min, hi+n.Min
				if n.Max < 0 {
					break
				}
				hi += n.Max - n.Min
				continue
			}
		}
		// Anything else: what it must begin with, when it cannot be empty.
		if set, nullable := firstBytes(n, ascii); !nullable && set != nil {
			sk.add(lo, hi, set)
		}
		minW, maxW, ok := width(n, ascii)
		if !ok {
			break
		}
		lo, hi = lo+minW, hi+maxW
	}
	return sk
}

func (sk *skeleton) add(lo, hi int, set *[256]bool) {
	for _, b := range set {
		if !b {
			*sk = append(*sk, byteCheck{lo, hi, set})
			return
		}
	}
	// Any byte will do: no check.
}

// holds reports whether text (starting at the offset tried) passes.
func (sk skeleton) holds(text []byte) bool {
	for _, c := range sk {
		found := false
		for i := c.lo; i <= c.hi && i < len(text); i++ {
			if c.set[text[i]] {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// flatten lists the elements of nested concatenations and captures.
func flatten(n *syntax.Regexp, out *[]*syntax.Regexp) {
	switch n.Op {
	case syntax.OpConcat:
		for _, s := range n.Sub {
			flatten(s, out)
		}
	case syntax.OpCapture:
		flatten(n.Sub[0], out)
	case syntax.OpLiteral:
		// One element per character, each with the literal's flags.
		for _, r := range n.Rune {
			*out = append(*out, &syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{r}, Flags: n.Flags})
		}
	default:
		*out = append(*out, n)
	}
}

// charSet returns the first bytes of a single-character node and its width
// in bytes when that is fixed (0 when not). With ascii set, only ASCII
// characters count.
func charSet(n *syntax.Regexp, ascii bool) (set *[256]bool, width int, ok bool) {
	var ranges []rune
	switch n.Op {
	case syntax.OpLiteral:
		if len(n.Rune) != 1 {
			return nil, 0, false
		}
		r := n.Rune[0]
		ranges = []rune{r, r}
		if n.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				ranges = append(ranges, f, f)
			}
		}
	case syntax.OpCharClass:
		ranges = n.Rune
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		ranges = []rune{0, utf8.MaxRune}
	default:
		return nil, 0, false
	}
	set = new([256]bool)
	minW, maxW := utf8.UTFMax, 0
	for i := 0; i+1 < len(ranges); i += 2 {
		a, b := ranges[i], ranges[i+1]
		for r := a; r <= b && r < utf8.RuneSelf; r++ {
			set[r] = true
		}
		if a < utf8.RuneSelf {
			minW = 1
			maxW = max(maxW, 1)
		}
		if b >= utf8.RuneSelf && !ascii {
			// Lead bytes of multi-byte characters, whichever they are.
			for c := 0xC0; c < 0x100; c++ {
				set[c] = true
			}
			minW = min(minW, utf8.RuneLen(max(a, utf8.RuneSelf)))
			maxW = utf8.UTFMax
		}
	}
	if ascii || minW == maxW {
		return set, 1, true
	}
	return set, 0, true
}

// width returns the fewest and most bytes n can match, or false when the
// most is unbounded (or n is an operator it does not size). The anchor
// bounds its searches with it too.
func width(n *syntax.Regexp, ascii bool) (lo, hi int, ok bool) {
	if _, w, isChar := charSet(n, ascii); isChar {
		if w == 0 {
			return 1, utf8.UTFMax, true
		}
		return w, w, true
	}
	if isEmptyWidth(n) {
		return 0, 0, true
	}
	switch n.Op {
	case syntax.OpLiteral, syntax.OpConcat, syntax.OpCapture:
		var subs []*syntax.Regexp
		flatten(n, &subs)
		for _, s := range subs {
			a, b, ok := width(s, ascii)
			if !ok {
				return 0, 0, false
			}
			lo, hi = lo+a, hi+b
		}
		return lo, hi, true
	case syntax.OpAlternate:
		lo = -1
		for _, s := range n.Sub {
			a, b, ok := width(s, ascii)
			if !ok {
				return 0, 0, false
			}
			if lo < 0 || a < lo {
				lo = a
			}
			hi = max(hi, b)
		}
		return lo, hi, true
	case syntax.OpQuest:
		_, b, ok := width(n.Sub[0], ascii)
		return 0, b, ok
	case syntax.OpRepeat:
		if n.Max < 0 {
			return 0, 0, false
		}
		a, b, ok := width(n.Sub[0], ascii)
		return a * n.Min, b * n.Max, ok
	}
	return 0, 0, false // star, plus, and what is not sized here
}

// firstBytes returns the bytes a non-empty match of n can begin with (nil
// when unknown) and whether n can match the empty string.
func firstBytes(n *syntax.Regexp, ascii bool) (set *[256]bool, nullable bool) {
	if s, _, ok := charSet(n, ascii); ok {
		return s, false
	}
	if isEmptyWidth(n) {
		return new([256]bool), true
	}
	switch n.Op {
	case syntax.OpQuest, syntax.OpStar:
		set, _ := firstBytes(n.Sub[0], ascii)
		return set, true
	case syntax.OpPlus:
		return firstBytes(n.Sub[0], ascii)
	case syntax.OpRepeat:
		set, nullable := firstBytes(n.Sub[0], ascii)
		return set, nullable || n.Min == 0
	case syntax.OpLiteral, syntax.OpConcat, syntax.OpCapture:
		var subs []*syntax.Regexp
		flatten(n, &subs)
		union := new([256]bool)
		for _, s := range subs {
			set, nullable := firstBytes(s, ascii)
			if set == nil {
				return nil, false
			}
			orInto(union, set)
			if !nullable {
				return union, false
			}
		}
		return union, true
	case syntax.OpAlternate:
		union, anyNullable := new([256]bool), false
		for _, s := range n.Sub {
			set, nullable := firstBytes(s, ascii)
			if set == nil {
				return nil, false
			}
			orInto(union, set)
			anyNullable = anyNullable || nullable
		}
		return union, anyNullable
	}
	return nil, false
}

func orInto(dst, src *[256]bool) {
	for i, b := range src {
		dst[i] = dst[i] || b
	}
}

func isEmptyWidth(n *syntax.Regexp) bool {
	switch n.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	return false
}
