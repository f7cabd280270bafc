package detect

import (
	"math/rand/v2"
	"path/filepath"
	"regexp/syntax"
	"strings"
	"testing"
	"unicode"

	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/detect/internal/gitleakssamples"
)

// filteredAllowlists returns the default engine's allowlists that have
// regexes, each once, with the filter the engine would use (nil for none).
func filteredAllowlists(t *testing.T) (*Engine, []*glconfig.Allowlist) {
	t.Helper()
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[*glconfig.Allowlist]bool{}
	var lists []*glconfig.Allowlist
	add := func(as []*glconfig.Allowlist) {
		for _, a := range as {
			if !seen[a] && len(a.Regexes) > 0 {
				seen[a] = true
				lists = append(lists, a)
			}
		}
	}
	add(e.global)
	for _, cr := range e.rules {
		add(cr.Allowlists)
	}
	return e, lists
}

// An allowlist's filter only ever spares the regexes a text they cannot
// match: over texts generated from each regex (so that many match), alone
// and inside other text, and over lines of gitleaks' samples, no
// text that an allowlist's regexes match is turned down by its filter.
func TestAllowFilterNeverTurnsDownAMatch(t *testing.T) {
	_, lists := filteredAllowlists(t)
	set, err := gitleakssamples.Load(filepath.Join("..", "..", "testdata", "gitleaks-samples", "samples.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range set.Rules {
		for _, s := range append(r.TPs, r.FPs...) {
			lines = append(lines, s.Raw)
			lines = append(lines, strings.Split(s.Raw, "\n")...)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	filtered := 0
	for _, a := range lists {
		f := newAllowFilter(a)
		if f == nil {
			continue
		}
		filtered++
		// A sample of the lines: all of them against every allowlist
		// would cost seconds.
		var texts []string
		for range 500 {
			texts = append(texts, lines[rng.IntN(len(lines))])
		}
		for _, re := range a.Regexes {
			parsed, err := syntax.Parse(re.String(), syntax.Perl)
			if err != nil {
				t.Fatal(err)
			}
			parsed = parsed.Simplify()
			for range 300 {
				s := generate(rng, parsed)
				texts = append(texts, s, lines[rng.IntN(len(lines))]+s, s+" = "+lines[rng.IntN(len(lines))])
			}
		}
		matched := 0
		for _, text := range texts {
			if !a.RegexAllowed(text) {
				continue
			}
			matched++
			if !f.mayMatch(text) {
				t.Errorf("allowlist %q: its regexes match %q, but its filter turns the text down", a.Description, text)
			}
		}
		// The check has teeth only if the texts match.
		if matched < 50 {
			t.Errorf("allowlist %q (%s): only %d texts matched its regexes", a.Description, a.Regexes[0], matched)
		}
	}
	if filtered < 10 {
		t.Errorf("%d allowlists have a filter, want at least 10", filtered)
	}
}

// generate returns a text the regex is likely to match: a branch of each
// alternation, a few repeats of each repetition, a character of each
// class (mostly ASCII), literals with their case changed where (?i)
// allows. Empty-width assertions are not honoured, so not every text
// matches.
func generate(rng *rand.Rand, re *syntax.Regexp) string {
	var b strings.Builder
	var gen func(re *syntax.Regexp)
	gen = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				if re.Flags&syntax.FoldCase != 0 && rng.IntN(2) == 0 {
					r = unicode.SimpleFold(r)
				}
				b.WriteRune(r)
			}
		case syntax.OpCharClass:
			if len(re.Rune) == 0 {
				return
			}
			i := 2 * rng.IntN(len(re.Rune)/2)
			lo, hi := re.Rune[i], re.Rune[i+1]
			if lo < 0x7f && hi >= 0x7f {
				hi = 0x7e
			}
			b.WriteRune(lo + rng.Int32N(hi-lo+1))
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			b.WriteByte(byte('!' + rng.IntN('~'-'!'+1)))
		case syntax.OpCapture:
			gen(re.Sub[0])
		case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
			lo, hi := 0, 3
			switch re.Op {
			case syntax.OpPlus:
				lo = 1
			case syntax.OpQuest:
				hi = 1
			case syntax.OpRepeat:
				lo, hi = re.Min, re.Max
				if hi < 0 {
					hi = lo + 3
				}
			}
			for range lo + rng.IntN(hi-lo+1) {
				gen(re.Sub[0])
			}
		case syntax.OpConcat:
			for _, sub := range re.Sub {
				gen(sub)
			}
		case syntax.OpAlternate:
			gen(re.Sub[rng.IntN(len(re.Sub))])
		}
	}
	gen(re)
	return b.String()
}

