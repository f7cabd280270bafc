package detect

import (
	glconfig "github.com/zricethezav/gitleaks/v8/config"
)

// PathClass returns a key that is the same for two paths exactly when every
// decision Detect takes on the path alone is the same for both: the global
// path allowlist, path-only rules, rules restricted to some paths, and
// allowlists that name paths. Content that appears at several paths (a
// blob in git history, renamed or copied) then needs one Detect per class,
// not per path; only the findings' File differs.
//
// It evaluates every path regex of the rule set, so callers should compute
// it once per path.
func (e *Engine) PathClass(path string) string {
	bits := make([]byte, 0, 8)
	var cur byte
	n := 0
	bit := func(b bool) {
		if b {
			cur |= 1 << (n % 8)
		}
		n++
		if n%8 == 0 {
			bits = append(bits, cur)
			cur = 0
		}
	}
	bit(e.PathAllowed(path))
	for _, cr := range e.pathOnly {
		bit(cr.Path.MatchString(path))
		bit(ruleSkipsPath(cr, path) != nil)
	}
	for _, cr := range e.rules {
		if cr.Path != nil {
			bit(cr.Path.MatchString(path))
		}
		for _, a := range cr.Allowlists {
			if len(a.Paths) > 0 {
				bit(a.PathAllowed(path))
			}
		}
	}
	// PathAllowed decided the global lists except those that AND paths
	// with content conditions, which allowed() checks per match.
	for _, a := range e.global {
		if len(a.Paths) > 0 && a.MatchCondition == glconfig.AllowlistMatchAnd {
			bit(a.PathAllowed(path))
		}
	}
	return string(append(bits, cur))
}
