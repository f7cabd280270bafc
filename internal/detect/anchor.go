package detect

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// anchor lets a rule's regex be tried only at its keyword hits.
//
// Most gitleaks rules have the shape PREFIX KEYWORD REST, where PREFIX is a
// short optional run such as `[\w.-]{0,50}?` or `\b` and KEYWORD an
// alternation of the rule's own keywords (`(?:etsy)`, `(?:access|auth|key|…)`).
// Every match then has a keyword hit where KEYWORD starts, so instead of
// running the regex over the text, the engine tries `^KEYWORD REST` anchored at
// each hit (a few bytes of work when it fails) and, when it matches, runs the
// full regex from at most prefixMax bytes before the hit to get the exact match
// gitleaks would report.
type anchor struct {
	// rest is ^(?:KEYWORD REST), compiled on first use: printing and
	// compiling it for every rule made building an engine cost a quarter
	// of a second, paid by every go vet process of the analyzers, most of
	// which need few rules or none.
	rest func() *regexp.Regexp
	// branches, when KEYWORD REST begins with an alternation, narrows rest
	// to the branches a keyword hit can begin (see filterAt).
	branches *branchFilter
	// skel is checked before rest: a few byte lookups that turn most
	// hits down (see skeleton).
	skel      skeletons
	prefixMax int // longest possible PREFIX, in bytes
	// matchMax bounds a whole match, in bytes, or is unbounded: the full regex
	// runs on a region no match can outgrow (see region), so no search runs
	// on to the end of the file.
	matchMax int
	// tail, when the regex ends SECRET TERMINATOR, drops the hits no
	// match can contain (see tail.go); nil otherwise.
	tail *tail
}

// maxPrefix bounds PREFIX: beyond it the gain is small and the cost unclear.
const maxPrefix = 256

// newAnchor returns nil when the regex does not have the shape above.
func newAnchor(expr string, keywords []string) *anchor {
	if len(keywords) == 0 {
		return nil
	}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	if re.Op != syntax.OpConcat {
		re = &syntax.Regexp{Op: syntax.OpConcat, Sub: []*syntax.Regexp{re}, Flags: re.Flags}
	}
	prefix := 0
	i := 0
	for ; i < len(re.Sub); i++ {
		n, ok := prefixLen(re.Sub[i])
		if !ok {
			break
		}
		prefix += n
	}
	if i == len(re.Sub) || prefix > maxPrefix {
		return nil
	}
	restTree := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[i:], Flags: re.Flags}
	starts, ok := literalStarts(restTree)
	if !ok || len(starts) == 0 {
		return nil
	}
	for _, s := range starts {
		if !slices.ContainsFunc(keywords, func(k string) bool { return k != "" && strings.HasPrefix(s, strings.ToLower(k)) }) {
			return nil
		}
	}
	_, total, ok := width(re, false)
	if !ok {
		total = unbounded
	}
	rest := sync.OnceValue(func() *regexp.Regexp {
		// The tree came from a valid regex; its printed form compiles.
		return regexp.MustCompile(`^(?:` + restTree.String() + `)`)
	})
	return &anchor{rest: rest, branches: newBranchFilter(restTree, keywords, rest), skel: newSkeletons(restTree), prefixMax: prefix, matchMax: total, tail: newTail(re)}
}

// filterAt returns the regex that decides whether the rule can match at a
// keyword hit, text being the file from the hit on: rest, or rest narrowed
// to the branches that can begin with the keywords found there; nil when
// none can.
func (a *anchor) filterAt(text []byte) *regexp.Regexp {
	if a.branches == nil {
		return a.rest()
	}
	return a.branches.at(text)
}

// branchFilter splits an alternation that KEYWORD REST begins with into its
// branches. connection-string-password's begins with four forms (URL, JDBC,
// ADO.NET, libpq) and forty key words; a hit on "port" can only begin the
// libpq form, and a regex of that branch alone fails in a tenth of the
// time.
type branchFilter struct {
	keywords []string // the rule's keywords, lowercased
	// masks[i] has bit b set when branch b can begin with keywords[i].
	masks []uint64
	all   uint64
	rest  func() *regexp.Regexp
	// build compiles ^(?:KEYWORD REST) with the branches of a mask.
	build    func(mask uint64) *regexp.Regexp
	compiled sync.Map // mask → *regexp.Regexp
}

// newBranchFilter returns nil when re does not begin with an alternation
// (after empty-width assertions) of at most maxBranches branches, or when
// no hit could rule a branch out.
func newBranchFilter(re *syntax.Regexp, keywords []string, rest func() *regexp.Regexp) *branchFilter {
	alt, ok := splitAlternation(re)
	if !ok {
		return nil
	}
	f := &branchFilter{all: 1<<len(alt.branches) - 1, rest: rest}
	for _, k := range keywords {
		k = strings.ToLower(k)
		var mask uint64
		for b, branch := range alt.branches {
			if canBegin(branch, k) {
				mask |= 1 << b
			}
		}
		f.keywords = append(f.keywords, k)
		f.masks = append(f.masks, mask)
	}
	if !slices.ContainsFunc(f.masks, func(m uint64) bool { return m != f.all }) {
		return nil
	}
	f.build = func(mask uint64) *regexp.Regexp {
		var kept []*syntax.Regexp
		for b, branch := range alt.branches {
			if mask&(1<<b) != 0 {
				kept = append(kept, branch)
			}
		}
		// The tree came from a valid regex; its printed form compiles.
		return regexp.MustCompile(`^(?:` + alt.with(kept...).String() + `)`)
	}
	return f
}

