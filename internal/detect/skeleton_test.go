package detect

import (
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/detect/internal/gitleakssamples"
)

func skeletonsOf(t *testing.T, expr string) skeletons {
	t.Helper()
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	return newSkeletons(re)
}

func TestSkeletonRulesOutAndLetsThrough(t *testing.T) {
	cases := []struct {
		expr string
		pass []string // texts the regex matches at their start
		fail []string // texts it cannot match, which the skeleton must turn down
	}{
		{`ey[a-zA-Z0-9]{17,}\.ey`,
			[]string{"eyJhbGciOiJIUzI1NiIsInR5cCI6.eyJzdWIi"},
			[]string{"eyes are blue", "eyJhbGci.eyJ"}},
		// generic-api-key's shape: an operator within a bounded distance.
		{`(?i)(?:key|token)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|:)`,
			[]string{"key = x", "TOKEN_for_the_service: x", "key\n=x"},
			[]string{"keys[i] + 1", "token_for_the_service_of_everyone_here: x"}},
		// (?i)k also matches the Kelvin sign (3 bytes): non-ASCII text takes
		// the general skeleton, whose offsets allow for it.
		{`(?i)key[a-z]{3}=`,
			[]string{"\u212aeyabc=", "KEYabc="},
			[]string{"key_abc="}},
		// A repeat longer than the checks kept.
		{`a[0-9]{100}z`,
			[]string{"a" + strings.Repeat("7", 100) + "z"},
			[]string{"a" + strings.Repeat("7", 20) + "x"}},
	}
	for _, c := range cases {
		sk := skeletonsOf(t, c.expr)
		re := regexp.MustCompile(`^(?:` + c.expr + `)`)
		for _, s := range c.pass {
			if !re.MatchString(s) {
				t.Fatalf("%q does not match %q: fix the case", c.expr, s)
			}
			if !sk.holds([]byte(s)) {
				t.Errorf("skeleton of %q turns down %q, which matches", c.expr, s)
			}
		}
		for _, s := range c.fail {
			if re.MatchString(s) {
				t.Fatalf("%q matches %q: fix the case", c.expr, s)
			}
			if sk.holds([]byte(s)) {
				t.Errorf("skeleton of %q lets %q through", c.expr, s)
			}
		}
	}
}

// Wherever a default rule's anchored regex matches in gitleaks' own samples,
// its skeleton must let the hit through: a skeleton that turned one down
// would lose a finding.
func TestSkeletonNeverTurnsDownAMatch(t *testing.T) {
	set, err := gitleakssamples.Load(filepath.Join("..", "..", "testdata", "gitleaks-samples", "samples.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	e := New(rs)
	var texts []string
	for _, r := range set.Rules {
		for _, s := range append(r.TPs, r.FPs...) {
			texts = append(texts, s.Raw)
		}
	}
	checked := 0
	for _, cr := range e.rules {
		if cr.plan().anchor == nil {
			continue
		}
		rest := cr.plan().anchor.rest()
		for _, text := range texts {
			lower := strings.ToLower(text)
			for _, k := range cr.Keywords {
				k = strings.ToLower(k)
				for off := 0; ; {
					i := strings.Index(lower[off:], k)
					if i < 0 {
						break
					}
					h := off + i
					off = h + 1
					if rest.MatchString(text[h:]) {
						checked++
						if !cr.plan().anchor.skel.holds([]byte(text[h:])) {
							t.Errorf("%s: skeleton turns down a match at %q", cr.RuleID, text[h:min(len(text), h+60)])
						}
						if re := cr.plan().anchor.filterAt([]byte(text[h:])); re == nil || !re.MatchString(text[h:]) {
							t.Errorf("%s: the branches kept for the keyword turn down a match at %q", cr.RuleID, text[h:min(len(text), h+60)])
						}
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d matches checked: the samples did not load?", checked)
	}
}
