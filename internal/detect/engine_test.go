package detect_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/detect"
)

// engineFor builds an engine from TOML rules alone (no built-in rules), so
// each test sees exactly the rule it is about.
func engineFor(t *testing.T, toml string) *detect.Engine {
	t.Helper()
	return detect.New(mustSet(t, toml))
}

// render renders findings as "rule@line:col=secret" for compact comparison.
func render(r detect.Result) string {
	var parts []string
	for _, f := range r.Findings {
		parts = append(parts, fmt.Sprintf("%s@%d:%d=%s", f.RuleID, f.Line, f.Column, f.Secret))
	}
	return strings.Join(parts, " ")
}

// The fake tokens below are built for these tests and are no one's keys.
const acmeRule = `
[[rules]]
id = "acme-token"
description = "ACME token"
regex = '''\b(acme_[a-z0-9]{16})\b'''
keywords = ["acme_"]
`

func TestEngineFindsAtKeywordsOnly(t *testing.T) {
	e := engineFor(t, acmeRule)
	content := "x := 1\n  tok = \"acme_0123456789abcdef\"\nnothing here\nACME_0123456789ABCDEF\n"
	got := render(e.Detect("a.go", []byte(content)))
	want := "acme-token@2:10=acme_0123456789abcdef"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Keywords overlap and nest ("tok" inside "xtoken", "token" ending where
// "xtoken" does), come in any case, and two rules can share one: every
// rule must see every hit of each of its keywords.
func TestEngineOverlappingKeywords(t *testing.T) {
	e := engineFor(t, `
[[rules]]
id = "tok"
description = "tok"
regex = '''tok=([a-z]{8})\b'''
keywords = ["tok"]

[[rules]]
id = "xtoken"
description = "xtoken"
regex = '''(?i)xtoken=([a-z]{8})\b'''
keywords = ["xtoken", "token"]

[[rules]]
id = "token"
description = "token"
regex = '''(?i)\btoken=([a-z]{8})\b'''
keywords = ["token"]
`)
	content := "a XTOKEN=abcdefgh b tok=ijklmnop\nToken=qrstuvwx xtok=yzabcdef\n"
	got := render(e.Detect("a.txt", []byte(content)))
	want := "xtoken@1:10=abcdefgh tok@1:25=ijklmnop token@2:7=qrstuvwx tok@2:21=yzabcdef"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// gitleaks runs a rule when any keyword is in the text, and an empty
// keyword is in every text.
func TestEngineEmptyKeywordRunsEverywhere(t *testing.T) {
	e := engineFor(t, `
[[rules]]
id = "acme-token"
description = "ACME token"
regex = '''\b(acme_[a-z0-9]{16})\b'''
keywords = ["", "never-in-the-text"]
`)
	got := render(e.Detect("a.go", []byte("tok = \"acme_0123456789abcdef\"\n")))
	if want := "acme-token@1:8=acme_0123456789abcdef"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEngineNoKeywordNoRegex(t *testing.T) {
	e := engineFor(t, acmeRule)
	if got := render(e.Detect("a.txt", []byte("nothing to see\n"))); got != "" {
		t.Errorf("got %q, want no findings", got)
	}
}

// A rule whose match spans lines (a PEM block) must see past the keyword's
// line, however long the block is.
func TestEngineMultilineMatch(t *testing.T) {
	e := engineFor(t, `
[[rules]]
id = "pem"
regex = '''-----BEGIN TEST KEY-----[\s\S]{10,}?-----END TEST KEY-----'''
keywords = ["-----begin test key"]
`)
	body := strings.Repeat("QUJDREVGR0hJSktMTU5PUA==\n", 60)
	content := "header\n-----BEGIN TEST KEY-----\n" + body + "-----END TEST KEY-----\n"
	r := e.Detect("k.pem", []byte(content))
	if len(r.Findings) != 1 || r.Findings[0].Line != 2 || r.Findings[0].EndLine != 63 {
		t.Fatalf("got %s, want one finding spanning lines 2-63", render(r))
	}
}

// Without (?m), $ means the end of the file: a window or region cut out of
// the file must not let it match at the cut.
func TestEngineEndOfTextAnchor(t *testing.T) {
	filler := strings.Repeat("filler line\n", 20)
	content := "zz_abcd\n" + filler + "zz_wxyz"
	for name, regex := range map[string]string{
		"tried at keyword hits": `zz_([a-z]{4})$`,
		"run over line windows": `[a-y]*z_([a-z]{4})$`, // unbounded prefix: not anchorable
	} {
		t.Run(name, func(t *testing.T) {
			e := engineFor(t, "[[rules]]\nid = \"tail\"\nregex = \"\"\""+regex+"\"\"\"\nkeywords = [\"z_\"]\n")
			if got, want := render(e.Detect("t.txt", []byte(content))), "tail@22:4=wxyz"; got != want {
				t.Errorf("got %q, want %q (only the last line ends the file)", got, want)
			}
		})
	}
}

// gitleaks gates a rule on a keyword anywhere in the text: when the regex
// can match without the keyword (sourcegraph-access-token's bare 40 hex
// digits), a keyword at the top of a file lets it match at the bottom.
func TestEngineKeywordOutsideMatch(t *testing.T) {
	e := engineFor(t, `
[[rules]]
id = "hexish"
regex = '''\b(hexish_[0-9a-f]{8}|[0-9a-f]{12})\b'''
keywords = ["hexish"]
`)
	filler := strings.Repeat("filler line\n", 40)
	content := "# uses hexish\n" + filler + "id = 0123456789ab\n"
	if got, want := render(e.Detect("h.txt", []byte(content))), "hexish@42:6=0123456789ab"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := render(e.Detect("h.txt", []byte(filler+"id = 0123456789ab\n"))); got != "" {
		t.Errorf("without the keyword: got %q, want nothing", got)
	}
}

func TestEngineSemiGenericShape(t *testing.T) {
	// The shape of most gitleaks provider rules: PREFIX KEYWORD REST.
	e := engineFor(t, `
[[rules]]
id = "widget"
regex = '''(?i)[\w.-]{0,50}?(?:widget)(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|:)[\x60'"\s=]{0,5}([a-z0-9]{24})(?:[\x60'"\s;]|$)'''
keywords = ["widget"]
`)
	content := "const MyWidgetToken = \"a9b2c7d4e5f6a7b8c9d0e1f2\"\nwidget docs\nWIDGET_KEY: 'f00df00df00df00df00df00d'"
	got := render(e.Detect("w.go", []byte(content)))
	want := "widget@1:24=a9b2c7d4e5f6a7b8c9d0e1f2 widget@3:14=f00df00df00df00df00df00d"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEngineInlineAllow(t *testing.T) {
	e := engineFor(t, acmeRule)
	content := "a = acme_0123456789abcdef // tightlip:allow\nb = acme_fedcba9876543210 # gitleaks:allow\nc = acme_00112233445566ff\n"
	r := e.Detect("a.txt", []byte(content))
	if got, want := render(r), "acme-token@3:5=acme_00112233445566ff"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if r.Suppressed != 2 {
		t.Errorf("suppressed = %d, want 2", r.Suppressed)
	}
}

func TestEngineAllowlists(t *testing.T) {
	cases := []struct {
		name, allowlist, path, content, want string
	}{
		{"stopword", "stopwords = [\"dead\"]", "a.txt", "acme_deadbeef00000000", ""},
		{"regex on secret", "regexes = ['''^acme_0+$''']", "a.txt", "acme_0000000000000000 acme_1111111111111111",
			"acme-token@1:23=acme_1111111111111111"},
		{"regex on line", "regexTarget = \"line\"\nregexes = ['''fixture''']", "a.txt", "fixture acme_0123456789abcdef", ""},
		{"path", "paths = ['''^testdata/''']", "testdata/x.txt", "acme_0123456789abcdef", ""},
		{"AND needs both", "condition = \"AND\"\npaths = ['''^testdata/''']\nstopwords = [\"dead\"]", "src/x.txt", "acme_deadbeef00000000",
			"acme-token@1:1=acme_deadbeef00000000"},
		{"AND with both", "condition = \"AND\"\npaths = ['''^testdata/''']\nstopwords = [\"dead\"]", "testdata/x.txt", "acme_deadbeef00000000", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := engineFor(t, acmeRule+"[[rules.allowlists]]\n"+c.allowlist+"\n")
			if got := render(e.Detect(c.path, []byte(c.content))); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestEngineGlobalPathAllowlist(t *testing.T) {
	e := engineFor(t, acmeRule+"[[allowlists]]\npaths = ['''(^|/)vendor/''']\n")
	if !e.PathAllowed("x/vendor/lib.go") || e.PathAllowed("vendored.go") {
		t.Error("PathAllowed does not follow the global allowlist")
	}
	if got := render(e.Detect("vendor/a.go", []byte("acme_0123456789abcdef"))); got != "" {
		t.Errorf("got %q in an allowlisted path", got)
	}
}

func TestEnginePathOnlyRule(t *testing.T) {
	e := engineFor(t, "[[rules]]\nid = \"p12\"\npath = '''\\.p12$'''\n")
	if got := render(e.Detect("certs/client.p12", []byte("binary"))); got != "p12@1:1=" {
		t.Errorf("got %q", got)
	}
}

func TestEnginePlaceholdersAreNotSecrets(t *testing.T) {
	e := engineFor(t, `
[[rules]]
id = "kv"
regex = '''api_key\s*=\s*"([^"]+)"'''
keywords = ["api_key"]
`)
	for _, v := range []string{"<your-api-key>", "${API_KEY}", "changeme", "YOUR_API_KEY"} {
		if got := render(e.Detect("c.env", []byte(`api_key = "`+v+`"`))); got != "" {
			t.Errorf("%s: got %q, want no finding for a placeholder", v, got)
		}
	}
	if got := render(e.Detect("c.env", []byte(`api_key = "Zq8vT2LmX9wK4rB7"`))); got == "" {
		t.Error("a real-looking value was not reported")
	}
}

func TestEngineIdentitiesStableAcrossLineMoves(t *testing.T) {
	e := engineFor(t, acmeRule)
	a := e.Detect("f.txt", []byte("acme_0123456789abcdef\nacme_0123456789abcdef\n")).Findings
	b := e.Detect("f.txt", []byte("\n\nnew line\nacme_0123456789abcdef\n\nacme_0123456789abcdef\n")).Findings
	if len(a) != 2 || len(b) != 2 {
		t.Fatalf("got %d and %d findings, want 2 and 2", len(a), len(b))
	}
	if a[0].Identity == a[1].Identity {
		t.Error("two occurrences of one secret share an identity")
	}
	if a[0].Identity != b[0].Identity || a[1].Identity != b[1].Identity {
		t.Error("identities changed when lines moved")
	}
	if c := e.Detect("g.txt", []byte("acme_0123456789abcdef\n")).Findings; c[0].Identity == a[0].Identity {
		t.Error("the same secret in another file has the same identity")
	}
}

// gitleaks decodes base64, hex and percent-encoded text by default; so does
// tightlip, reporting the secret at the encoded text's position.
func TestEngineDecodesEncodedSecrets(t *testing.T) {
	e := engineFor(t, acmeRule)
	// base64 of "token: acme_0123456789abcdef" (a fake token built for this test).
	content := "config:\n  blob: dG9rZW46IGFjbWVfMDEyMzQ1Njc4OWFiY2RlZg==\n"
	got := render(e.Detect("c.yml", []byte(content)))
	if want := "acme-token@2:9=acme_0123456789abcdef"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	plain := detect.NewWithOptions(mustSet(t, acmeRule), detect.Options{MaxDecodeDepth: 0})
	if got := render(plain.Detect("c.yml", []byte(content))); got != "" {
		t.Errorf("with decoding off got %q, want nothing", got)
	}
}

func mustSet(t *testing.T, toml string) *contentrules.Set {
	t.Helper()
	set, err := contentrules.BuildTOML("test.toml", []byte("[extend]\nuseDefault = false\n"+toml))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// A secret whose text also occurs earlier in its match is reported where
// the rule's secret group put it, not at the first copy.
func TestEngineSecretPositionIsTheGroups(t *testing.T) {
	e := engineFor(t, `
[[rules]]
id = "userpass"
regex = '''redis://([a-z0-9]+):([a-z0-9]+)@'''
secretGroup = 2
keywords = ["redis://"]
`)
	got := render(e.Detect("a.env", []byte("URL=redis://zk3rtq9wtlx:zk3rtq9wtlx@cache\n")))
	if want := "userpass@1:25=zk3rtq9wtlx"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMaxReach(t *testing.T) {
	e := engineFor(t, `
[[rules]]
id = "three-lines"
regex = '''key\s{0,3}=[ \t]*([a-z]{8})'''
keywords = ["key"]
[[rules]]
id = "block"
regex = '''BEGIN(?:\n[a-z]{8}){0,100}\nEND'''
keywords = ["begin"]
[[rules]]
id = "one-line"
regex = '''tok_[a-z]{8}'''
keywords = ["tok_"]
`)
	if got := e.MaxReach(16); got != 3 {
		t.Errorf("MaxReach(16) = %d, want 3 (the 101-line block is over the limit)", got)
	}
	if got := e.MaxReach(200); got != 101 {
		t.Errorf("MaxReach(200) = %d, want 101", got)
	}
}

// Positions are what an editor shows: a lone CR (old Mac files) ends a line
// as LF and CRLF do, and columns count code points, not bytes; the same
// file with plain LF and ASCII gives the same answer.
func TestEnginePositionsAsEditorsCount(t *testing.T) {
	e := engineFor(t, acmeRule)
	for _, c := range []struct{ name, content, want string }{
		{"LF", "a\nb\n  tok = acme_0123456789abcdef\n", "acme-token@3:9=acme_0123456789abcdef"},
		{"CRLF", "a\r\nb\r\n  tok = acme_0123456789abcdef\r\n", "acme-token@3:9=acme_0123456789abcdef"},
		{"CR only", "a\rb\r  tok = acme_0123456789abcdef\r", "acme-token@3:9=acme_0123456789abcdef"},
		{"mixed", "a\rb\n  tok = acme_0123456789abcdef\r\n", "acme-token@3:9=acme_0123456789abcdef"},
		{"multibyte before", "a\nb\n  ключ = acme_0123456789abcdef\n", "acme-token@3:10=acme_0123456789abcdef"},
		{"emoji before", "😀😀 acme_0123456789abcdef\n", "acme-token@1:4=acme_0123456789abcdef"},
		// base64 of "token: acme_0123456789abcdef", on the third line: the
		// finding spans the encoded text.
		{"decoded, CR only", "a\rb\r  blob: dG9rZW46IGFjbWVfMDEyMzQ1Njc4OWFiY2RlZg==\r", "acme-token@3:9=acme_0123456789abcdef"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := e.Detect("a.txt", []byte(c.content))
			if got := render(res); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
			if len(res.Findings) == 1 && !strings.HasPrefix(c.name, "decoded") {
				f := res.Findings[0]
				if f.EndLine != f.Line || f.EndColumn != f.Column+len(f.Secret) {
					t.Errorf("ends at %d:%d, want %d:%d", f.EndLine, f.EndColumn, f.Line, f.Column+len(f.Secret))
				}
			}
		})
	}
}

// LongReach keeps only the rules an edit's widened regions cannot hold.
func TestEngineLongReach(t *testing.T) {
	const blockRule = `
[[rules]]
id = "acme-block"
regex = '''-----BEGIN ACME-----[\s\S]*?-----END ACME-----'''
keywords = ["-----begin acme"]
`
	e := engineFor(t, acmeRule+blockRule)
	long := e.LongReach(16)
	if long == nil {
		t.Fatal("LongReach(16) = nil, want the block rule")
	}
	content := "acme_0123456789abcdef\n-----BEGIN ACME-----\n" + strings.Repeat("TLFAKE body line\n", 40) + "-----END ACME-----\n"
	var got []string
	for _, f := range long.Detect("a.txt", []byte(content)).Findings {
		got = append(got, fmt.Sprintf("%s@%d", f.RuleID, f.Line))
	}
	if want := "acme-block@2"; strings.Join(got, " ") != want {
		t.Errorf("long-reach engine found %q, want %q (the one-line token is the regions')", got, want)
	}
	// Contains finds the keywords in any case, wherever they fall in the
	// chunks it folds; bytes that fold alike but are not ('\r' and '-')
	// are not taken for them.
	pad := strings.Repeat("x", 32<<10-7)
	for _, c := range []struct {
		text string
		want bool
	}{
		{"nothing here\n", false},
		{"-----Begin Acme-----", true},
		{pad + "-----BEGIN ACME", true}, // across the first chunk's end
		{pad + "\r\r\r\r\rBEGIN ACME", false},
		{strings.Repeat("-----begin acm\n", 5000), false},
	} {
		if got := long.Contains([]byte(c.text)); got != c.want {
			t.Errorf("Contains(%.30q…) = %v, want %v", c.text, got, c.want)
		}
	}
	if e := engineFor(t, acmeRule); e.LongReach(16) != nil {
		t.Error("LongReach(16) of single-line rules is not nil")
	}
}
