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
	first := firstPerFile(fs)
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
			out = append(out, reused(*p.f, others))
		}
	}
	return out
}

// Eligible reports whether f's secret is one a copy of which elsewhere is
// reuse: a hardcoded-secret finding's (not secret-reused's own) outside
// test code, examples and third-party code (finding.ContextOf), not a
// placeholder.
func Eligible(f *finding.Finding) bool {
	return f.Category == rule.HardcodedSecret && f.Secret != "" && f.RuleID != RuleReused &&
		finding.ContextOf(f.File) == "" && !placeholder.Is(f.Secret)
}

// Against returns a secret-reused finding for each file of added that holds
// a secret some file of tree holds too, in another directory than its own:
// one per file and secret, at the secret's first finding of added in that
// file, naming the files of tree that hold it (its own file aside, other
// files of its directory included, as Find names them). added are what a
// range or the index added, with their commits; tree are the findings of
// the tree they lead to (a range's head, the index) for those secrets. The
// new findings keep the commit of the finding they are at.
func Against(added, tree []finding.Finding) []finding.Finding {
	bySecret := map[string][]*finding.Finding{}
	for k, f := range firstPerFile(tree) {
		bySecret[k[0]] = append(bySecret[k[0]], f)
	}
	var out []finding.Finding
	for k, f := range firstPerFile(added) {
		dir := path.Dir(f.File)
		var places []*finding.Finding
		elsewhere := false
		for _, o := range bySecret[k[0]] {
			if o.File == f.File {
				continue
			}
			places = append(places, o)
			elsewhere = elsewhere || path.Dir(o.File) != dir
		}
		if !elsewhere {
			continue
		}
		slices.SortFunc(places, func(a, b *finding.Finding) int { return finding.Compare(*a, *b) })
		others := make([]finding.Location, len(places))
		for i, o := range places {
			others[i] = finding.Location{File: o.File, Line: o.Line, Column: o.Column}
		}
		r := reused(*f, others)
		r.Commit, r.Author, r.Email, r.Date, r.Subject = f.Commit, f.Author, f.Email, f.Date, f.Subject
		out = append(out, r)
	}
	return out
}

// reused is the secret-reused finding at f, whose secret others hold too.
func reused(f finding.Finding, others []finding.Location) finding.Finding {
	return finding.Finding{
		RuleID: RuleReused, Category: rule.HardcodedSecret, Severity: Rules[0].Severity,
		Message: message(others),
		File:    f.File, Line: f.Line, Column: f.Column, EndLine: f.EndLine, EndColumn: f.EndColumn,
		Secret:   f.Secret,
		Identity: finding.IdentityOf(RuleReused, f.File, f.Secret, 0),
		Related:  others[:min(len(others), maxRelated)],
	}
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

// firstPerFile returns the first eligible finding of each secret in each
// file, keyed by secret and file.
func firstPerFile(fs []finding.Finding) map[[2]string]*finding.Finding {
	m := map[[2]string]*finding.Finding{}
	for i := range fs {
		f := &fs[i]
		if !Eligible(f) {
			continue
		}
		k := [2]string{f.Secret, f.File}
		if g, ok := m[k]; !ok || finding.Compare(*f, *g) < 0 {
			m[k] = f
		}
	}
	return m
}
