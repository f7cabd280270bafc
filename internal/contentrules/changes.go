package contentrules

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/config"
)

// changes says how a user's configuration changes what the built-in rules
// would report, in the ways no count of dropped findings can show: rules
// that never run, allowlists that apply to every rule, files never read.
// A scan puts these in its summary's notes, so that a configuration that
// silences the scanner (say one a pull request brings along) is named in
// the report it silences. Rule IDs and patterns are quoted with %q: they
// come from the file and must not reach a terminal raw.
func changes(user *config.File, b builtin) []string {
	if user == nil {
		return nil
	}
	name := user.Name
	builtIn := map[string]bool{}
	for id := range b.gitleaks.Rules {
		builtIn[id] = true
	}
	for _, r := range b.ownFile.Rules {
		builtIn[r.ID] = true
	}
	var out []string
	if !user.UsesDefault() {
		out = append(out, fmt.Sprintf("%s turns off the %d built-in rules (useDefault = false)", name, len(builtIn)))
	} else {
		var disabled, replaced []string
		for _, id := range user.Extend.DisabledRules {
			if builtIn[id] {
				disabled = append(disabled, fmt.Sprintf("%q", id))
			}
		}
		for _, r := range user.Rules {
			if builtIn[r.ID] {
				replaced = append(replaced, fmt.Sprintf("%q", r.ID))
			}
		}
		if len(disabled) > 0 {
			out = append(out, fmt.Sprintf("%s disables built-in rules: %s", name, strings.Join(disabled, ", ")))
		}
		if len(replaced) > 0 {
			out = append(out, fmt.Sprintf("%s replaces built-in rules with its own: %s", name, strings.Join(replaced, ", ")))
		}
	}
	for i, ga := range user.AllAllowlists() {
		scope := "every rule"
		if len(ga.TargetRules) > 0 {
			quoted := make([]string, len(ga.TargetRules))
			for j, id := range ga.TargetRules {
				quoted[j] = fmt.Sprintf("%q", id)
			}
			scope = "rules " + strings.Join(quoted, ", ")
		}
		out = append(out, fmt.Sprintf("%s allowlists %s for %s", GlobalAllowlistName(user, i), allowlistKinds(ga.Allowlist), scope))
	}
	if limit, err := user.MaxFileSize(); err == nil && limit > 0 && limit < config.DefaultMaxFileSize {
		out = append(out, fmt.Sprintf("%s lowers maxFileSize to %q (default 10MiB): larger files are skipped unread",
			name, user.Scan.MaxFileSize))
	}
	if len(user.Gitignore.Remove) > 0 {
		quoted := make([]string, len(user.Gitignore.Remove))
		for i, p := range user.Gitignore.Remove {
			quoted[i] = fmt.Sprintf("%q", p)
		}
		out = append(out, fmt.Sprintf("%s removes credential files from the gitignore rules: %s", name, strings.Join(quoted, ", ")))
	}
	return out
}

// allowlistKinds says what an allowlist matches on: "paths, regexes", or
// "paths and regexes together" when it ANDs its conditions.
func allowlistKinds(a config.Allowlist) string {
	set := map[string]bool{
		"paths": len(a.Paths) > 0, "regexes": len(a.Regexes) > 0,
		"stopwords": len(a.StopWords) > 0, "commits": len(a.Commits) > 0,
	}
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(set)) {
		if set[k] {
			kinds = append(kinds, k)
		}
	}
	switch strings.ToUpper(a.Condition) {
	case "AND", "&&":
		if len(kinds) > 1 {
			return strings.Join(kinds, " and ") + " together"
		}
	}
	return strings.Join(kinds, ", ")
}
