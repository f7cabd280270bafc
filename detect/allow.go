package detect

import (
	glconfig "github.com/zricethezav/gitleaks/v8/config"
)

// allowed applies gitleaks' allowlist semantics to one candidate finding.
// With OR (the default) a regex or stopword hit allows it (paths are handled
// before matching, see ruleSkipsPath); with AND every condition the
// allowlist sets must hold. Commits never match in a working-tree scan.
func allowed(lists []*glconfig.Allowlist, path, secret, match, line string) bool {
	for _, a := range lists {
		target := secret
		switch a.RegexTarget {
		case "match":
			target = match
		case "line":
			target = line
		}
		regexOK := a.RegexAllowed(target)
		stopOK, _ := a.ContainsStopWord(secret)
		if a.MatchCondition != glconfig.AllowlistMatchAnd {
			if regexOK || stopOK {
				return true
			}
			continue
		}
		ok := true
		if len(a.Commits) > 0 {
			ok = false
		}
		if len(a.Paths) > 0 && !a.PathAllowed(path) {
			ok = false
		}
		if len(a.Regexes) > 0 && !regexOK {
			ok = false
		}
		if len(a.StopWords) > 0 && !stopOK {
			ok = false
		}
		if ok {
			return true
		}
	}
	return false
}

// ruleSkipsPath reports whether one of the rule's own allowlists excludes the
// file by path alone.
func ruleSkipsPath(cr *contentRule, path string) bool {
	for _, a := range cr.Allowlists {
		if len(a.Paths) == 0 {
			continue
		}
		if a.MatchCondition == glconfig.AllowlistMatchAnd &&
			(len(a.Regexes) > 0 || len(a.StopWords) > 0 || len(a.Commits) > 0) {
			continue
		}
		if a.PathAllowed(path) {
			return true
		}
	}
	return false
}
