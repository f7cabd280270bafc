package main

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// configTree is leakyTree with a .tightlip.toml at its root.
func configTree(t *testing.T, toml string) string {
	t.Helper()
	dir := leakyTree(t)
	writeFile(t, filepath.Join(dir, ".tightlip.toml"), toml)
	return dir
}

func TestConfigAtRoot(t *testing.T) {
	all := []string{"github-pat", "aws-access-token", "stripe-access-token", "slack-bot-token"}
	tests := []struct {
		name, toml string
		want       []string // rule IDs reported
	}{
		{"no config", "", all},
		{"disable a rule", `
[extend]
disabledRules = ["aws-access-token"]
`, []string{"github-pat", "stripe-access-token", "slack-bot-token"}},
		{"allowlist a path", `
[allowlist]
description = "fixtures"
paths = ['''^sub/''']
`, nil},
		{"allowlist a regex", `
[allowlist]
regexes = ['''^sk_test_''']
`, []string{"github-pat", "aws-access-token", "slack-bot-token"}},
		// gitleaks' line target starts with the newline before the line, so
		// the regex is not anchored with ^.
		{"allowlist a regex on the line", `
[allowlist]
regexTarget = "line"
regexes = ['''GITHUB_TOKEN=''']
`, []string{"aws-access-token", "stripe-access-token", "slack-bot-token"}},
		{"stopword", `
[allowlist]
stopwords = ["abcdefxyz"]
`, []string{"github-pat", "aws-access-token", "stripe-access-token"}},
		// gitleaks resolves targetRules after adding its default rules, so a
		// global allowlist can target a built-in rule.
		{"allowlist for one built-in rule only", `
[[allowlists]]
targetRules = ["github-pat"]
regexes = ['''.''']
`, []string{"aws-access-token", "stripe-access-token", "slack-bot-token"}},
		{"size limit", `
[scan]
maxFileSize = "100B"
`, nil},
		{"no built-in rules", `
[extend]
useDefault = false

[[rules]]
id = "only-slack"
regex = '''xoxb-[0-9]+-[0-9]+-[A-Za-z]+'''
keywords = ["xoxb"]
`, []string{"only-slack"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := configTree(t, tt.toml)
			code := 0
			if len(tt.want) > 0 {
				code = 1
			}
			rep := scanJSON(t, code, dir)
			if got := ruleIDs(rep.Findings); !slices.Equal(got, tt.want) {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
		})
	}
}

// What a config skips is counted, not silently dropped.
func TestConfigSkipsAreCounted(t *testing.T) {
	dir := configTree(t, "[allowlist]\npaths = ['''^sub/''']\n")
	rep := scanJSON(t, 0, dir)
	// The configuration's allowlist is named with the skip.
	if key := "allowlisted path by " + filepath.Join(dir, ".tightlip.toml") + ": [allowlist]"; rep.Summary.Skipped[key] != 1 {
		t.Errorf("skipped %v, want the allowlisted file counted under %q", rep.Summary.Skipped, key)
	}

	dir = configTree(t, "[scan]\nmaxFileSize = \"100B\"\n")
	rep = scanJSON(t, 0, dir)
	// sub/secrets.txt and the .gitignore that leakyTree writes are larger.
	if rep.Summary.Skipped["too large"] != 2 {
		t.Errorf("skipped %v, want the two large files counted", rep.Summary.Skipped)
	}
	// README.md (21 B) and .tightlip.toml are small enough.
	if rep.Summary.FilesScanned != 2 {
		t.Errorf("%d files scanned, want 2", rep.Summary.FilesScanned)
	}
	// --max-file-size overrides the config.
	rep = scanJSON(t, 1, dir, "--max-file-size", "1MiB")
	if len(rep.Findings) != 4 {
		t.Errorf("--max-file-size 1MiB: %d findings, want 4", len(rep.Findings))
	}
	rep = scanJSON(t, 0, leakyTree(t), "--max-file-size", "100")
	if rep.Summary.Skipped["too large"] != 2 {
		t.Errorf("--max-file-size 100: skipped %v", rep.Summary.Skipped)
	}
}

func TestCustomRule(t *testing.T) {
	dir := t.TempDir()
	// A made-up token format; built at run time so this file holds no secret.
	token := "acme_tok_" + fakeMarker + "q7w3e9r1t5y2"
	writeGitignore(t, dir)
	writeFile(t, filepath.Join(dir, "deploy/settings.ini"), "[acme]\nendpoint = https://acme.example\ntoken = "+token+"\n")
	writeFile(t, filepath.Join(dir, ".tightlip.toml"), `
title = "team rules"

[[rules]]
id = "acme-internal-token"
description = "ACME internal API token. Rotate it in the ACME console."
regex = '''(acme_tok_([A-Za-z0-9]{16,}))'''
secretGroup = 2
keywords = ["acme_tok_"]
category = "hardcoded-secret"
severity = "warning"
`)
	rep := scanJSON(t, 1, dir, "--no-redact")
	if len(rep.Findings) != 1 {
		t.Fatalf("findings %+v, want one", rep.Findings)
	}
	f := rep.Findings[0]
	want := jsonFinding{
		RuleID: "acme-internal-token", Category: "hardcoded-secret", Severity: "warning",
		File: "deploy/settings.ini", Line: 3, Column: 18, Secret: strings.TrimPrefix(token, "acme_tok_"),
	}
	f.Message, f.Fingerprint = "", ""
	if !reflect.DeepEqual(f, want) {
		t.Errorf("finding\n got %+v\nwant %+v", f, want)
	}
	if rep.Findings[0].Message == "" {
		t.Errorf("custom rule finding has no message")
	}

	// Without the config the token is unknown.
	r := tightlip(t, "", "scan", "--config", writeFile(t, filepath.Join(t.TempDir(), "empty.toml"), ""), dir)
	r.wantCode(t, 0)
}

// --config names a file anywhere; it replaces the one at the root.
func TestExplicitConfig(t *testing.T) {
	dir := configTree(t, "[extend]\ndisabledRules = [\"github-pat\"]\n")
	other := writeFile(t, filepath.Join(t.TempDir(), "ci.toml"), "[extend]\ndisabledRules = [\"slack-bot-token\"]\n")
	rep := scanJSON(t, 1, dir, "--config", other)
	if got, want := ruleIDs(rep.Findings), []string{"github-pat", "aws-access-token", "stripe-access-token"}; !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

// A single file as PATH uses the .tightlip.toml beside it.
func TestConfigForSingleFile(t *testing.T) {
	dir := configTree(t, "")
	writeFile(t, filepath.Join(dir, "sub", ".tightlip.toml"), "[extend]\ndisabledRules = [\"github-pat\"]\n")
	rep := scanJSON(t, 1, filepath.Join(dir, "sub", "secrets.txt"))
	if got, want := ruleIDs(rep.Findings), []string{"aws-access-token", "stripe-access-token", "slack-bot-token"}; !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

// A bad configuration stops the scan with exit 2 and a message naming the
// file and, where there is one, the line.
func TestBadConfig(t *testing.T) {
	tests := []struct {
		name, toml string
		line       int    // 0: the message need not name a line
		want       string // also in the message
	}{
		{"syntax error", "title = \"x\"\n\n[scan]\nmaxFileSize = = \"1KB\"\n", 4, ""},
		{"unknown key", "[extend]\nuseDefault = true\ndisabledRule = [\"github-pat\"]\n", 3, "disabledRule"},
		{"unknown key in a rule", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\nkeyword = [\"abc\"]\n", 4, "keyword"},
		{"bad regex", "title = \"x\"\n\n[[rules]]\nid = \"r1\"\nregex = '''abc('''\n", 4, "r1"},
		{"bad regex in the second rule", "[[rules]]\nid = \"r0\"\nregex = '''ok'''\n\n[[rules]]\nid = \"r1\"\nregex = '''[z-a]'''\n", 6, "r1"},
		{"secretGroup too large", "[[rules]]\nid = \"r0\"\nregex = '''abc'''\n\n[[rules]]\nid = \"r1\"\nregex = '''a(b)c'''\nsecretGroup = 2\n", 6, "secretGroup"},
		{"bad severity", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\nseverity = \"critical\"\n", 2, "critical"},
		{"bad category", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\ncategory = \"secrets\"\n", 2, "secrets"},
		{"unknown disabled rule", "[extend]\ndisabledRules = [\"github-pta\"]\n", 0, "github-pta"},
		{"bad size", "[scan]\nmaxFileSize = \"ten\"\n", 0, "ten"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := configTree(t, tt.toml)
			file := filepath.Join(dir, ".tightlip.toml")
			for _, args := range [][]string{{"scan", dir}, {"scan", "--config", file, dir}} {
				r := tightlip(t, "", args...)
				r.wantCode(t, 2)
				if r.stdout != "" {
					t.Errorf("stdout not empty:\n%s", r.stdout)
				}
				if !strings.Contains(r.stderr, file) {
					t.Errorf("message does not name %s:\n%s", file, r.stderr)
				}
				if tt.line > 0 && !strings.Contains(r.stderr, fmt.Sprintf("%s:%d", file, tt.line)) {
					t.Errorf("message does not point at line %d:\n%s", tt.line, r.stderr)
				}
				if !strings.Contains(r.stderr, tt.want) {
					t.Errorf("message does not mention %q:\n%s", tt.want, r.stderr)
				}
			}
		})
	}
}
