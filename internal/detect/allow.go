package detect

import (
	glconfig "github.com/zricethezav/gitleaks/v8/config"
)

// allowedBy applies gitleaks' allowlist semantics to one candidate finding
// and returns the allowlist that drops it, with what in it matched
// ("regexes", "stopwords", "paths and regexes together"); nil when none
// does. With OR (the default) a regex or stopword hit allows it (paths are
// handled before matching, see ruleSkipsPath); with AND every condition
// the allowlist sets must hold. Commits never match in a working-tree scan.
// For allowlists whose regexes test the candidate's line (regexTarget
// "line") the matcher remembers the answer per line, since up to
// MaxFindingsPerLine candidates share one.
func (m *matcher) allowedBy(lists []*glconfig.Allowlist, secret, match string) (*glconfig.Allowlist, string) {
	path := m.path
	for _, a := range lists {
		regexOK := func() bool {
			switch a.RegexTarget {
			case "match":
				return m.e.regexAllowed(a, match)
			case "line":
				return m.lineAllowed(a)
			}
			return m.e.regexAllowed(a, secret)
		}
		if a.MatchCondition != glconfig.AllowlistMatchAnd {
			if regexOK() {
				return a, "regexes"
			}
			if ok, _ := a.ContainsStopWord(secret); ok {
				return a, "stopwords"
			}
			continue
		}
		// Every condition must hold: the cheap ones first, so that a
		// path that does not match spares the regexes.
		if len(a.Commits) > 0 || len(a.Paths) > 0 && !a.PathAllowed(path) {
			continue
		}
		if len(a.StopWords) > 0 {
			if ok, _ := a.ContainsStopWord(secret); !ok {
				continue
			}
		}
		if len(a.Regexes) > 0 && !regexOK() {
			continue
		}
		return a, andKinds(a)
	}
	return nil, ""
}

// andKinds names the conditions an AND allowlist held together.
func andKinds(a *glconfig.Allowlist) string {
	var kinds []string
	for _, k := range []struct {
		name string
		set  bool
	}{{"paths", len(a.Paths) > 0}, {"regexes", len(a.Regexes) > 0}, {"stopwords", len(a.StopWords) > 0}} {
		if k.set {
			kinds = append(kinds, k.name)
		}
	}
	switch len(kinds) {
	case 0:
		return "empty"
	case 1:
		return kinds[0]
	case 2:
		return kinds[0] + " and " + kinds[1] + " together"
	}
	return "paths, regexes and stopwords together"
}

// ruleSkipsPath returns the rule's own allowlist that excludes the file by
// path alone, nil when none does.
func ruleSkipsPath(cr *contentRule, path string) *glconfig.Allowlist {
	for _, a := range cr.Allowlists {
		if len(a.Paths) == 0 {
			continue
		}
		if a.MatchCondition == glconfig.AllowlistMatchAnd &&
			(len(a.Regexes) > 0 || len(a.StopWords) > 0 || len(a.Commits) > 0) {
			continue
		}
		if a.PathAllowed(path) {
			return a
		}
	}
	return nil
}
