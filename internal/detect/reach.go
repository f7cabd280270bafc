package detect

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
)

// unbounded marks a regex whose matches can span any number of lines.
const unbounded = -1

// maxLines caps how far a bounded window may reach; past it the rule is
// treated as unbounded (a window that large buys nothing).
const maxLines = 512

// newlineReach returns how many newlines a match of expr can contain at most,
// or unbounded. A keyword hit on line L can only belong to matches within L±reach,
// which is what lets the engine run a rule's regex on a few lines instead of
// the whole file.
func newlineReach(expr string) int {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return unbounded
	}
	n := reach(re.Simplify())
	if n > maxLines {
		return unbounded
	}
	return n
}

func reach(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return strings.Count(string(re.Rune), "\n")
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
				return 1
			}
		}
		return 0
	case syntax.OpAnyChar:
		return 1
	case syntax.OpCapture, syntax.OpQuest:
		return reach(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		if reach(re.Sub[0]) != 0 {
			return unbounded
		}
		return 0
	case syntax.OpRepeat:
		n := reach(re.Sub[0])
		if n == 0 {
			return 0
		}
		if n == unbounded || re.Max < 0 {
			return unbounded
		}
		return clamp(n * re.Max)
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			n := reach(s)
			if n == unbounded {
				return unbounded
			}
			total = clamp(total + n)
		}
		return total
	case syntax.OpAlternate:
		most := 0
		for _, s := range re.Sub {
			n := reach(s)
			if n == unbounded {
				return unbounded
			}
			most = max(most, n)
		}
		return most
	default:
		return 0
	}
}

func clamp(n int) int {
	if n > maxLines {
		return maxLines + 1
	}
	return n
}

// textAnchored prepares expr for searches that may not see the whole text.
// Without (?m), ^ and $ mean the start and end of the text; in a window cut
// out of a file they would match at the window's edges. The returned
// func(k) gives expr with ^ kept only when bit 0 of k is set (the window
// starts the file) and $ kept only when bit 1 is set (it ends the file);
// otherwise they match nothing, as in the whole file. Variants are compiled
// on first use. ok is false when expr has no such anchor.
func textAnchored(expr string) (variant func(k int) *regexp.Regexp, ok bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || !hasOp(re, syntax.OpBeginText) && !hasOp(re, syntax.OpEndText) {
		return nil, false
	}
	var variants [4]func() *regexp.Regexp
	for k := range variants {
		variants[k] = sync.OnceValue(func() *regexp.Regexp {
			// A rewrite of a valid regex's tree: its printed form compiles.
			return regexp.MustCompile(rewriteAnchors(re, k&1 != 0, k&2 != 0).String())
		})
	}
	return func(k int) *regexp.Regexp { return variants[k]() }, true
}

func hasOp(re *syntax.Regexp, op syntax.Op) bool {
	if re.Op == op {
		return true
	}
	for _, s := range re.Sub {
		if hasOp(s, op) {
			return true
		}
	}
	return false
}

func rewriteAnchors(re *syntax.Regexp, keepBegin, keepEnd bool) *syntax.Regexp {
	c := *re
	if (c.Op == syntax.OpBeginText && !keepBegin) || (c.Op == syntax.OpEndText && !keepEnd) {
		return &syntax.Regexp{Op: syntax.OpNoMatch}
	}
	c.Sub = make([]*syntax.Regexp, len(re.Sub))
	for i, s := range re.Sub {
		c.Sub[i] = rewriteAnchors(s, keepBegin, keepEnd)
	}
	return &c
}

// keywordInMatch reports whether every match of expr contains one of
// keywords (compared lowercased, as gitleaks compares them).
//
// gitleaks gates a rule on its keywords appearing anywhere in the text and
// then runs the regex over all of it. Searching only near keyword hits
// gives the same answers just when a match cannot exist without a keyword
// inside it; sourcegraph-access-token, for one, matches any 40 hex digits
// in a text that names "sourcegraph" anywhere. The answer errs on the safe
// side: false when unsure.
func keywordInMatch(expr string, keywords []string) bool {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || len(keywords) == 0 {
		return false
	}
	kws := make([]string, 0, len(keywords))
	for _, k := range keywords {
		if k == "" {
			return false // an empty keyword gates nothing
		}
		kws = append(kws, strings.ToLower(k))
	}
	return mustContain(re.Simplify(), kws)
}

// containment proves that every match of a regex holds a keyword. The
// proof may branch on every alternation, so it has a budget of steps and
// answers false when it runs out.
type containment struct {
	kws    []string
	budget int
}

func mustContain(n *syntax.Regexp, kws []string) bool {
	c := &containment{kws: kws, budget: 4096}
	return c.must(n)
}

func (c *containment) must(n *syntax.Regexp) bool {
	if c.budget--; c.budget < 0 {
		return false
	}
	switch n.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return c.must(n.Sub[0])
	case syntax.OpRepeat:
		return n.Min > 0 && c.must(n.Sub[0])
	case syntax.OpAlternate:
		for _, s := range n.Sub {
			if !c.must(s) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		return c.concat(n.Sub)
	}
	set, ok := exactStrings(n)
	return ok && allContain(set, c.kws)
}

// concat proves it for a sequence: one part holds a keyword, or a keyword
// is spelt across neighbours (`(?-i:[Aa]pi)` is a class and a literal), or
// else every branch of an alternation does, with its neighbours (`pw` in
// `(?:pass|pw)[ \t]*=` needs the `=` or blank that follows it).
func (c *containment) concat(subs []*syntax.Regexp) bool {
	for i := range subs {
		if c.must(subs[i]) || c.run(subs[i:]) {
			return true
		}
	}
	for i, s := range subs {
		for s.Op == syntax.OpCapture {
			s = s.Sub[0]
		}
		if s.Op != syntax.OpAlternate {
			continue
		}
		for _, b := range s.Sub {
			var spliced []*syntax.Regexp
			spliced = append(spliced, subs[:i]...)
			if b.Op == syntax.OpConcat {
				spliced = append(spliced, b.Sub...)
			} else {
				spliced = append(spliced, b)
			}
			spliced = append(spliced, subs[i+1:]...)
			if !c.concat(spliced) {
				return false
			}
		}
		return true
	}
	return false
}

// run tries the texts a match of subs can begin with. A part with few
// exact texts extends them; an optional repeat of one (`[ \t]*`) either
// matches nothing, and the texts go on, or begins with one of its texts,
// which ends those texts there.
func (c *containment) run(subs []*syntax.Regexp) bool {
	texts, ended := []string{""}, []string(nil)
	for _, s := range subs {
		if set, ok := exactStrings(s); ok {
			texts = product(texts, set)
		} else if s.Op == syntax.OpStar || s.Op == syntax.OpRepeat && s.Min == 0 {
			set, ok := exactStrings(s.Sub[0])
			if !ok {
				return false
			}
			ended = append(ended, product(texts, set)...)
		} else {
			return false
		}
		if len(texts)+len(ended) > 256 {
			return false
		}
		if allContain(texts, c.kws) && allContain(ended, c.kws) {
			return true
		}
	}
	return false
}

func allContain(texts, kws []string) bool {
	for _, t := range texts {
		if !slices.ContainsFunc(kws, func(k string) bool { return strings.Contains(t, k) }) {
			return false
		}
	}
	return true
}
