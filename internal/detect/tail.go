package detect

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// tail is a cheap test that a keyword hit can begin a match, for rules
// that end SECRET TERMINATOR, as generic-api-key's
// `([\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\x60'"\s;]|\\[nr]|$)`.
// A match that contains a hit at h ends its SECRET at some q after h where
// TERMINATOR can begin (a byte it can begin with, or a line end or the
// end of the text for $), no further from h than the match can reach, and
// the bytes before q can end SECRET. On a line of "key=" repeated no hit
// but the last few has such a q in reach, and the hits dropped spare the
// regex its hundreds of live threads per byte (see bench/scaling).
//
// Every test over-approximates: a hit some match could contain is never
// dropped, so the findings are those without the filter
// (TestTailSameFindings).
type tail struct {
	term     byteSet // bytes TERMINATOR can begin with
	atEnd    bool    // TERMINATOR can match empty: $ (at any line end, to be safe)
	branches []tailBranch
}

// tailBranch is one alternative of SECRET.
type tailBranch struct {
	// items are SECRET's last items, last first, each one character
	// repeated; open says items do not reach SECRET's start.
	items []tailItem
	open  bool
	// reach bounds, in bytes, how far after a hit q can lie: the whole
	// match's longest with this branch; unbounded when it has none.
	reach int
}

type tailItem struct {
	set      byteSet
	min, max int // in bytes; max unbounded or at most maxTailSpan
}

// byteSet is a set of bytes; a character that is not ASCII puts every
// byte from 0x80 on in it.
type byteSet [256]bool

// maxTailSpan bounds the bytes a tail item is checked over: past it, the
// item is taken to go on as long as needed.
const maxTailSpan = 512

// newTail returns nil when re (the rule's whole regex) is not of the
// shape above.
func newTail(re *syntax.Regexp) *tail {
	var subs []*syntax.Regexp
	flatten(re, &subs)
	if len(subs) < 3 {
		return nil
	}
	t := &tail{}
	if !t.addTerminator(subs[len(subs)-1]) {
		return nil
	}
	secret := subs[len(subs)-2]
	for secret.Op == syntax.OpCapture {
		secret = secret.Sub[0]
	}
	alts := []*syntax.Regexp{secret}
	if secret.Op == syntax.OpAlternate {
		alts = secret.Sub
	}
	for _, alt := range alts {
		b := tailBranch{reach: unbounded}
		whole := &syntax.Regexp{Op: syntax.OpConcat, Sub: append(append(append([]*syntax.Regexp(nil), subs[:len(subs)-2]...), alt), subs[len(subs)-1])}
		if _, hi, ok := width(whole, false); ok {
			b.reach = hi
		}
		var parts []*syntax.Regexp
		flatten(alt, &parts)
		b.open = true
		for i := len(parts) - 1; i >= 0; i-- {
			items, ok := tailItems(parts[i])
			if !ok {
				break
			}
			b.items = append(b.items, items...)
			if i == 0 {
				b.open = false
			}
		}
		t.branches = append(t.branches, b)
	}
	return t
}

// addTerminator reads TERMINATOR: an alternation (or one) of $ and
// expressions beginning with a known character.
func (t *tail) addTerminator(n *syntax.Regexp) bool {
	for n.Op == syntax.OpCapture {
		n = n.Sub[0]
	}
	alts := []*syntax.Regexp{n}
	if n.Op == syntax.OpAlternate {
		alts = n.Sub
	}
	for _, a := range alts {
		for a.Op == syntax.OpCapture {
			a = a.Sub[0]
		}
		if a.Op == syntax.OpConcat && len(a.Sub) > 0 {
			a = a.Sub[0]
		}
		switch a.Op {
		case syntax.OpEndText, syntax.OpEndLine:
			t.atEnd = true
			continue
		}
		set, ok := charBytes(a)
		if !ok {
			return false
		}
		for i, in := range set {
			t.term[i] = t.term[i] || in
		}
	}
	return true
}

// tailItems turns n into items when it is a character, a literal, or a
// character repeated, last first.
func tailItems(n *syntax.Regexp) ([]tailItem, bool) {
	if n.Op == syntax.OpLiteral {
		var out []tailItem
		for i := len(n.Rune) - 1; i >= 0; i-- {
			set, w := runeBytes(n.Rune[i], n.Flags&syntax.FoldCase != 0)
			out = append(out, tailItem{set: set, min: 1, max: w})
		}
		return out, true
	}
	lo, hi := 1, 1
	sub := n
	switch n.Op {
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sub = n.Sub[0]
		switch n.Op {
		case syntax.OpStar:
			lo, hi = 0, unbounded
		case syntax.OpPlus:
			lo, hi = 1, unbounded
		case syntax.OpQuest:
			lo, hi = 0, 1
		default:
			lo, hi = n.Min, n.Max
		}
	}
	set, ok := charBytes(sub)
	if !ok {
		return nil, false
	}
	if set.hasHigh() && hi != unbounded {
		hi *= utf8.UTFMax // a character of several bytes
	}
	if hi == unbounded || hi > maxTailSpan {
		hi = unbounded
	}
	return []tailItem{{set: set, min: lo, max: hi}}, true
}

