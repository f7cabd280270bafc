package contentrules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
)

func build(t *testing.T, toml string) *contentrules.Set {
	t.Helper()
	set, err := contentrules.BuildTOML("x/.tightlip.toml", []byte(toml))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// Every way a configuration can keep a built-in rule from reporting is
// named, with the file; a configuration that only adds is not.
func TestChanges(t *testing.T) {
	tests := []struct {
		name, toml string
		want       []string // each in one note, in order
	}{
		{"only adds a rule", "[[rules]]\nid = \"acme\"\nregex = '''acme_[a-z]{9}'''\n", nil},
		{"gitignore add", "[gitignore]\nadd = [\"*.secret\"]\n", nil},
		{"larger limit", "[scan]\nmaxFileSize = \"20MiB\"\n", nil},
		{"useDefault", "[extend]\nuseDefault = false\n[[rules]]\nid = \"acme\"\nregex = '''acme'''\n",
			[]string{"x/.tightlip.toml turns off the ", " built-in rules (useDefault = false)"}},
		{"disabled", "[extend]\ndisabledRules = [\"github-pat\", \"aws-access-token\"]\n",
			[]string{`x/.tightlip.toml disables built-in rules: "github-pat", "aws-access-token"`}},
		{"replaced", "[[rules]]\nid = \"github-pat\"\nregex = '''nevermatches'''\n",
			[]string{`x/.tightlip.toml replaces built-in rules with its own: "github-pat"`}},
		{"global allowlists", "[[allowlists]]\nregexes = ['''.''']\npaths = ['''.''']\n[[allowlists]]\nstopwords = [\"a\"]\ntargetRules = [\"github-pat\"]\n",
			[]string{"x/.tightlip.toml: [[allowlists]] #1 allowlists paths, regexes for every rule",
				`x/.tightlip.toml: [[allowlists]] #2 allowlists stopwords for rules "github-pat"`}},
		{"old spelling, AND", "[allowlist]\ncondition = \"AND\"\nregexes = ['''.''']\npaths = ['''.''']\n",
			[]string{"x/.tightlip.toml: [allowlist] allowlists paths and regexes together for every rule"}},
		{"smaller limit", "[scan]\nmaxFileSize = \"1B\"\n", []string{`x/.tightlip.toml lowers maxFileSize to "1B"`}},
		{"gitignore remove", "[gitignore]\nremove = [\"*.pem\"]\n", []string{`x/.tightlip.toml removes credential files from the gitignore rules: "*.pem"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := build(t, tt.toml).Changes
			if len(tt.want) == 0 {
				if len(got) > 0 {
					t.Errorf("notes %q, want none", got)
				}
				return
			}
			all := strings.Join(got, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("notes %q lack %q", got, w)
				}
			}
		})
	}
	set, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Changes) > 0 {
		t.Errorf("built-in rules alone: notes %q", set.Changes)
	}
}

// A rule ID with a control character is quoted in the notes, so it cannot
// reach a terminal raw.
func TestChangesQuoteIDs(t *testing.T) {
	got := build(t, "[[allowlists]]\nregexes = ['''.''']\ntargetRules = [\"github-pat\"]\n[[rules]]\nid = \"evil\\u001b[2J\"\nregex = '''zz'''\n").Changes
	for _, n := range got {
		if strings.ContainsRune(n, 0x1b) {
			t.Errorf("note holds an escape: %q", n)
		}
	}
}

// Every allowlist of the merged set is named by where it was written.
func TestOrigins(t *testing.T) {
	set := build(t, `
[[allowlists]]
regexes = ['''x''']
[[allowlists]]
regexes = ['''y''']
targetRules = ["aws-access-token"]
[[rules]]
id = "acme"
regex = '''acme'''
[[rules.allowlists]]
stopwords = ["a"]
[[rules.allowlists]]
stopwords = ["b"]
`)
	var names []string
	builtIn := 0
	for _, a := range set.Content.Allowlists {
		o, ok := set.Origins[a]
		if !ok {
			t.Fatalf("global allowlist without an origin")
		}
		if o.BuiltIn {
			builtIn++
		} else {
			names = append(names, o.Name)
		}
	}
	for _, id := range []string{"acme", "aws-access-token", "generic-api-key"} {
		for _, a := range set.Content.Rules[id].Allowlists {
			o, ok := set.Origins[a]
			if !ok {
				t.Fatalf("rule %s: allowlist without an origin", id)
			}
			names = append(names, o.Name)
		}
	}
	slices.Sort(names)
	want := []string{
		"built-in: rule \"aws-access-token\" allowlist",
		"built-in: rule \"generic-api-key\" allowlist #1",
		"built-in: rule \"generic-api-key\" allowlist #2",
		"built-in: rule \"generic-api-key\" allowlist #3",
		"built-in: rule \"generic-api-key\" allowlist #4",
		"x/.tightlip.toml: [[allowlists]] #1",
		"x/.tightlip.toml: [[allowlists]] #2",
		"x/.tightlip.toml: rule \"acme\" allowlist #1",
		"x/.tightlip.toml: rule \"acme\" allowlist #2",
	}
	if builtIn != 1 || !slices.Equal(names, want) {
		t.Errorf("%d built-in global, names\n%q\nwant\n%q", builtIn, names, want)
	}
}
