package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// leakyRules are the rules that report leakyTree's four planted secrets.
var leakyRules = []string{"github-pat", "aws-access-token", "stripe-access-token", "slack-bot-token"}

// hostilePart is one piece of a .tightlip.toml that a pull request can
// bring along to silence the scan of its own secrets, and what the report
// must still say about it. In the strings, FILE stands for the
// configuration's path.
type hostilePart struct {
	name, toml string
	// notes must each be in one of the summary's notes.
	notes []string
	// suppressed and skipped are summary keys that must count something:
	// what the configuration hid, or the files it kept from the rules.
	suppressed, skipped string
	// reported are the rules whose findings survive the configuration.
	reported []string
}

func hostileParts(t *testing.T) []hostilePart {
	// The first secret goes into the configuration too, as a pattern: the
	// report must not echo a configuration's patterns.
	planted := regexp.QuoteMeta(fixtureSecrets(t, "secrets.txt")[0])
	return []hostilePart{
		{
			name:       "allowlist every secret",
			toml:       "[[allowlists]]\nregexes = ['''" + planted + "|.''']\n",
			notes:      []string{"FILE: [[allowlists]] #1 allowlists regexes for every rule"},
			suppressed: "FILE: [[allowlists]] #1 (regexes)",
		},
		{
			name:    "allowlist every path",
			toml:    "[[allowlists]]\npaths = ['''.''']\n",
			notes:   []string{"FILE: [[allowlists]] #1 allowlists paths for every rule"},
			skipped: "allowlisted path by FILE: [[allowlists]] #1",
		},
		{
			name:  "no built-in rules",
			toml:  "[extend]\nuseDefault = false\n",
			notes: []string{"FILE turns off the ", " built-in rules (useDefault = false)"},
		},
		{
			name:    "nothing is small enough",
			toml:    "[scan]\nmaxFileSize = \"1B\"\n",
			notes:   []string{`FILE lowers maxFileSize to "1B"`},
			skipped: "too large",
		},
		{
			name:  "disable the rules that fire",
			toml:  "[extend]\ndisabledRules = [\"github-pat\", \"aws-access-token\"]\n",
			notes: []string{`FILE disables built-in rules: "github-pat", "aws-access-token"`},
			// generic-api-key does not take over: the line holds no key word.
			reported: []string{"stripe-access-token", "slack-bot-token"},
		},
		{
			name:     "replace a rule",
			toml:     "[[rules]]\nid = \"github-pat\"\nregex = '''z{99}'''\n",
			notes:    []string{`FILE replaces built-in rules with its own: "github-pat"`},
			reported: []string{"aws-access-token", "stripe-access-token", "slack-bot-token"},
		},
		{
			name:       "allowlist aimed at one built-in rule",
			toml:       "[[allowlists]]\ntargetRules = [\"github-pat\"]\nstopwords = [\"ghp_\"]\n",
			notes:      []string{`FILE: [[allowlists]] #1 allowlists stopwords for rules "github-pat"`},
			suppressed: "FILE: [[allowlists]] #1 (stopwords)",
			reported:   []string{"aws-access-token", "stripe-access-token", "slack-bot-token"},
		},
		{
			name:       "a rule's path allowlist",
			toml:       "[[allowlists]]\ntargetRules = [\"aws-access-token\"]\npaths = ['''.''']\n",
			notes:      []string{`FILE: [[allowlists]] #1 allowlists paths for rules "aws-access-token"`},
			suppressed: "FILE: [[allowlists]] #1 (paths)",
			reported:   []string{"github-pat", "stripe-access-token", "slack-bot-token"},
		},
		{
			name:     "credential files may be committed",
			toml:     "[gitignore]\nremove = [\"*.pem\", \".env\"]\n",
			notes:    []string{`FILE removes credential files from the gitignore rules: "*.pem", ".env"`},
			reported: leakyRules,
		},
		{
			// The configuration of issue 11, all at once.
			name: "everything together",
			toml: "[extend]\nuseDefault = false\n\n[[allowlists]]\nregexes = ['''" + planted + "|.''']\npaths = ['''.''']\n\n[scan]\nmaxFileSize = \"1B\"\n",
			notes: []string{
				"FILE turns off the ",
				"FILE: [[allowlists]] #1 allowlists paths, regexes for every rule",
				`FILE lowers maxFileSize to "1B"`,
			},
			skipped: "allowlisted path by FILE: [[allowlists]] #1",
		},
	}
}