// generic-api-key's match allowlist, the one that cost most, is filtered:
// a plain assignment is turned down without the regex, while a text that
// holds one of its words, or is not ASCII, goes on to the regex.
func TestAllowFilterOnGenericAllowlist(t *testing.T) {
	e, lists := filteredAllowlists(t)
	var generic *glconfig.Allowlist
	for _, a := range lists {
		if a.RegexTarget == "match" && strings.Contains(a.Regexes[0].String(), "keyVaultToStoreSecrets") {
			generic = a
		}
	}
	if generic == nil {
		t.Fatal("generic-api-key's match allowlist not found")
	}
	f := newAllowFilter(generic)
	if f == nil {
		t.Fatal("generic-api-key's match allowlist has no filter")
	}
	for text, want := range map[string]bool{
		`api_key = "TLFAKE9f8e7d6c5b4a39281"`:     false,
		`KEYBOARD_token = "TLFAKE9f8e7d6c5b4a39"`: true, // key…board, any case
		`author_key = "TLFAKE9f8e7d6c5b4a39281"`:  true,
		"api_key = \"TLFAKE9f8e7d6c5b4a39281é\"":  true, // not ASCII: the regex decides
	} {
		if got := f.mayMatch(text); got != want {
			t.Errorf("mayMatch(%q) = %v, want %v", text, got, want)
		}
		if got := e.regexAllowed(generic, text); got != generic.RegexAllowed(text) {
			t.Errorf("regexAllowed(%q) = %v, gitleaks' RegexAllowed %v", text, got, !got)
		}
	}
}

// The filter's literals are what the regex requires.
func TestLiteralsOf(t *testing.T) {
	for expr, want := range map[string]string{
		`(?i)author|rapid`:            "or(author rapid)",
		`key[_.-]?(?:alias|board)`:    "and(key or(alias board))",
		`(?i)pass(?:word)?`:           "pass",
		`[A-Z_]+=\n[A-Z_]+=`:          "and(=\n =)",
		`(?:abc)+x{2,}`:               "and(abc x x)",
		`(?:abc)*`:                    "none",
		`abc|[a-z]+`:                  "none",
		`^\$(?:[A-Z_]+|[a-z_]+)$`:     "$",
		`(?i)pässword`:                "none", // folding beyond ASCII is the regex's
		`(?i)p[äa]ssword`:             "and(p ssword)",
		`--mount=type=secret,id=\w+`:  "--mount=type=secret,id=",
		`https?://(?:localhost|\d+)`:  "and(http ://)",
		`(?:localhost|127\.0\.0\.1)x`: "and(or(localhost 127.0.0.1) x)",
	} {
		re, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := literalsOf(re.Simplify()).String(); got != want {
			t.Errorf("literalsOf(%q) = %s, want %s", expr, got, want)
		}
	}
}

func (t *literalTree) String() string {
	if t == nil {
		return "none"
	}
	if t.subs == nil {
		return t.lit
	}
	var parts []string
	for _, s := range t.subs {
		parts = append(parts, s.String())
	}
	op := "or"
	if t.and {
		op = "and"
	}
	return op + "(" + strings.Join(parts, " ") + ")"
}
