package detect

import (
	"regexp/syntax"
	"strings"
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

// anchoredToText reports whether expr uses ^ or $ as start or end of the whole
// text (no (?m)): such a rule must see the whole file, not a window.
func anchoredToText(expr string) bool {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return true
	}
	var walk func(*syntax.Regexp) bool
	walk = func(r *syntax.Regexp) bool {
		if r.Op == syntax.OpBeginText || r.Op == syntax.OpEndText {
			return true
		}
		for _, s := range r.Sub {
			if walk(s) {
				return true
			}
		}
		return false
	}
	return walk(re)
}
