package finding

import (
	"cmp"
	"strings"
)

// Compare orders findings by place: file, line, column, then rule. It is
// the order every source lists its findings in and every report prints
// them in; a caller that needs ties broken further (a report that must be
// byte-for-byte reproducible, a list about to be deduplicated) adds its
// own keys after it, never before.
func Compare(a, b Finding) int {
	return cmp.Or(
		strings.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		strings.Compare(a.RuleID, b.RuleID),
	)
}

// IdentityText is what tells findings of one rule in one file apart, for
// identities a source does not number itself: the secret, or the message
// of a finding without one.
func IdentityText(f Finding) string {
	return cmp.Or(f.Secret, f.Message)
}

// Identify sets each finding's Identity (see IdentityOf) from its rule,
// its file and text(f), numbering the findings that share all three in the
// order of fs: the first is occurrence 0, the next 1 … So two equal keys
// in one file keep two identities, and the numbers depend only on the
// order, which the caller fixes first (Compare).
func Identify(fs []Finding, text func(Finding) string) {
	type key struct{ rule, file, text string }
	seen := map[key]int{}
	for i := range fs {
		f := &fs[i]
		t := text(*f)
		k := key{f.RuleID, f.File, t}
		f.Identity = IdentityOf(f.RuleID, f.File, t, seen[k])
		seen[k]++
	}
}
