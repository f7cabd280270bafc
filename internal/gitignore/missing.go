package gitignore

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/rule"
)

// gap is one entry a project's .gitignore files do not exclude.
type gap struct {
	entry Entry
	// lines are what the fix adds for it: the pattern, then the templates
	// to keep tracked.
	lines []string
	// hiddenBy is a machine-local exclude that hides such files here, nil
	// if none does.
	hiddenBy *ignore.Pattern
	// below, when set, are the projects under this one that lack the
	// entry while this directory's own such files are excluded (by an
	// anchored line such as /*.yml): the line is proposed here once, where
	// it covers them all, rather than in each of them.
	below []string
}

// missing reports, for each project in walk order (a directory before
// those below it), the entries its .gitignore files do not exclude: one
// finding per .gitignore, listing them all, with the severity of the most
// severe and one fix that appends every line. The lines each fix would
// add are then taken as written, so that a nested project is only
// reported for what the fixes around it leave open.
func (t *tree) missing() []finding.Finding {
	var out []finding.Finding
	for _, p := range t.projects {
		sp := p.space
		dirParts := sp.parts(p.rel)
		dirKey := idOf(dirParts)
		ign := sp.ignoreFileAt(dirKey, dirParts)
		file := join(p.rel, ".gitignore")
		var gaps []gap
		for _, e := range t.list.Required() {
			if e.kind == npmrcFile && !p.npmrcAuth {
				continue // an .npmrc without credentials may be committed
			}
			probe := childOf(dirParts, e.probe())
			var below []string
			if sp.excludedAfterFixes(probe, false) {
				if p.rel != sp.rel {
					continue
				}
				if below = t.coveredBelow(p, e, dirKey, file); len(below) == 0 {
					continue
				}
			}
			g := gap{entry: e, lines: []string{e.Pattern}, hiddenBy: sp.hiddenLocally(probe, false), below: below}
			for _, tmpl := range e.Templates {
				// Keep the templates as the user has them: tracked unless a
				// line of theirs already excludes them.
				if !sp.excludedAfterFixes(childOf(dirParts, tmpl), false) {
					g.lines = append(g.lines, "!"+tmpl)
				}
			}
			gaps = append(gaps, g)
			sp.planned[dirKey] = append(sp.planned[dirKey], ignore.Parse([]byte(strings.Join(g.lines, "\n")), dirParts, file)...)
		}
		if len(gaps) == 0 {
			continue
		}
		var lines, entries []string
		sev := rule.Note
		for _, g := range gaps {
			lines = append(lines, g.lines...)
			entries = append(entries, g.entry.Pattern)
			if !sev.AtLeast(g.entry.Severity) {
				sev = g.entry.Severity
			}
		}
		f := finding.Finding{
			RuleID:   RuleMissing,
			Category: rule.Gitignore,
			Severity: sev,
			Message:  missingMessage(p, gaps, ign.state.exists),
			File:     file,
			Entries:  entries,
			Identity: missingIdentity(file, entries),
			Fix:      appendFix(file, ign.state, lines, "Add "+strings.Join(entries, ", ")+" to "+file),
		}
		if ign.state.exists {
			f.Line = 1
		}
		out = append(out, f)
	}
	return out
}

// coveredBelow returns the projects under p, the top project of its
// repository, whose own e files no .gitignore excludes but the entry's
// pattern written in p's .gitignore would: there one line fixes them all.
func (t *tree) coveredBelow(p project, e Entry, dirKey dirID, file string) []string {
	sp := p.space
	line := ignore.Parse([]byte(e.Pattern), sp.parts(p.rel), file)
	var below []string
	for _, q := range t.projects {
		if q.space != sp || q.rel == p.rel {
			continue
		}
		probe := childOf(sp.parts(q.rel), e.probe())
		if sp.excludedAfterFixes(probe, false) {
			continue
		}
		n := len(sp.planned[dirKey])
		sp.planned[dirKey] = append(sp.planned[dirKey], line...)
		covered := sp.excludedAfterFixes(probe, false)
		sp.planned[dirKey] = sp.planned[dirKey][:n]
		if covered {
			below = append(below, q.rel)
		}
	}
	return below
}

// missingIdentity is the identity of the finding that one .gitignore lacks
// entries: the same set of entries gives the same fingerprint run after
// run, in whatever order the list has them, and another set another one,
// so that a baseline never hides an entry it did not see missing.
func missingIdentity(file string, entries []string) string {
	sorted := slices.Sorted(slices.Values(entries))
	return finding.IdentityOf(RuleMissing, file, strings.Join(sorted, "\n"), 0)
}

func missingMessage(p project, gaps []gap, exists bool) string {
	var b strings.Builder
	what := "credential files"
	if len(gaps) == 1 {
		what = "`" + gaps[0].entry.Pattern + "` files"
	}
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
	if slices.ContainsFunc(gaps, func(g gap) bool { return g.entry.kind == npmrcFile }) {
		b.WriteString(", and the .npmrc here holds registry credentials")
	}
	b.WriteString(": the next `git add` would commit one. Add ")
	for i, g := range gaps {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "`%s`", g.entry.Pattern)
		if len(g.entry.Templates) > 0 {
			fmt.Fprintf(&b, " (templates such as %s may stay tracked)", g.entry.Templates[0])
		}
	}
	fmt.Fprintf(&b, " to %s.", join(p.rel, ".gitignore"))
	// Entries proposed here for the projects below, named with them.
	var lifted []string
	var under []string
	for _, g := range gaps {
		if len(g.below) > 0 {
			lifted = append(lifted, "`"+g.entry.Pattern+"`")
			under = append(under, g.below...)
		}
	}
	if len(lifted) > 0 {
		slices.Sort(under)
		under = slices.Compact(under)
		names := under
		more := ""
		if len(names) > 3 {
			names, more = names[:3], fmt.Sprintf(" and %d more", len(under)-3)
		}
		fmt.Fprintf(&b, " %s: this directory's own are excluded, but not those of the projects below (%s%s); one line here covers them all.",
			strings.Join(lifted, ", "), strings.Join(names, ", "), more)
	}
	// Machine-local excludes that hide some of them, each line named once.
	type where struct {
		source string
		line   int
	}
	var hiders []where
	hidden := map[where][]string{}
	for _, g := range gaps {
		if g.hiddenBy == nil {
			continue
		}
		w := where{g.hiddenBy.Source, g.hiddenBy.Line}
		if _, ok := hidden[w]; !ok {
			hiders = append(hiders, w)
		}
		hidden[w] = append(hidden[w], "`"+g.entry.Pattern+"`")
	}
	for _, w := range hiders {
		them := "them"
		if len(gaps) > 1 {
			them = strings.Join(hidden[w], ", ") + " files"
		}
		fmt.Fprintf(&b, " %s (line %d) hides %s on this machine, but it is not part of the repository: CI clones and teammates do not have it.",
			w.source, w.line, them)
	}
	return b.String()
}

// childOf is the path of name in the directory at dir, in a new slice.
func childOf(dir []string, name string) []string {
	return append(slices.Clip(dir), name)
}
