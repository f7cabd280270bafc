package gitignore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/finding"
	"github.com/tightlip/tightlip/rules"
)

// missing reports, for each project in walk order (a directory before
// those below it), the entries its .gitignore files do not exclude. The
// lines each finding's fix would add are then taken as written, so that a
// nested project is only reported for what the fixes around it leave open.
func (t *tree) missing() []finding.Finding {
	var out []finding.Finding
	for _, p := range t.projects {
		sp := p.space
		dirParts := sp.parts(p.rel)
		ign := sp.ignoreFile(dirParts)
		file := join(p.rel, ".gitignore")
		for _, e := range t.list {
			if e.kind == npmrcFile && !p.npmrcAuth {
				continue // an .npmrc without credentials may be committed
			}
			probe := childOf(dirParts, e.probe())
			if sp.excludedAfterFixes(probe, false) {
				continue
			}
			lines := []string{e.Pattern}
			for _, tmpl := range e.Templates {
				// Keep the templates as the user has them: tracked unless a
				// line of theirs already excludes them.
				if !sp.excludedAfterFixes(childOf(dirParts, tmpl), false) {
					lines = append(lines, "!"+tmpl)
				}
			}
			f := finding.Finding{
				RuleID:   RuleMissing,
				Category: rules.Gitignore,
				Severity: e.Severity,
				Message:  missingMessage(p, e, ign.state.exists, sp.hiddenLocally(probe, false)),
				File:     file,
				Identity: finding.IdentityOf(RuleMissing, file, e.Pattern, 0),
				Fix:      appendFix(file, ign.state, lines, "Add "+e.Pattern+" to "+file),
			}
			if ign.state.exists {
				f.Line = 1
			}
			out = append(out, f)
			sp.planned[strings.Join(dirParts, "/")] = append(sp.planned[strings.Join(dirParts, "/")],
				parsePatterns([]byte(strings.Join(lines, "\n")), dirParts, file)...)
		}
	}
	return out
}

func missingMessage(p project, e Entry, exists bool, hiddenBy *pattern) string {
	var b strings.Builder
	what := "`" + e.Pattern + "` files"
	switch {
	case !exists && p.rel == "" && len(p.space.prefix) > 0:
		fmt.Fprintf(&b, "the scanned directory has no .gitignore, and the ones above it do not exclude %s", what)
	case !exists && p.rel == "":
		fmt.Fprintf(&b, "there is no .gitignore in the scanned directory, so nothing keeps %s out of git", what)
	case !exists && p.rel == p.space.rel:
		// The parent's .gitignore files do not reach into a nested repository.
		fmt.Fprintf(&b, "repository %s has no .gitignore, so nothing keeps %s out of it", p.rel, what)
	case !exists:
		fmt.Fprintf(&b, "project %s has no .gitignore, and the ones above it do not exclude %s", p.rel, what)
	default:
		fmt.Fprintf(&b, ".gitignore does not exclude %s", what)
	}
	if e.kind == npmrcFile {
		b.WriteString(", and the .npmrc here holds registry credentials")
	}
	fmt.Fprintf(&b, ": the next `git add` would commit one. Add `%s` to %s", e.Pattern, join(p.rel, ".gitignore"))
	if len(e.Templates) > 0 {
		fmt.Fprintf(&b, " (templates such as %s may stay tracked)", e.Templates[0])
	}
	b.WriteString(".")
	if hiddenBy != nil {
		fmt.Fprintf(&b, " %s (line %d) hides them on this machine, but it is not part of the repository: CI clones and teammates do not have it.",
			hiddenBy.source, hiddenBy.line)
	}
	return b.String()
}

// childOf is the path of name in the directory at dir, in a new slice.
func childOf(dir []string, name string) []string {
	return append(slices.Clip(dir), name)
}
