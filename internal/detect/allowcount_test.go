package detect_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/detect"
)

// Every match an allowlist drops is counted under the allowlist's origin
// and what in it matched; what no allowlist drops is reported as before.
func TestEngineCountsAllowlistDrops(t *testing.T) {
	const content = "a = acme_deadbeef00000000\nb = acme_0123456789abcdef\n"
	cases := []struct {
		name, toml, path string
		want             map[string]int
		reported         int
	}{
		{"nothing allowlisted", "", "a.txt", nil, 2},
		{"global regexes", "[[allowlists]]\nregexes = ['''.''']\n", "a.txt",
			map[string]int{"test.toml: [[allowlists]] #1 (regexes)": 2}, 0},
		{"old spelling, stopwords", "[allowlist]\nstopwords = [\"dead\"]\n", "a.txt",
			map[string]int{"test.toml: [allowlist] (stopwords)": 1}, 1},
		{"second global list", "[[allowlists]]\nregexes = ['''zzz''']\n[[allowlists]]\nregexTarget = \"line\"\nregexes = ['''b = ''']\n", "a.txt",
			map[string]int{"test.toml: [[allowlists]] #2 (regexes)": 1}, 1},
		{"targeted", "[[allowlists]]\ntargetRules = [\"acme-token\"]\nstopwords = [\"0123\"]\n", "a.txt",
			map[string]int{"test.toml: [[allowlists]] #1 (stopwords)": 1}, 1},
		{"rule's own, AND", "[[rules.allowlists]]\ncondition = \"AND\"\npaths = ['''^t/''']\nstopwords = [\"dead\"]\n", "t/a.txt",
			map[string]int{`test.toml: rule "acme-token" allowlist (paths and stopwords together)`: 1}, 1},
		// The rule's path allowlist skips it for the file; the engine still
		// runs it to count what the allowlist hides.
		{"rule's own paths", "[[rules.allowlists]]\npaths = ['''.''']\n", "a.txt",
			map[string]int{`test.toml: rule "acme-token" allowlist (paths)`: 2}, 0},
		{"targeted paths", "[[allowlists]]\ntargetRules = [\"acme-token\"]\npaths = ['''^a''']\n", "a.txt",
			map[string]int{"test.toml: [[allowlists]] #1 (paths)": 2}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := engineFor(t, acmeRule+c.toml).Detect(c.path, []byte(content))
			if !maps.Equal(r.Allowlisted, c.want) {
				t.Errorf("allowlisted %v, want %v", r.Allowlisted, c.want)
			}
			if len(r.Findings) != c.reported {
				t.Errorf("%d findings (%s), want %d", len(r.Findings), render(r), c.reported)
			}
		})
	}
}

// A placeholder is not a secret, allowlisted or not: it is not counted.
func TestEngineAllowlistDoesNotCountPlaceholders(t *testing.T) {
	e := engineFor(t, "[[allowlists]]\nregexes = ['''.''']\n"+`
[[rules]]
id = "kv"
regex = '''api_key\s*=\s*"([^"]+)"'''
keywords = ["api_key"]
`)
	r := e.Detect("a.txt", []byte("api_key = \"<your-api-key>\"\napi_key = \"q8Wz3Rt6Yp1Lm4Xc\"\n"))
	if want := map[string]int{"test.toml: [[allowlists]] #1 (regexes)": 1}; !maps.Equal(r.Allowlisted, want) {
		t.Errorf("allowlisted %v, want %v", r.Allowlisted, want)
	}
}