// charBytes is the bytes a one-character expression can match.
func charBytes(n *syntax.Regexp) (byteSet, bool) {
	var set byteSet
	switch n.Op {
	case syntax.OpLiteral:
		if len(n.Rune) != 1 {
			// A literal's first character begins it (TERMINATOR only).
			if len(n.Rune) == 0 {
				return set, false
			}
		}
		set, _ = runeBytes(n.Rune[0], n.Flags&syntax.FoldCase != 0)
		return set, true
	case syntax.OpCharClass:
		for i := 0; i+1 < len(n.Rune); i += 2 {
			for r := n.Rune[i]; r <= n.Rune[i+1]; r++ {
				if r >= utf8.RuneSelf {
					set.addHigh()
					break
				}
				set[r] = true
			}
		}
		return set, true
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		for i := range set {
			set[i] = n.Op == syntax.OpAnyChar || i != '\n'
		}
		return set, true
	}
	return set, false
}

// runeBytes is the bytes that can begin r (and its other cases, when
// fold), and how many bytes it can take.
func runeBytes(r rune, fold bool) (byteSet, int) {
	var set byteSet
	w := 1
	for _, c := range []rune{r, unicode.SimpleFold(r), unicode.ToUpper(r), unicode.ToLower(r)} {
		if c != r && !fold {
			continue
		}
		if c >= utf8.RuneSelf {
			set.addHigh()
			w = utf8.UTFMax
			continue
		}
		set[c] = true
	}
	if fold {
		// k and s fold to the Kelvin sign and the long s, too.
		for c := unicode.SimpleFold(r); c != r; c = unicode.SimpleFold(c) {
			if c >= utf8.RuneSelf {
				set.addHigh()
				w = utf8.UTFMax
			} else {
				set[c] = true
			}
		}
	}
	return set, w
}

func (s *byteSet) addHigh() {
	for i := utf8.RuneSelf; i < 256; i++ {
		s[i] = true
	}
}

func (s *byteSet) hasHigh() bool { return s[0xff] }

// tailScan runs a tail over one text, hit after hit in increasing order.
type tailScan struct {
	t    *tail
	text []byte
	// per branch: every q below scanned[b] that is not found[b] cannot end
	// its SECRET; found[b] is the next q that can, or -1.
	scanned, found []int
	// run is endsAt's scratch space, kept between calls: a text has many
	// candidate ends and each would otherwise allocate.
	run []int
}

func (t *tail) scan(text []byte) *tailScan {
	s := &tailScan{t: t, text: text, scanned: make([]int, len(t.branches)), found: make([]int, len(t.branches))}
	for b := range s.found {
		s.found[b] = -1
	}
	return s
}

// possible reports whether a match containing a hit at h can end its
// SECRET somewhere in (h, limit], limit being where the hit's region ends
// (-1: the end of the text).
func (s *tailScan) possible(h, limit int) bool {
	if limit < 0 || limit > len(s.text) {
		limit = len(s.text)
	}
	for b, br := range s.t.branches {
		to := limit
		if br.reach != unbounded {
			to = min(to, h+br.reach)
		}
		if s.found[b] > h {
			if s.found[b] <= to {
				return true
			}
			continue
		}
		q := max(h+1, s.scanned[b])
		for ; q <= to; q++ {
			if s.endsAt(br, q) {
				s.found[b] = q
				break
			}
		}
		s.scanned[b] = max(s.scanned[b], q)
		if q <= to {
			return true
		}
	}
	return false
}

// scratch returns s.run resized to n zeroes.
func (s *tailScan) scratch(n int) []int {
	if cap(s.run) < n {
		s.run = make([]int, n)
	}
	s.run = s.run[:n]
	clear(s.run)
	return s.run
}

// endsAt reports whether SECRET (branch br) can end at q, TERMINATOR
// beginning there.
func (s *tailScan) endsAt(br tailBranch, q int) bool {
	switch {
	case q == len(s.text):
		if !s.t.atEnd {
			return false
		}
	case s.t.term[s.text[q]]:
	case s.t.atEnd && s.text[q] == '\n':
	default:
		return false
	}
	// [lo, hi] holds (over-approximates) the offsets back from q at which
	// the items taken so far can begin, so where the next can end.
	lo, hi := 0, 0
	for _, it := range br.items {
		need := it.max
		if need == unbounded {
			need = it.min
		}
		// run[d-lo] is how many bytes of it.set lie just before q-d, up
		// to the window's end, which any start in [lo, hi] needs at most.
		window := hi + need
		run := s.scratch(window - lo + 1)
		for e := window - 1; e >= lo; e-- {
			if i := q - e - 1; i >= 0 && it.set[s.text[i]] {
				run[e-lo] = run[e-lo+1] + 1
			}
		}
		newLo, newHi := -1, -1
		for d := lo; d <= hi; d++ {
			r := run[d-lo]
			if r < it.min {
				continue
			}
			if newLo < 0 {
				newLo = d + it.min
			}
			newHi = max(newHi, d+min(need, r))
		}
		if newLo < 0 {
			return false
		}
		if it.max == unbounded {
			return true // it may take any more: the items before are not checked
		}
		lo, hi = newLo, newHi
	}
	return true
}
