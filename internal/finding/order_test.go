package finding_test

import (
	"slices"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
)

// Findings are listed by file, line, column and rule; findings at one place
// under one rule tie, so a stable sort keeps the order their source gave.
func TestCompare(t *testing.T) {
	want := []finding.Finding{
		{File: "a.go", Line: 2, Column: 9, RuleID: "z-rule"},
		{File: "a.go", Line: 10, Column: 1, RuleID: "a-rule"},
		{File: "a.go", Line: 10, Column: 3, RuleID: "a-rule"},
		{File: "a.go", Line: 10, Column: 3, RuleID: "b-rule", Message: "first"},
		{File: "a.go", Line: 10, Column: 3, RuleID: "b-rule", Message: "second"},
		{File: "b.go", Line: 1, Column: 1, RuleID: "a-rule"},
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	got[1], got[2] = got[2], got[1] // "first" before "second" again
	slices.SortStableFunc(got, finding.Compare)
	for i := range want {
		if got[i].File != want[i].File || got[i].Line != want[i].Line || got[i].Column != want[i].Column ||
			got[i].RuleID != want[i].RuleID || got[i].Message != want[i].Message {
			t.Errorf("position %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if finding.Compare(want[3], want[4]) != 0 {
		t.Errorf("findings at one place under one rule do not tie")
	}
}

// Repeats of one text under one rule in one file are numbered in order;
// the same text elsewhere, or another text, starts again at 0.
func TestIdentify(t *testing.T) {
	// TLFAKE: not a secret, only text to number.
	fs := []finding.Finding{
		{RuleID: "r", File: "a.env", Secret: "TLFAKE-1"},
		{RuleID: "r", File: "a.env", Secret: "TLFAKE-2"},
		{RuleID: "r", File: "a.env", Secret: "TLFAKE-1"},
		{RuleID: "r", File: "b.env", Secret: "TLFAKE-1"},
		{RuleID: "other", File: "a.env", Secret: "TLFAKE-1"},
		{RuleID: "r", File: "a.env", Message: "no secret"},
	}
	finding.Identify(fs, finding.IdentityText)
	want := []string{
		finding.IdentityOf("r", "a.env", "TLFAKE-1", 0),
		finding.IdentityOf("r", "a.env", "TLFAKE-2", 0),
		finding.IdentityOf("r", "a.env", "TLFAKE-1", 1),
		finding.IdentityOf("r", "b.env", "TLFAKE-1", 0),
		finding.IdentityOf("other", "a.env", "TLFAKE-1", 0),
		finding.IdentityOf("r", "a.env", "no secret", 0),
	}
	for i := range fs {
		if fs[i].Identity != want[i] {
			t.Errorf("finding %d (%+v): identity %s, want %s", i, fs[i], fs[i].Identity, want[i])
		}
	}
	if fs[0].Identity == fs[2].Identity {
		t.Errorf("two equal secrets in one file share an identity")
	}

	// The text function decides what is numbered: by secret alone, two
	// findings without one are repeats of one text.
	bare := []finding.Finding{{RuleID: "p", File: "x.p12", Message: "m1"}, {RuleID: "p", File: "x.p12", Message: "m2"}}
	finding.Identify(bare, func(f finding.Finding) string { return f.Secret })
	if bare[0].Identity != finding.IdentityOf("p", "x.p12", "", 0) || bare[1].Identity != finding.IdentityOf("p", "x.p12", "", 1) {
		t.Errorf("numbered by secret: identities %s, %s", bare[0].Identity, bare[1].Identity)
	}
}
