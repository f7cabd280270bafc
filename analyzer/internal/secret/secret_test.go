package secret

import "testing"

// In finds a literal alone or inside a constant the compiler folded it
// into, and ignores literals too short to tell apart from any text. The
// values are fake, made for this test (TLFAKE).
func TestIn(t *testing.T) {
	f := &Found{Literals: []Literal{{Value: "abc12", Pos: 1}, {Value: "TLFAKEr4Wb8Nq2Xz6Lm1Pv7K", Pos: 2}}}
	for _, tc := range []struct {
		text string
		pos  int
		ok   bool
	}{
		{"TLFAKEr4Wb8Nq2Xz6Lm1Pv7K", 2, true},
		{"Bearer TLFAKEr4Wb8Nq2Xz6Lm1Pv7K", 2, true},
		{"TLFAKEr4Wb8Nq2", 0, false},
		{"id abc12 of the job", 0, false}, // a 5-byte literal is not looked for
	} {
		l, ok := f.In(tc.text)
		if ok != tc.ok || int(l.Pos) != tc.pos {
			t.Errorf("In(%q) = %v, %v; want position %d, %v", tc.text, l.Pos, ok, tc.pos, tc.ok)
		}
	}
	if _, ok := (*Found)(nil).In("anything"); ok {
		t.Error("a nil Found finds a literal")
	}
}
