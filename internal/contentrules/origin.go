package contentrules

import (
	"fmt"

	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/config"
)

// Origin says where an allowlist was written, so that what it drops can be
// counted under a name a reader can look up.
type Origin struct {
	// Name identifies the allowlist: `built-in global allowlist`,
	// `built-in: rule "x" allowlist`, `FILE: [[allowlists]] #2`,
	// `FILE: rule "x" allowlist #1`. It never holds the allowlist's
	// patterns or stopwords, which a hostile configuration could fill with
	// the very secret it hides.
	Name string
	// BuiltIn is set for the allowlists of tightlip's and gitleaks' own
	// rules, which are part of what every scan does.
	BuiltIn bool
}

// origins records where each allowlist of a merged configuration came from.
type origins map[*glconfig.Allowlist]Origin

// builtIn names the global and per-rule allowlists of a built-in set.
func (o origins) builtIn(c glconfig.Config) {
	for _, a := range c.Allowlists {
		o[a] = Origin{Name: "built-in global allowlist", BuiltIn: true}
	}
	for id, r := range c.Rules {
		for i, a := range r.Allowlists {
			o[a] = Origin{Name: "built-in: " + ruleAllowlistName(id, i, len(r.Allowlists)), BuiltIn: true}
		}
	}
}

// user names the allowlists that a user's file defines, given the file and
// its translation (whose global allowlists are the file's untargeted ones,
// in order, and whose rules carry their own allowlists in order).
func (o origins) user(f *config.File, c glconfig.Config) {
	untargeted := 0
	for i, ga := range f.AllAllowlists() {
		if len(ga.TargetRules) > 0 {
			continue // compiled and named by Build
		}
		if untargeted < len(c.Allowlists) {
			o[c.Allowlists[untargeted]] = Origin{Name: GlobalAllowlistName(f, i)}
		}
		untargeted++
	}
	for id, r := range c.Rules {
		for i, a := range r.Allowlists {
			o[a] = Origin{Name: f.Name + ": " + ruleAllowlistName(id, i, len(r.Allowlists))}
		}
	}
}

// GlobalAllowlistName names the i-th (0-based) global allowlist of f, in
// the spelling the file uses.
func GlobalAllowlistName(f *config.File, i int) string {
	if f.Allowlist != nil {
		return f.Name + ": [allowlist]"
	}
	return fmt.Sprintf("%s: [[allowlists]] #%d", f.Name, i+1)
}

// ruleAllowlistName is `rule "x" allowlist`, numbered when the rule has
// several.
func ruleAllowlistName(id string, i, n int) string {
	if n == 1 {
		return fmt.Sprintf("rule %q allowlist", id)
	}
	return fmt.Sprintf("rule %q allowlist #%d", id, i+1)
}
