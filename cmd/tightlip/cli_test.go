package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/tightlip/tightlip/internal/rule"
)

// leakyTree returns a directory holding the secrets fixture under sub/,
// and a .gitignore that leaves the gitignore rules nothing to report.
func leakyTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyFixture(t, "secrets.txt", dir, "sub/secrets.txt")
	writeFile(t, filepath.Join(dir, "README.md"), "Nothing to see here.\n")
	writeGitignore(t, dir)
	return dir
}

// cleanTree returns a directory with nothing to report: no secret, and a
// .gitignore that excludes every kind of credential file.
func cleanTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeGitignore(t, dir)
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
	writeFile(t, filepath.Join(dir, "docs/README.md"), "# Docs\n\nNo keys here.\n")
	return dir
}

func TestExitStatus(t *testing.T) {
	clean, leaky := cleanTree(t), leakyTree(t)
	badConfig := t.TempDir()
	writeFile(t, filepath.Join(badConfig, ".tightlip.toml"), "[extend\n")
	badBaseline := writeFile(t, filepath.Join(t.TempDir(), "baseline.json"), `{"findings": [`)
	notReport := writeFile(t, filepath.Join(t.TempDir(), "baseline.json"), `{"results": []}`)

	tests := []struct {
		name string
		args []string
		want int
		// stderr must mention this (exit 2 only).
		stderr string
	}{
		{"clean tree", []string{"scan", clean}, 0, ""},
		{"clean tree json", []string{"scan", "--format", "json", clean}, 0, ""},
		{"findings", []string{"scan", leaky}, 1, ""},
		{"findings sarif", []string{"scan", "--format", "sarif", leaky}, 1, ""},
		{"no arguments", nil, 2, "Usage"},
		{"unknown command", []string{"scna", clean}, 2, `unknown command "scna"`},
		{"unknown flag", []string{"scan", "--bogus", clean}, 2, "bogus"},
		{"unknown flag after path", []string{"scan", clean, "--bogus"}, 2, "bogus"},
		{"bad format", []string{"scan", "--format", "xml", clean}, 2, `"xml"`},
		{"bad format for rules", []string{"rules", "--format", "yaml"}, 2, `"yaml"`},
		{"flag without value", []string{"scan", clean, "--format"}, 2, "format"},
		{"missing path", []string{"scan", filepath.Join(clean, "no-such-dir")}, 2, "no-such-dir"},
		{"two paths", []string{"scan", clean, leaky}, 2, "one PATH"},
		{"bad config at root", []string{"scan", badConfig}, 2, ".tightlip.toml"},
		{"missing --config", []string{"scan", "--config", filepath.Join(clean, "nope.toml"), clean}, 2, "nope.toml"},
		{"bad baseline", []string{"scan", "--baseline", badBaseline, leaky}, 2, badBaseline},
		{"baseline not a report", []string{"scan", "--baseline", notReport, leaky}, 2, notReport},
		{"missing baseline", []string{"scan", "--baseline", filepath.Join(clean, "nope.json"), leaky}, 2, "nope.json"},
		{"bad --max-file-size", []string{"scan", "--max-file-size", "ten", clean}, 2, "max-file-size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tightlip(t, "", tt.args...)
			r.wantCode(t, tt.want)
			if tt.want == 2 {
				if !strings.Contains(r.stderr, tt.stderr) {
					t.Errorf("stderr does not mention %q:\n%s", tt.stderr, r.stderr)
				}
				if r.stdout != "" && tt.args != nil {
					t.Errorf("a failed run wrote to stdout:\n%s", r.stdout)
				}
			}
		})
	}
}

func TestFlagsAfterPath(t *testing.T) {
	dir := leakyTree(t)
	before := tightlip(t, "", "scan", "--format", "json", "--no-redact", dir)
	after := tightlip(t, "", "scan", dir, "--format", "json", "--no-redact")
	mixed := tightlip(t, "", "scan", "--format", "json", dir, "--no-redact")
	for _, r := range []result{before, after, mixed} {
		r.wantCode(t, 1)
		rep := decodeReport(t, r.stdout)
		if len(rep.Findings) != 4 {
			t.Errorf("got %d findings, want 4", len(rep.Findings))
		}
		if !strings.Contains(r.stdout, fakeMarker) {
			t.Errorf("--no-redact after the path was ignored:\n%s", r.stdout)
		}
	}
	if after.stdout != before.stdout || mixed.stdout != before.stdout {
		// duration_ms may differ; compare findings only.
		a, b, c := decodeReport(t, before.stdout), decodeReport(t, after.stdout), decodeReport(t, mixed.stdout)
		if !reflect.DeepEqual(a.Findings, b.Findings) || !reflect.DeepEqual(a.Findings, c.Findings) {
			t.Errorf("flag position changed the findings")
		}
	}
}