// canBegin reports whether a match of branch can begin where the text
// begins with keyword k (ASCII, lowercased). It is false only when every
// literal the branch can begin with is known, ASCII, and neither a prefix
// of k nor begun by it: ASCII letters fold only to ASCII letters, so such a
// literal cannot match where k is.
func canBegin(branch *syntax.Regexp, k string) bool {
	starts, ok := literalStarts(branch)
	if !ok {
		return true
	}
	for _, s := range starts {
		if !isASCII(s) || strings.HasPrefix(s, k) || strings.HasPrefix(k, s) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// at returns the regex for the branches the keywords at the start of text
// can begin; nil when they can begin none.
func (f *branchFilter) at(text []byte) *regexp.Regexp {
	var mask uint64
	for i, k := range f.keywords {
		if asciiHasPrefixFold(text, k) {
			mask |= f.masks[i]
		}
	}
	switch mask {
	case 0:
		return nil
	case f.all:
		return f.rest()
	}
	if re, ok := f.compiled.Load(mask); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := f.compiled.LoadOrStore(mask, f.build(mask))
	return re.(*regexp.Regexp)
}

// asciiHasPrefixFold reports whether text begins with k (lowercase ASCII),
// ignoring ASCII case.
func asciiHasPrefixFold(text []byte, k string) bool {
	if len(text) < len(k) {
		return false
	}
	for i := 0; i < len(k); i++ {
		if lowerByte(text[i]) != k[i] {
			return false
		}
	}
	return true
}

// lowerByte folds an ASCII letter to lower case.
func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// prefixLen reports whether n can sit in PREFIX — an empty-width assertion or a
// bounded repeat of a character class — and how many bytes it can match
// (one a character for an ASCII class such as [\w.-], up to four otherwise).
func prefixLen(n *syntax.Regexp) (int, bool) {
	switch n.Op {
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine:
		return 0, true
	case syntax.OpRepeat, syntax.OpQuest:
		if !isClass(n.Sub[0]) {
			return 0, false
		}
		_, hi, ok := width(n, false)
		return hi, ok
	}
	return 0, false
}

func isClass(n *syntax.Regexp) bool {
	switch n.Op {
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpLiteral:
		return n.Op != syntax.OpLiteral || len(n.Rune) == 1
	}
	return false
}

// literalStarts lists, lowercased, the literal texts every match of n begins
// with, or reports false when n can begin otherwise.
func literalStarts(n *syntax.Regexp) ([]string, bool) {
	switch n.Op {
	case syntax.OpCapture:
		return literalStarts(n.Sub[0])
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range n.Sub {
			set, ok := exactStrings(sub)
			if !ok {
				// The literal text ends inside sub: continue with how sub begins.
				if more, ok := literalStarts(sub); ok {
					out = product(out, more)
				}
				break
			}
			out = product(out, set)
			if len(out) > 64 {
				return nil, false
			}
		}
		return out, !slices.Contains(out, "")
	case syntax.OpAlternate:
		var out []string
		for _, sub := range n.Sub {
			set, ok := literalStarts(sub)
			if !ok {
				return nil, false
			}
			out = append(out, set...)
		}
		return out, true
	}
	set, ok := exactStrings(n)
	if !ok || slices.Contains(set, "") {
		return nil, false
	}
	return set, true
}

// exactStrings lists, lowercased, the complete texts n can match when they are
// few.
func exactStrings(n *syntax.Regexp) ([]string, bool) {
	switch n.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(n.Rune))}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(n.Rune); i += 2 {
			if n.Rune[i+1]-n.Rune[i] > 8 {
				return nil, false
			}
			for r := n.Rune[i]; r <= n.Rune[i+1]; r++ {
				s := strings.ToLower(string(r))
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
			}
		}
		return out, len(out) > 0 && len(out) <= 16
	case syntax.OpCapture:
		return exactStrings(n.Sub[0])
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range n.Sub {
			set, ok := exactStrings(sub)
			if !ok {
				return nil, false
			}
			if out = product(out, set); len(out) > 64 {
				return nil, false
			}
		}
		return out, true
	case syntax.OpAlternate:
		var out []string
		for _, sub := range n.Sub {
			set, ok := exactStrings(sub)
			if !ok {
				return nil, false
			}
			out = append(out, set...)
		}
		return out, len(out) <= 64
	case syntax.OpQuest:
		set, ok := exactStrings(n.Sub[0])
		return append(set, ""), ok
	case syntax.OpEmptyMatch:
		return []string{""}, true
	}
	return nil, false
}

func product(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}
