// Package reuse finds one secret written in several places of a scanned
// tree: the guides' "one key per environment, never mixed" and "don't reuse
// a single key across services" (rule secret-reused).
package reuse

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/placeholder"
	"github.com/tightlip/tightlip/internal/rule"
)

// maxNamed bounds the other places a message names; Related lists up to
// maxRelated of them.
const (
	maxNamed   = 3
	maxRelated = 20
)

// Find returns a secret-reused finding for each file that holds a secret
// some other file holds too, in another directory: one per file and
// secret, at the secret's first finding in that file, naming the others.
// The secrets are those of hardcoded-secret findings outside test code,
// examples and third-party code (finding.ContextOf), placeholders aside;
// they are compared whole and never put into a message.
func Find(fs []finding.Finding) []finding.Finding {
	type place struct {
		f   *finding.Finding
		dir string
	}
	// One place per secret and file: the secret's first finding there
	// (fs comes in no particular order).
	first := map[[2]string]*finding.Finding{}
	for i := range fs {
		f := &fs[i]
		if f.Category != rule.HardcodedSecret || f.Secret == "" || f.RuleID == RuleReused ||
			finding.ContextOf(f.File) != "" || placeholder.Is(f.Secret) {
			continue
		}
		k := [2]string{f.Secret, f.File}
		if g, ok := first[k]; !ok || finding.Compare(*f, *g) < 0 {
			first[k] = f
		}
	}
	bySecret := map[string][]place{}
	for k, f := range first {
		bySecret[k[0]] = append(bySecret[k[0]], place{f, path.Dir(f.File)})
	}
	var out []finding.Finding
	for _, places := range bySecret {
		slices.SortFunc(places, func(a, b place) int { return finding.Compare(*a.f, *b.f) })
		dirs := map[string]bool{}
		for _, p := range places {
			dirs[p.dir] = true
		}
		if len(dirs) < 2 {
			continue
		}
		for _, p := range places {
			var others []finding.Location
			for _, o := range places {
				if o.f != p.f {
					others = append(others, finding.Location{File: o.f.File, Line: o.f.Line, Column: o.f.Column})
				}
			}
			f := *p.f
			out = append(out, finding.Finding{
				RuleID: RuleReused, Category: rule.HardcodedSecret, Severity: Rules[0].Severity,
				Message: message(others),
				File:    f.File, Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
				Secret:   f.Secret,
				Identity: finding.IdentityOf(RuleReused, f.File, f.Secret, 0),
				Related:  others[:min(len(others), maxRelated)],
			})
		}
	}
	return out
}

// message names the other places of a secret, without the secret.
func message(others []finding.Location) string {
	var names []string
	for _, o := range others[:min(len(others), maxNamed)] {
		names = append(names, fmt.Sprintf("%s:%d", o.File, o.Line))
	}
	where := strings.Join(names, ", ")
	if n := len(others) - maxNamed; n > 0 {
		where += fmt.Sprintf(" and %d more", n)
	}
	return "The same secret is also in " + where + ": one key is shared across environments or services, " +
		"so a leak of any copy exposes them all. Give each environment and service its own key and rotate this one."
}