// A configuration in the scanned tree that silences the scan is named in
// the report it silences: the note says the configuration came from the
// tree, what it turns off, and the summary counts what it hid. Nothing of
// a planted secret is printed on either stream, in any format.
func TestHostileTreeConfigIsNamed(t *testing.T) {
	secrets := fixtureSecrets(t, "secrets.txt")
	for _, p := range hostileParts(t) {
		t.Run(p.name, func(t *testing.T) {
			dir := configTree(t, p.toml)
			file := filepath.Join(dir, ".tightlip.toml")
			expand := func(s string) string { return strings.ReplaceAll(s, "FILE", file) }
			code := exitClean
			if len(p.reported) > 0 {
				code = exitFindings
			}

			rep := scanJSON(t, code, dir)
			if got := ruleIDs(rep.Findings); !slices.Equal(got, p.reported) {
				t.Errorf("findings %v, want %v", got, p.reported)
			}
			notes := strings.Join(rep.Summary.Notes, "\n")
			for _, want := range append([]string{"configuration read from the scanned tree: FILE"}, p.notes...) {
				if !strings.Contains(notes, expand(want)) {
					t.Errorf("notes lack %q:\n%s", expand(want), notes)
				}
			}
			if p.suppressed != "" && rep.Summary.Suppressed[expand(p.suppressed)] == 0 {
				t.Errorf("suppressed %v, want a count under %q", rep.Summary.Suppressed, expand(p.suppressed))
			}
			if p.skipped != "" && rep.Summary.Skipped[expand(p.skipped)] == 0 {
				t.Errorf("skipped %v, want a count under %q", rep.Summary.Skipped, expand(p.skipped))
			}

			for _, format := range formats {
				r := tightlip(t, "", "scan", "--format", format, dir)
				r.wantCode(t, code)
				if l := leaks(r.stdout+r.stderr, secrets); l != nil {
					t.Errorf("%s: output shows %q:\n%s\n%s", format, l, r.stdout, r.stderr)
				}
				// The text report has the notes in its summary; the
				// others print them on stderr.
				out := r.stderr
				if format == "text" {
					out = r.stdout
				}
				for _, want := range p.notes {
					if !strings.Contains(out, expand(want)) {
						t.Errorf("%s: output lacks %q:\nstdout:\n%s\nstderr:\n%s", format, expand(want), r.stdout, r.stderr)
					}
				}
				if format == "text" && p.suppressed != "" && !strings.Contains(r.stdout, expand(p.suppressed)+" ") {
					t.Errorf("text summary does not count %q:\n%s", expand(p.suppressed), r.stdout)
				}
			}
		})
	}
}

// --no-tree-config reads no configuration from the scanned tree: every
// planted secret is reported whatever the tree's .tightlip.toml says, and
// the report says the file was not read.
func TestNoTreeConfigIgnoresHostileConfig(t *testing.T) {
	secrets := fixtureSecrets(t, "secrets.txt")
	for _, p := range hostileParts(t) {
		t.Run(p.name, func(t *testing.T) {
			dir := configTree(t, p.toml)
			file := filepath.Join(dir, ".tightlip.toml")
			rep := scanJSON(t, exitFindings, "--no-tree-config", dir)
			got := ruleIDs(rep.Findings)
			for _, id := range leakyRules {
				if !slices.Contains(got, id) {
					t.Errorf("findings %v lack %s", got, id)
				}
			}
			notes := strings.Join(rep.Summary.Notes, "\n")
			if want := "--no-tree-config: " + file + " was not read"; !strings.Contains(notes, want) {
				t.Errorf("notes lack %q:\n%s", want, notes)
			}
			if strings.Contains(notes, "configuration read from") || strings.Contains(notes, "built-in rules:") {
				t.Errorf("notes speak of a configuration that was not read:\n%s", notes)
			}
			for _, format := range formats {
				r := tightlip(t, "", "scan", "--no-tree-config", "--format", format, dir)
				r.wantCode(t, exitFindings)
				if l := leaks(r.stdout+r.stderr, secrets); l != nil {
					t.Errorf("%s: output shows %q", format, l)
				}
			}
		})
	}
}

// --config names the trusted configuration; with --no-tree-config it is the
// only one read. One that lies in the scanned tree is used but noted, so
// the reader knows it is not independent of the change.
func TestTrustedConfig(t *testing.T) {
	dir := configTree(t, "[[allowlists]]\nregexes = ['''.''']\n")
	trusted := writeFile(t, filepath.Join(t.TempDir(), "trusted.toml"), "[extend]\ndisabledRules = [\"slack-bot-token\"]\n")

	rep := scanJSON(t, exitFindings, "--no-tree-config", "--config", trusted, dir)
	if got, want := ruleIDs(rep.Findings), []string{"github-pat", "aws-access-token", "stripe-access-token"}; !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	notes := strings.Join(rep.Summary.Notes, "\n")
	if strings.Contains(notes, "scanned tree") {
		t.Errorf("a configuration outside the tree is noted as inside:\n%s", notes)
	}
	if want := trusted + ` disables built-in rules: "slack-bot-token"`; !strings.Contains(notes, want) {
		t.Errorf("notes lack %q:\n%s", want, notes)
	}

	// The tree's own file, named by --config: read, and said to be the tree's.
	inTree := filepath.Join(dir, ".tightlip.toml")
	for _, args := range [][]string{{"--config", inTree, dir}, {"--no-tree-config", "--config", inTree, dir}} {
		rep = scanJSON(t, exitClean, args...)
		notes = strings.Join(rep.Summary.Notes, "\n")
		if want := "configuration read from the scanned tree: " + inTree + " (named by --config)"; !strings.Contains(notes, want) {
			t.Errorf("%v: notes lack %q:\n%s", args, want, notes)
		}
		if rep.Summary.Suppressed[inTree+": [[allowlists]] #1 (regexes)"] != 4 {
			t.Errorf("%v: suppressed %v, want the 4 findings counted", args, rep.Summary.Suppressed)
		}
	}

	// A configuration only adds rules: it is named as the tree's, nothing more.
	dir = configTree(t, "[[rules]]\nid = \"acme\"\nregex = '''acme_[a-z]{12}'''\n")
	rep = scanJSON(t, exitFindings, dir)
	if len(rep.Summary.Notes) != 1 || !strings.HasPrefix(rep.Summary.Notes[0], "configuration read from the scanned tree: ") {
		t.Errorf("notes %q, want only where the configuration came from", rep.Summary.Notes)
	}
	// No configuration, no note.
	rep = scanJSON(t, exitFindings, leakyTree(t))
	if len(rep.Summary.Notes) != 0 {
		t.Errorf("notes %q without a configuration", rep.Summary.Notes)
	}
}