func TestScanStdin(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "secrets.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := tightlip(t, string(data), "scan", "-", "--format", "json")
	r.wantCode(t, 1)
	rep := decodeReport(t, r.stdout)
	want := []string{"github-pat", "aws-access-token", "stripe-access-token", "slack-bot-token"}
	if got := ruleIDs(rep.Findings); !slices.Equal(got, want) {
		t.Errorf("stdin findings %v, want %v", got, want)
	}
	if rep.Summary.FilesScanned != 1 || rep.Summary.BytesScanned != int64(len(data)) {
		t.Errorf("summary: %d files, %d bytes; want 1 file, %d bytes",
			rep.Summary.FilesScanned, rep.Summary.BytesScanned, len(data))
	}

	r = tightlip(t, "nothing secret here\n", "scan", "-")
	r.wantCode(t, 0)
}

// Without a PATH, scan reads the current directory, and its .tightlip.toml.
func TestScanDefaultsToCurrentDirectory(t *testing.T) {
	dir := leakyTree(t)
	t.Chdir(dir)
	rep := scanJSON(t, 1)
	if len(rep.Findings) != 4 {
		t.Errorf("got %d findings, want 4", len(rep.Findings))
	}
	writeFile(t, filepath.Join(dir, ".tightlip.toml"), "[extend]\ndisabledRules = [\"github-pat\", \"aws-access-token\", \"stripe-access-token\", \"slack-bot-token\"]\n")
	scanJSON(t, 0)
}

func TestOutputFile(t *testing.T) {
	dir := leakyTree(t)
	out := filepath.Join(t.TempDir(), "report.json")
	r := tightlip(t, "", "scan", dir, "--format", "json", "-o", out)
	r.wantCode(t, 1)
	if r.stdout != "" {
		t.Errorf("-o: report also written to stdout:\n%s", r.stdout)
	}
	note := strings.TrimSuffix(r.stderr, "\n")
	if note == "" || strings.Contains(note, "\n") {
		t.Errorf("-o: want a one-line note on stderr, got %q", r.stderr)
	}
	if !strings.Contains(note, out) || !strings.Contains(note, "4 findings") {
		t.Errorf("-o: note %q should name the file and the number of findings", note)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if rep := decodeReport(t, string(data)); len(rep.Findings) != 4 {
		t.Errorf("report file has %d findings, want 4", len(rep.Findings))
	}

	// A clean scan writes the file too, and still exits 0.
	clean := cleanTree(t)
	r = tightlip(t, "", "scan", "-o", out, clean)
	r.wantCode(t, 0)
	data, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "findings:") || strings.Contains(string(data), "github-pat") {
		t.Errorf("text report for a clean tree not written over the old one:\n%s", data)
	}

	// An -o that cannot be written is an error.
	r = tightlip(t, "", "scan", clean, "-o", filepath.Join(clean, "no", "such", "dir", "r.txt"))
	r.wantCode(t, 2)
}

