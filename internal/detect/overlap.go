package detect

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/rule"
)

// mergeSameSecret keeps one finding per secret per place. When several
// rules match the same secret on the same line (curl-auth-header and
// github-pat on a curl command, url-query-secret and gcp-api-key on a
// URL), or a decoded secret lies where its encoded form was already
// matched or is written as such elsewhere on its line, the most specific match reports it and lists the others' rules
// in Also: a rule that knows the secret's format over a generic one (see
// rule.Rule.Generic), a match of the text as written over a decoded one,
// then the more precise rule, then the more severe, then the longer match.
//
// Only matches that would be reported or that an inline marker hides take
// part, each with its own kind: a match an allowlist drops is still counted
// as such. Insecure-transport matches are URLs, not secrets, and stay
// apart.
func (e *Engine) mergeSameSecret(cs []candidate) []candidate {
	if e.everyRule {
		return cs
	}
	cs = dropDecodedURLCopies(cs)
	idx := make([]int, 0, len(cs))
	for i, c := range cs {
		if c.Secret != "" && c.droppedBy == "" && c.Category != rule.InsecureTransport {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return cs
	}
	slices.SortFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(cs[a].Line, cs[b].Line), cmp.Compare(cs[a].Column, cs[b].Column), cmp.Compare(a, b))
	})
	// Union the matches that overlap on their first line; sorted by start,
	// each needs comparing only with those that start before it ends.
	parent := make([]int, len(cs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	merged := false
	for n, i := range idx {
		a := cs[i]
		end := a.EndColumn
		if a.EndLine > a.Line {
			end = int(^uint(0) >> 1)
		}
		for _, j := range idx[n+1:] {
			b := cs[j]
			if b.Line != a.Line || b.Column >= end {
				break
			}
			if sameSecret(a, b) {
				parent[find(j)] = find(i)
				merged = true
			}
		}
	}
	// A decoded secret that is also written as such on its line (a URL
	// and its percent-encoded copy in a redirect parameter) is one secret,
	// wherever on the line each lies.
	type lineSecret struct {
		line   int
		secret string
	}
	written := map[lineSecret]int{}
	for _, i := range idx {
		if c := cs[i]; !c.decoded {
			if _, ok := written[lineSecret{c.Line, c.Secret}]; !ok {
				written[lineSecret{c.Line, c.Secret}] = i
			}
		}
	}
	for _, i := range idx {
		c := cs[i]
		if !c.decoded {
			continue
		}
		if j, ok := written[lineSecret{c.Line, c.Secret}]; ok && cs[j].allowed == c.allowed {
			parent[find(i)] = find(j)
			merged = true
		}
	}
	if !merged {
		return cs
	}
	groups := map[int][]int{}
	for _, i := range idx {
		r := find(i)
		groups[r] = append(groups[r], i)
	}
	drop := make([]bool, len(cs))
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		best := g[0]
		for _, i := range g[1:] {
			if e.moreSpecific(cs[i], cs[best]) {
				best = i
			}
		}
		var also []string
		for _, i := range g {
			if i == best {
				continue
			}
			drop[i] = true
			if id := cs[i].RuleID; id != cs[best].RuleID {
				also = append(also, id)
				also = append(also, cs[i].Also...)
			}
		}
		slices.Sort(also)
		cs[best].Also = slices.Compact(also)
	}
	out := make([]candidate, 0, len(cs))
	for i, c := range cs {
		if !drop[i] {
			out = append(out, c)
		}
	}
	return out
}

// sameSecret reports whether two overlapping matches are of one secret:
// one secret holds the other, or one is a decoded match lying where the
// other matched the encoded text. Matches an inline marker hides and
// matches it does not are kept apart, so that what is suppressed and what
// is reported are counted as before.
func sameSecret(a, b candidate) bool {
	if a.allowed != b.allowed {
		return false
	}
	if a.decoded != b.decoded {
		return true
	}
	return strings.Contains(a.Secret, b.Secret) || strings.Contains(b.Secret, a.Secret)
}

// moreSpecific reports whether a should report a secret that b matched
// too.
func (e *Engine) moreSpecific(a, b candidate) bool {
	ra, _ := e.catalogue.Lookup(a.RuleID)
	rb, _ := e.catalogue.Lookup(b.RuleID)
	return cmp.Or(
		cmp.Compare(boolRank(!ra.Generic), boolRank(!rb.Generic)),
		cmp.Compare(boolRank(!a.decoded), boolRank(!b.decoded)),
		cmp.Compare(precisionRank(ra.Precision), precisionRank(rb.Precision)),
		cmp.Compare(severityRank(a.Severity), severityRank(b.Severity)),
		// A match of the whole secret over one of a part of it.
		cmp.Compare(len(a.Secret), len(b.Secret)),
		// Then a fixed order, so the result does not depend on the rules'.
		strings.Compare(b.RuleID, a.RuleID),
	) > 0
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// precisionRank orders precisions from low (0) to very-high; one the
// catalogue does not know ranks below them all.
func precisionRank(p string) int {
	i := slices.Index(rule.Precisions, p)
	if i < 0 {
		return -1
	}
	return len(rule.Precisions) - 1 - i
}

func severityRank(s rule.Severity) int {
	switch {
	case s.AtLeast(rule.Error):
		return 2
	case s.AtLeast(rule.Warning):
		return 1
	}
	return 0
}

// dropDecodedURLCopies drops a plain-http URL found in decoded text when
// the same host is reported as written on the same line: a URL and its
// percent-encoded copy (?next=http%3A%2F%2Fhost…) are one endpoint.
func dropDecodedURLCopies(cs []candidate) []candidate {
	type lineHost struct {
		line int
		host string
	}
	written := map[lineHost]bool{}
	for _, c := range cs {
		if c.Category == rule.InsecureTransport && !c.decoded && c.droppedBy == "" {
			written[lineHost{c.Line, urlHost(c.Secret)}] = true
		}
	}
	if len(written) == 0 {
		return cs
	}
	out := cs[:0]
	for _, c := range cs {
		if c.Category == rule.InsecureTransport && c.decoded && c.droppedBy == "" && written[lineHost{c.Line, urlHost(c.Secret)}] {
			continue
		}
		out = append(out, c)
	}
	return out
}
