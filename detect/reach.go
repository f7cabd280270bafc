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

// mustContain reports whether every match of n contains one of kws.
func mustContain(n *syntax.Regexp, kws []string) bool {
	switch n.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return mustContain(n.Sub[0], kws)
	case syntax.OpRepeat:
		return n.Min > 0 && mustContain(n.Sub[0], kws)
	case syntax.OpAlternate:
		for _, s := range n.Sub {
			if !mustContain(s, kws) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		// A keyword may be spelt across neighbours (`(?-i:[Aa]pi)` is a
		// class and a literal): try each run of subexpressions with few
		// exact texts.
		for i := range n.Sub {
			if mustContain(n.Sub[i], kws) {
				return true
			}
			texts := []string{""}
			for j := i; j < len(n.Sub); j++ {
				set, ok := exactStrings(n.Sub[j])
				if !ok {
					break
				}
				if texts = product(texts, set); len(texts) > 64 {
					break
				}
				if allContain(texts, kws) {
					return true
				}
			}
		}
		return false
	}
	set, ok := exactStrings(n)
	return ok && allContain(set, kws)
}

func allContain(texts, kws []string) bool {
	for _, t := range texts {
		if !slices.ContainsFunc(kws, func(k string) bool { return strings.Contains(t, k) }) {
			return false
		}
	}
	return true
}