// A specific rule's match shadows a generic one's on its line. An
// allowlisted specific match shadows nothing (the generic one is reported,
// as before), and an allowlisted generic match that a specific one shadows
// is not counted: it would not have been reported.
func TestEngineAllowlistAndGenericShadowing(t *testing.T) {
	const rulesTOML = `
[[rules]]
id = "acme-token"
regex = '''\b(acme_[a-z0-9]{16})\b'''
keywords = ["acme_"]

[[rules]]
id = "generic-secret"
regex = '''secret=(\S+)'''
keywords = ["secret="]
`
	const content = "secret=acme_0123456789abcdef\n"
	e := engineFor(t, rulesTOML)
	if got := render(e.Detect("a.txt", []byte(content))); got != "acme-token@1:8=acme_0123456789abcdef" {
		t.Fatalf("without allowlists: %q", got)
	}

	e = engineFor(t, "[[allowlists]]\ntargetRules = [\"acme-token\"]\nregexes = ['''.''']\n"+rulesTOML)
	r := e.Detect("a.txt", []byte(content))
	if got := render(r); got != "generic-secret@1:8=acme_0123456789abcdef" {
		t.Errorf("specific match allowlisted: reported %q, want the generic one", got)
	}
	if want := map[string]int{"test.toml: [[allowlists]] #1 (regexes)": 1}; !maps.Equal(r.Allowlisted, want) {
		t.Errorf("allowlisted %v, want %v", r.Allowlisted, want)
	}

	e = engineFor(t, "[[allowlists]]\nregexes = ['''.''']\n"+rulesTOML)
	r = e.Detect("a.txt", []byte(content))
	if want := map[string]int{"test.toml: [[allowlists]] #1 (regexes)": 1}; len(r.Findings) != 0 || !maps.Equal(r.Allowlisted, want) {
		t.Errorf("both allowlisted: reported %q, allowlisted %v, want %v", render(r), r.Allowlisted, want)
	}
}

// An encoded secret an allowlist drops is counted like a plain one.
func TestEngineAllowlistCountsDecoded(t *testing.T) {
	e := engineFor(t, "[[allowlists]]\nstopwords = [\"0123\"]\n"+acmeRule)
	// base64 of "acme_0123456789abcdef".
	r := e.Detect("a.txt", []byte("blob = YWNtZV8wMTIzNDU2Nzg5YWJjZGVm\n"))
	if want := map[string]int{"test.toml: [[allowlists]] #1 (stopwords)": 1}; len(r.Findings) != 0 || !maps.Equal(r.Allowlisted, want) {
		t.Errorf("reported %q, allowlisted %v, want %v", render(r), r.Allowlisted, want)
	}
}

// PathAllowedBy names the global allowlist that excludes a path: the
// built-in one or a config's.
func TestEnginePathAllowedBy(t *testing.T) {
	set, err := contentrules.BuildTOML("user.toml", []byte("[[allowlists]]\npaths = ['''^fixtures/''']\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := detect.New(set)
	for _, c := range []struct {
		path string
		want contentrules.Origin
		ok   bool
	}{
		{"fixtures/a.txt", contentrules.Origin{Name: "user.toml: [[allowlists]] #1"}, true},
		{"node_modules/x/a.js", contentrules.Origin{Name: "built-in global allowlist", BuiltIn: true}, true},
		{"src/a.go", contentrules.Origin{}, false},
	} {
		o, ok := e.PathAllowedBy(c.path)
		if o != c.want || ok != c.ok {
			t.Errorf("PathAllowedBy(%q) = %+v, %v; want %+v, %v", c.path, o, ok, c.want, c.ok)
		}
	}
}

// A built-in rule's own allowlists count as built-in.
func TestEngineBuiltInAllowlistCounted(t *testing.T) {
	e, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	// gitleaks' global allowlist drops a secret made of one repeated
	// character class such as a long run of x; a stopword list holds
	// "example".
	r := e.Detect("a.txt", []byte("api_key = \"exampleQ8Wz3Rt6Yp1Lm4Xc7Vb\"\n"))
	if len(r.Findings) != 0 {
		t.Fatalf("reported %q", render(r))
	}
	for k := range r.Allowlisted {
		if !strings.HasPrefix(k, "built-in") {
			t.Errorf("built-in drop counted as %q", k)
		}
	}
	if len(r.Allowlisted) == 0 {
		t.Errorf("nothing counted")
	}
}
