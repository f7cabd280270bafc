package detect

import (
	"regexp"
	"regexp/syntax"
	"strings"

	glconfig "github.com/zricethezav/gitleaks/v8/config"
)

// pathFilter answers "does a global allowlist exclude this path?" quickly.
// gitleaks joins an allowlist's path patterns into one regex, and Go's
// regexp runs that one (dozens of unanchored alternatives) at tens of
// microseconds per path: a noticeable share of a scan that asks once per
// file. Here each pattern runs alone, and only when the path contains the
// literal text every match of it must contain (".dist-info", "vendor/",
// "node_modules" …), which few paths do.
type pathFilter struct {
	patterns []pathPattern
}

type pathPattern struct {
	re *regexp.Regexp
	// needles: every match contains one of them (none known when empty),
	// lowercased when fold is set, so the path is lowercased to compare.
	needles []string
	fold    bool
	// list is the allowlist the pattern belongs to.
	list *glconfig.Allowlist
}

// newPathFilter compiles the path patterns of the allowlists that decide on
// the path alone: OR allowlists, and AND allowlists with nothing but paths.
func newPathFilter(lists []*glconfig.Allowlist) pathFilter {
	var f pathFilter
	for _, a := range lists {
		if a.MatchCondition == glconfig.AllowlistMatchAnd &&
			(len(a.Regexes) > 0 || len(a.StopWords) > 0 || len(a.Commits) > 0) {
			continue
		}
		// gitleaks joins an allowlist's patterns as (?:p1|p2|…), where a
		// leading (?i) of one pattern stays in force for all that follow it.
		// Decisions must not change, so later patterns fold case too.
		folding := false
		for _, re := range a.Paths {
			expr := re.String()
			if folding {
				expr = "(?i:" + expr + ")"
				re = regexp.MustCompile(expr)
			}
			folding = folding || strings.HasPrefix(re.String(), "(?i)")
			needles, fold := requiredLiterals(expr)
			f.patterns = append(f.patterns, pathPattern{re: re, needles: needles, fold: fold, list: a})
		}
	}
	return f
}

// by returns the allowlist whose paths exclude path, the first in
// configuration order (built-in ones come first); nil when none does.
func (f pathFilter) by(path string) *glconfig.Allowlist {
	lower := ""
	for _, p := range f.patterns {
		if len(p.needles) > 0 {
			hay := path
			if p.fold {
				if lower == "" {
					lower = strings.ToLower(path)
				}
				hay = lower
			}
			if !containsAny(hay, p.needles) {
				continue
			}
		}
		if p.re.MatchString(path) {
			return p.list
		}
	}
	return nil
}

func containsAny(s string, needles []string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// requiredLiterals returns texts of which every match of expr contains at
// least one (nil when no such set is known), and whether case folds (then
// they are lowercased, and so must the path be).
func requiredLiterals(expr string) ([]string, bool) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, false
	}
	set := required(re)
	if len(set.lits) == 0 {
		return nil, false
	}
	if set.fold {
		for i, l := range set.lits {
			set.lits[i] = strings.ToLower(l)
		}
	}
	return set.lits, set.fold
}

// literalSet is "one of these texts occurs in every match".
type literalSet struct {
	lits []string
	fold bool
}

// strength ranks sets: a set is as selective as its shortest text.
func (s literalSet) strength() int {
	if len(s.lits) == 0 {
		return 0
	}
	n := len(s.lits[0])
	for _, l := range s.lits[1:] {
		n = min(n, len(l))
	}
	return n
}

const maxNeedles = 16

func required(re *syntax.Regexp) literalSet {
	switch re.Op {
	case syntax.OpLiteral:
		return literalSet{[]string{string(re.Rune)}, re.Flags&syntax.FoldCase != 0}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out literalSet
		for _, sub := range re.Sub {
			s := required(sub)
			if len(s.lits) == 0 || len(out.lits)+len(s.lits) > maxNeedles {
				return literalSet{}
			}
			out.lits = append(out.lits, s.lits...)
			out.fold = out.fold || s.fold
		}
		return out
	case syntax.OpConcat:
		// Adjacent literals join into a longer text; otherwise keep the
		// most selective child.
		var best literalSet
		run, runFold := "", false
		for _, sub := range re.Sub {
			var cand literalSet
			if sub.Op == syntax.OpLiteral {
				run += string(sub.Rune)
				runFold = runFold || sub.Flags&syntax.FoldCase != 0
				cand = literalSet{[]string{run}, runFold}
			} else {
				run, runFold = "", false
				cand = required(sub)
			}
			if cand.strength() > best.strength() {
				best = cand
			}
		}
		return best
	}
	return literalSet{}
}
