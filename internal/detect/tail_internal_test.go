package detect

import (
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// The tail filter drops keyword hits, never findings: over gitleaks' own
// samples (each alone in the conformance test), joined on one line and
// by lines among repeated keywords, every rule reports the same with and
// without it.
func TestTailSameFindings(t *testing.T) {
	set, e := samplesEngine(t)
	var inputs []string
	for _, r := range set.Rules {
		var all []string
		for _, s := range slices.Concat(r.TPs, r.FPs) {
			all = append(all, s.Raw)
		}
		inputs = append(inputs, strings.Join(all, " key="), "key="+strings.Join(all, "key=key=\n")+strings.Repeat("key=", 40))
	}
	inputs = append(inputs,
		strings.Repeat("key=", 2000), strings.Repeat("key=", 2000)+" ", strings.Repeat("key=", 2000)+"\nx",
		strings.Repeat("api_key = ", 300)+"TLFAKEabcdefghij0123456789\n",
		"token: "+strings.Repeat("a", 160)+"'", "token: "+strings.Repeat("a", 149)+";",
	)
	defer func(v bool) { useTail = v }(useTail)
	sameFindings(t, e, inputs, "the tail filter", func(on bool) { useTail = on })
}

// On a line of "key=" repeated, generic-api-key's tail keeps only the
// hits near the line's end, where $ can close a match.
func TestTailDropsHits(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	var tl *tail
	for _, cr := range e.rules {
		if cr.RuleID == "generic-api-key" && cr.plan().anchor != nil {
			tl = cr.plan().anchor.tail
		}
	}
	if tl == nil {
		t.Fatal("generic-api-key has no tail filter")
	}
	text := []byte(strings.Repeat("key=", 4096))
	ts := tl.scan(text)
	kept, first := 0, -1
	for h := 0; h < len(text); h += 4 {
		if ts.possible(h, -1) {
			kept++
			if first < 0 {
				first = h
			}
		}
	}
	// 150 characters of secret, each up to 4 bytes with (?i)'s Kelvin
	// sign, and the keyword's prefix and operator: within 1 KiB.
	if kept == 0 || len(text)-first > 1024 {
		t.Errorf("%d of 4096 hits kept, the first %d bytes from the end; want only hits near the end", kept, len(text)-first)
	}
	// A terminator in reach keeps a hit: the secret may end there.
	text = []byte("key=" + strings.Repeat("a", 20) + " ")
	if !tl.scan(text).possible(0, -1) {
		t.Error("a hit before a 20-byte secret and a space was dropped")
	}
	// A regex without the shape gets no tail.
	re, _ := syntax.Parse(`abc[0-9]{20}\b`, syntax.Perl)
	if newTail(re) != nil {
		t.Error(`abc[0-9]{20}\b got a tail filter`)
	}
}