func TestRules(t *testing.T) {
	r := tightlip(t, "", "rules")
	r.wantCode(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	listed := 0
	for _, l := range lines[1:] { // the header first
		if f := strings.Fields(l); len(f) >= 3 && slices.Contains(rule.Categories, rule.Category(f[1])) {
			listed++
		}
	}
	if listed < 222 {
		t.Errorf("rules lists %d rules, want at least 222 (gitleaks' defaults)", listed)
	}
	for _, id := range []string{"github-pat", "aws-access-token", "generic-api-key"} {
		if !strings.Contains(r.stdout, id) {
			t.Errorf("rules does not list %s", id)
		}
	}

	for _, args := range [][]string{{"rules", "--format", "json"}, {"rules", "--format=json"}} {
		r = tightlip(t, "", args...)
		r.wantCode(t, 0)
		var doc struct {
			Rules []struct {
				ID       string `json:"id"`
				Category string `json:"category"`
				Severity string `json:"severity"`
				Help     string `json:"help"`
			} `json:"rules"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("rules --format json: %v\n%s", err, r.stdout)
		}
		if len(doc.Rules) != listed {
			t.Errorf("json lists %d rules, text %d", len(doc.Rules), listed)
		}
		seen := map[string]bool{}
		for _, rule := range doc.Rules {
			if rule.ID == "" || rule.Category == "" || rule.Severity == "" {
				t.Errorf("incomplete rule %+v", rule)
			}
			if seen[rule.ID] {
				t.Errorf("rule id %q listed twice", rule.ID)
			}
			seen[rule.ID] = true
		}
	}
}

func TestJSONFields(t *testing.T) {
	dir := leakyTree(t)
	r := tightlip(t, "", "scan", dir, "--format", "json")
	r.wantCode(t, 1)

	// Every field docs/architecture.md promises, by its exact name.
	var raw struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Findings) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range raw.Findings {
		for key, kind := range map[string]string{
			"rule_id": "string", "category": "string", "severity": "string", "message": "string",
			"file": "string", "line": "number", "column": "number", "secret": "string", "fingerprint": "string",
		} {
			v, ok := f[key]
			if !ok {
				t.Errorf("finding lacks %q: %v", key, f)
				continue
			}
			switch v.(type) {
			case string:
				if kind != "string" || v == "" {
					t.Errorf("%s = %q, want a non-empty %s", key, v, kind)
				}
			case float64:
				if kind != "number" {
					t.Errorf("%s is a number, want a %s", key, kind)
				}
			default:
				t.Errorf("%s = %v (%T), want a %s", key, v, v, kind)
			}
		}
	}

	rep := decodeReport(t, r.stdout)
	fps := map[string]bool{}
	for _, f := range rep.Findings {
		if f.File != "sub/secrets.txt" {
			t.Errorf("file = %q, want the slash path relative to the root, sub/secrets.txt", f.File)
		}
		if f.Category != "hardcoded-secret" || f.Severity != "error" {
			t.Errorf("%s: category %q severity %q", f.RuleID, f.Category, f.Severity)
		}
		if fps[f.Fingerprint] {
			t.Errorf("fingerprint %s used twice", f.Fingerprint)
		}
		fps[f.Fingerprint] = true
	}
	// Positions are 1-based and point at the secret (see the fixture).
	want := map[string][2]int{
		"github-pat": {5, 14}, "aws-access-token": {6, 19}, "stripe-access-token": {7, 12}, "slack-bot-token": {8, 17},
	}
	for _, f := range rep.Findings {
		if w, ok := want[f.RuleID]; !ok {
			t.Errorf("unexpected finding %s at %d:%d", f.RuleID, f.Line, f.Column)
		} else if f.Line != w[0] || f.Column != w[1] {
			t.Errorf("%s at %d:%d, want %d:%d", f.RuleID, f.Line, f.Column, w[0], w[1])
		}
		delete(want, f.RuleID)
	}
	for id := range want {
		t.Errorf("no %s finding", id)
	}

	// A single file as PATH: file is its base name.
	rep = scanJSON(t, 1, filepath.Join(dir, "sub", "secrets.txt"))
	for _, f := range rep.Findings {
		if f.File != "secrets.txt" {
			t.Errorf("single-file scan: file = %q, want secrets.txt", f.File)
		}
	}
	if rep.Summary.FilesScanned != 1 {
		t.Errorf("single-file scan: %d files scanned, want 1", rep.Summary.FilesScanned)
	}
}

func TestInlineAllow(t *testing.T) {
	dir := t.TempDir()
	copyFixture(t, "allow.txt", dir, "allow.txt")
	writeGitignore(t, dir)
	rep := scanJSON(t, 1, dir, "--no-redact")
	if got := ruleIDs(rep.Findings); !slices.Equal(got, []string{"stripe-access-token"}) {
		t.Errorf("findings %v, want only the unmarked stripe-access-token", got)
	}
	secrets := fixtureSecrets(t, "allow.txt")
	for _, f := range rep.Findings {
		if f.Secret == secrets[0] || f.Secret == secrets[1] {
			t.Errorf("allowed secret reported: %+v", f)
		}
	}
	// Two lines carry a marker, each hiding one finding: the summary says so.
	if n := suppressedTotal(rep); n != 2 {
		t.Errorf("summary counts %d suppressed findings (%v), want 2: one per marked line",
			n, rep.Summary.Suppressed)
	}
	r := tightlip(t, "", "scan", dir)
	if !strings.Contains(r.stdout, "tightlip:allow") {
		t.Errorf("text summary does not say what suppressed the findings:\n%s", r.stdout)
	}
}

// Asking for help is not a mistake: usage on stdout, exit 0, as for
// `tightlip help`.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"scan", "--help"}, {"scan", "-h"}, {"rules", "-h"}} {
		r := tightlip(t, "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage") {
			t.Errorf("tightlip %s: exit %d, stdout %q, stderr %q; want the usage and exit 0",
				strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	r := tightlip(t, "", "version")
	r.wantCode(t, 0)
	if !strings.HasPrefix(r.stdout, "tightlip ") {
		t.Errorf("version: %q", r.stdout)
	}
	// The gitleaks release whose rules are built in is the one go.mod
	// requires.
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.ParseLax("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range mf.Require {
		if req.Mod.Path == gitleaksModule && !strings.Contains(r.stdout, "gitleaks rules "+req.Mod.Version) {
			t.Errorf("version %q does not name gitleaks %s", r.stdout, req.Mod.Version)
		}
	}
}

func TestBuildString(t *testing.T) {
	for _, tt := range []struct {
		b    build
		want string
	}{
		{build{version: "v0.1.0", commit: "0123456789abcdef0123", gitleaks: "v8.30.1"}, "v0.1.0 (commit 0123456789ab, gitleaks rules v8.30.1)"},
		{build{version: "dev", commit: "0123456789abcdef", modified: true}, "dev (commit 0123456789ab, modified)"},
		{build{version: "dev"}, "dev"},
	} {
		if got := tt.b.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.b, got, tt.want)
		}
	}
}
