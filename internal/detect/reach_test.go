package detect

import "testing"

func TestNewlineReach(t *testing.T) {
	cases := []struct {
		expr string
		want int
	}{
		{`abc[0-9]{4}`, 0},
		{`a\sb`, 1},
		{`key[\s'"]{0,3}=[\x60'"\s=]{0,5}`, 8},
		{`(?s)a.b`, 1},
		{`a.b`, 0},
		{`[\s\S]{64,}?END`, unbounded},
		{`a[^x]+b`, unbounded},
		{`a[^x\n]+b`, 0},
		{`x(?:\r?\n[ \t]*){0,63}`, 63},
	}
	for _, c := range cases {
		if got := newlineReach(c.expr); got != c.want {
			t.Errorf("newlineReach(%q) = %d, want %d", c.expr, got, c.want)
		}
	}
}

func TestNewAnchor(t *testing.T) {
	cases := []struct {
		expr     string
		keywords []string
		anchored bool
	}{
		// gitleaks' semi-generic shape: lazy prefix, keyword alternation.
		{`(?i)[\w.-]{0,50}?(?:access|auth|(?-i:[Aa]pi|API)|key|passw(?:or)?d)(?:[ \t\w.-]{0,20})=([a-z]{10})`,
			[]string{"access", "auth", "api", "key", "passwd", "password"}, true},
		{`\b((?:A3T[A-Z0-9]|AKIA|ASIA)[A-Z2-7]{16})\b`, []string{"a3t", "akia", "asia"}, true},
		{`(?:ghu|ghs)_[0-9a-zA-Z]{36}`, []string{"ghu_", "ghs_"}, true},
		// A keyword that is not where every match starts: no anchoring.
		{`[a-z]{8}\.atlasv1\.[a-z]{60}`, []string{"atlasv1"}, false},
		// A keyword missing from the set: no anchoring.
		{`(?:foo|bar)_[a-z]{8}`, []string{"foo_"}, false},
		// An unbounded prefix cannot be bounded by a region.
		{`[a-z]*token=([a-z]{8})`, []string{"token"}, false},
	}
	for _, c := range cases {
		if got := newAnchor(c.expr, c.keywords) != nil; got != c.anchored {
			t.Errorf("newAnchor(%q) anchored = %v, want %v", c.expr, got, c.anchored)
		}
	}
}

func TestTextAnchoredVariants(t *testing.T) {
	v, ok := textAnchored(`^a|b$`)
	if !ok {
		t.Fatal("textAnchored did not see ^ and $")
	}
	for k, want := range []struct{ startsFile, endsFile bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		if got := v(k).MatchString("a"); got != want.startsFile {
			t.Errorf("variant %d matches ^a = %v, want %v", k, got, want.startsFile)
		}
		if got := v(k).MatchString("b"); got != want.endsFile {
			t.Errorf("variant %d matches b$ = %v, want %v", k, got, want.endsFile)
		}
	}
	if _, ok := textAnchored(`(?m)^a$`); ok {
		t.Error("(?m) anchors are line anchors and need no variants")
	}
}

func TestKeywordInMatch(t *testing.T) {
	cases := []struct {
		expr     string
		keywords []string
		want     bool
	}{
		{`\b(acme_[a-z0-9]{16})\b`, []string{"acme_"}, true},
		// Case-folded literals and a keyword spelt across a class and a literal.
		{`(?i)token=([a-z]{8})`, []string{"token"}, true},
		{`(?-i:[Aa]pi)_key=([a-z]{8})`, []string{"api"}, true},
		// Every branch of an alternation must hold a keyword.
		{`(?:foo|bar)_[a-z]{8}`, []string{"foo", "bar"}, true},
		{`(?:foo|baz)_[a-z]{8}`, []string{"foo", "bar"}, false},
		// sourcegraph-access-token's last branch: 40 hex digits, no keyword.
		{`(?i)\b(sgp_[a-f0-9]{40}|[a-f0-9]{40})\b`, []string{"sgp_", "sourcegraph"}, false},
		// An unescaped dot matches any byte, so the keyword may not be there.
		{`hooks.slack.com/[a-z]{8}`, []string{"hooks.slack.com"}, false},
		// An optional keyword guarantees nothing.
		{`(?:key=)?([a-z]{8})`, []string{"key="}, false},
		{`x[a-z]{4}`, nil, false},
		// A keyword spelt by what follows an alternation's branch, across
		// an optional run of blanks (password-assignment's pw branch).
		{`(?i:pass|pwd|pw)['"]?[ \t]*(?:=>|:=|=)`, []string{"pass", "pwd", "pw=", "pw:", "pw'", "pw\"", "pw ", "pw\t"}, true},
		{`(?i:pass|pwd|pw)['"]?[ \t]*(?:=>|:=|=)`, []string{"pass", "pwd", "pw=", "pw:", "pw'", "pw\"", "pw "}, false},
		{`(?:a|b)(?:x|y)=`, []string{"ax", "ay", "bx", "by"}, true},
	}
	for _, c := range cases {
		if got := keywordInMatch(c.expr, c.keywords); got != c.want {
			t.Errorf("keywordInMatch(%q, %q) = %v, want %v", c.expr, c.keywords, got, c.want)
		}
	}
}