// A git scan reads .tightlip.toml at the top of the repository: the pull
// request under review can bring one along with its secrets, and
// --no-tree-config ignores it.
func TestNoTreeConfigInGitScan(t *testing.T) {
	secrets, err := os.ReadFile(filepath.Join(fixtureDir, "secrets.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := gittest.New(t)
	base := r.Commit("base", map[string]string{"README.md": "hello\n"})
	head := r.Commit("feature", map[string]string{
		"sub/secrets.txt": string(secrets),
		".tightlip.toml":  "[[allowlists]]\nregexes = ['''.''']\n",
	})
	rng := base + ".." + head

	rep := scanJSON(t, exitClean, "--range", rng, r.Dir)
	counted := 0
	for k, n := range rep.Summary.Suppressed {
		if strings.HasSuffix(k, ".tightlip.toml: [[allowlists]] #1 (regexes)") {
			counted += n
		}
	}
	if len(rep.Findings) != 0 || counted != 4 {
		t.Errorf("findings %v, suppressed %v; want the 4 findings counted as allowlisted", ruleIDs(rep.Findings), rep.Summary.Suppressed)
	}
	if notes := strings.Join(rep.Summary.Notes, "\n"); !strings.Contains(notes, "configuration read from the scanned tree: ") {
		t.Errorf("notes do not say the configuration came from the tree:\n%s", notes)
	}

	rep = scanJSON(t, exitFindings, "--range", rng, "--no-tree-config", r.Dir)
	if got := ruleIDs(rep.Findings); !slices.Equal(got, leakyRules) {
		t.Errorf("--no-tree-config: findings %v, want %v", got, leakyRules)
	}
}

// A baseline can hide a change's own secrets when the change can edit it:
// the report names the baseline, how many findings it hid, and says when
// it lies in the scanned tree.
func TestBaselineInTreeIsNamed(t *testing.T) {
	secrets := fixtureSecrets(t, "secrets.txt")
	dir := leakyTree(t)
	// The change under review records its own secrets in a baseline it
	// commits beside them.
	inTree := filepath.Join(dir, "tightlip-baseline.json")
	tightlip(t, "", "scan", "--format", "json", "-o", inTree, dir).wantCode(t, exitFindings)

	rep := scanJSON(t, exitClean, "--baseline", inTree, dir)
	if len(rep.Findings) != 0 || rep.Summary.Suppressed["baseline "+inTree] != 4 {
		t.Errorf("findings %v, suppressed %v; want the 4 findings counted under the baseline", ruleIDs(rep.Findings), rep.Summary.Suppressed)
	}
	notes := strings.Join(rep.Summary.Notes, "\n")
	if want := "baseline " + inTree + " hid 4 findings; it lies in the scanned tree"; !strings.Contains(notes, want) {
		t.Errorf("notes lack %q:\n%s", want, notes)
	}
	for _, format := range formats {
		r := tightlip(t, "", "scan", "--format", format, "--baseline", inTree, dir)
		r.wantCode(t, exitClean)
		if l := leaks(r.stdout+r.stderr, secrets); l != nil {
			t.Errorf("%s: output shows %q", format, l)
		}
		if !strings.Contains(r.stdout+r.stderr, "hid 4 findings; it lies in the scanned tree") {
			t.Errorf("%s: output does not name the baseline:\nstdout:\n%s\nstderr:\n%s", format, r.stdout, r.stderr)
		}
	}

	// The same baseline from outside the tree (the base commit's): named,
	// with its count, and not said to be the tree's.
	outside := writeFile(t, filepath.Join(t.TempDir(), "baseline.json"), "{\"findings\": []}")
	rep = scanJSON(t, exitFindings, "--baseline", outside, dir)
	notes = strings.Join(rep.Summary.Notes, "\n")
	if want := "baseline " + outside + " hid 0 findings"; !strings.Contains(notes, want) || strings.Contains(notes, "scanned tree") {
		t.Errorf("notes %q, want %q and nothing about the tree", notes, want)
	}
}
