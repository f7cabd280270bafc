package detect

import (
	"regexp/syntax"
	"strings"

	glconfig "github.com/zricethezav/gitleaks/v8/config"
)

// An allowlist's regexes run on every candidate a rule matches. Most are
// short and anchored, but generic-api-key's match allowlist is one (?i)
// alternation of some hundred words searched through the whole match: on
// keyword-dense text (minified code, gitleaks' own samples) it took a third
// of the engine's time. Every match of such a regex contains certain
// literals (one of "rapid", "author", both "key" and one of "alias",
// "board"…), which strings.Contains finds far faster than the regex
// engine: when the text holds none of them, the regex cannot match and
// is not run. This is the idea of RE2's prefilters.

// literalTree is a condition every match of a regex meets: the match
// contains lit, all of the subs (and) or one of them (or). A nil tree is
// no condition.
type literalTree struct {
	lit  string // lowercase ASCII, for a leaf
	and  bool
	subs []*literalTree
}

// minLiteralLen is the shortest literal worth checking: a condition that
// a single letter meets holds for nearly any text (the global allowlist's
// ^(?i:a+|b+|…)$), and the check would only add to the regex's cost. Two
// bytes can be rare enough: generic-api-key's match allowlist needs "=\n"
// in one branch.
const minLiteralLen = 2

// literalsOf returns the condition every match of re meets, nil when there
// is none. Case is ignored: the literals are lowercase, and the text is
// lowercased before the check.
func literalsOf(re *syntax.Regexp) *literalTree {
	switch re.Op {
	case syntax.OpLiteral:
		s := string(re.Rune)
		for i := range len(s) {
			if s[i] >= 0x80 {
				// Case folding beyond ASCII: leave it to the regex.
				return nil
			}
		}
		return &literalTree{lit: strings.ToLower(s)}
	case syntax.OpCapture, syntax.OpPlus:
		return literalsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalsOf(re.Sub[0])
		}
	case syntax.OpConcat, syntax.OpAlternate:
		t := &literalTree{and: re.Op == syntax.OpConcat}
		for _, sub := range re.Sub {
			st := literalsOf(sub)
			switch {
			case st == nil && !t.and:
				// A branch without a condition: the whole has none.
				return nil
			case st != nil && st.subs != nil && st.and == t.and:
				t.subs = append(t.subs, st.subs...) // (a and b) and c
			case st != nil:
				t.subs = append(t.subs, st)
			}
		}
		switch len(t.subs) {
		case 0:
			return nil
		case 1:
			return t.subs[0]
		}
		return t
	}
	// Classes, optional and empty-width parts promise no literal.
	return nil
}

// minLen is the fewest literal bytes a text must hold to meet the
// condition.
func (t *literalTree) minLen() int {
	if t.subs == nil {
		return len(t.lit)
	}
	n := 0
	for i, s := range t.subs {
		switch m := s.minLen(); {
		case t.and:
			n = max(n, m)
		case i == 0 || m < n:
			n = m
		}
	}
	return n
}

// heldBy reports whether lower (lowercase ASCII text) meets the condition.
func (t *literalTree) heldBy(lower string) bool {
	if t.subs == nil {
		return strings.Contains(lower, t.lit)
	}
	for _, s := range t.subs {
		if s.heldBy(lower) != t.and {
			return !t.and
		}
	}
	return t.and
}

// allowFilter is the condition an allowlist's regexes need to match, nil
// when a regex has none worth checking.
type allowFilter struct {
	any []*literalTree // one per regex: any may hold
}

func newAllowFilter(a *glconfig.Allowlist) *allowFilter {
	if len(a.Regexes) == 0 {
		return nil
	}
	f := &allowFilter{}
	for _, re := range a.Regexes {
		parsed, err := syntax.Parse(re.String(), syntax.Perl)
		if err != nil {
			return nil
		}
		t := literalsOf(parsed.Simplify())
		if t == nil || t.minLen() < minLiteralLen {
			return nil
		}
		f.any = append(f.any, t)
	}
	return f
}

// mayMatch reports whether the allowlist's regexes may match text: false
// only when none can.
func (f *allowFilter) mayMatch(text string) bool {
	if f == nil {
		return true
	}
	for i := range len(text) {
		if text[i] >= 0x80 {
			return true
		}
	}
	lower := strings.ToLower(text)
	for _, t := range f.any {
		if t.heldBy(lower) {
			return true
		}
	}
	return false
}

// regexAllowed is a.RegexAllowed(text), with the regexes run only when
// the allowlist's filter lets them.
func (e *Engine) regexAllowed(a *glconfig.Allowlist, text string) bool {
	if text == "" {
		return false
	}
	f, ok := e.allowFilters.Load(a)
	if !ok {
		f, _ = e.allowFilters.LoadOrStore(a, newAllowFilter(a))
	}
	return f.(*allowFilter).mayMatch(text) && a.RegexAllowed(text)
}
