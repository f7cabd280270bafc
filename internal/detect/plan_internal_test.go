package detect

import "testing"

// Engines built in one process share each rule's plan, derived once; a
// rule with the same regex but other keywords gets its own.
func TestPlansShared(t *testing.T) {
	a, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	anchored := 0
	for i, cr := range a.rules {
		if cr.plan().anchor != b.rules[i].plan().anchor {
			t.Errorf("%s: two engines derived its anchor twice", cr.RuleID)
		}
		if cr.plan().anchor != nil {
			anchored++
		}
	}
	if anchored == 0 {
		t.Fatal("no default rule has an anchor")
	}

	const expr = `(?i)\bacme_key[ \t]*=[ \t]*([a-z0-9]{20})\b`
	p := planFor(expr, []string{"acme_key"})
	if p.anchor == nil || p.whole {
		t.Fatalf("plan for %s: anchor %v, whole %v; want an anchor", expr, p.anchor, p.whole)
	}
	if planFor(expr, []string{"acme_key"}) != p {
		t.Error("the same rule's plan was derived twice")
	}
	// A keyword that the match need not contain: no anchor, the regex
	// sees the whole file.
	other := planFor(expr, []string{"acmecorp"})
	if other == p || other.anchor != nil || !other.whole {
		t.Errorf("keyword acmecorp: plan %p (acme_key's %p), anchor %v, whole %v; want its own plan, no anchor, whole file", other, p, other.anchor, other.whole)
	}
}
