package detect

import (
	"regexp"
	"regexp/syntax"
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
