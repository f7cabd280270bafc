package config_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
)

const name = "team/.tightlip.toml"

func TestParse(t *testing.T) {
	src := `# team rules
title = "team"

[extend]
disabledRules = ["generic-api-key"]

[[rules]]
id = "acme-token"
description = "ACME token"
regex = '''acme_tok_([a-z0-9]{16})'''
secretGroup = 1
keywords = ["acme_tok_"]
category = "hardcoded-secret"
severity = "warning"
precision = "high"

  [[rules.allowlists]]
  stopwords = ["example"]

[[rules]]
id = "pem-file"
path = '''\.pem$'''

[[allowlists]]
paths = ['''^vendor/''']

[scan]
maxFileSize = "512KiB"
failOn = "error"
`
	f, err := config.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != name || string(f.Raw) != src {
		t.Errorf("Name %q, Raw kept: %v", f.Name, string(f.Raw) == src)
	}
	if f.Scan.FailOn != "error" {
		t.Errorf("[scan] failOn = %q, want error", f.Scan.FailOn)
	}
	if !f.UsesDefault() {
		t.Errorf("UsesDefault() = false; the built-in rules stay on unless useDefault = false")
	}
	if len(f.Rules) != 2 || f.Rules[0].ID != "acme-token" || f.Rules[0].SecretGroup != 1 || f.Rules[0].Severity != "warning" {
		t.Errorf("rules: %+v", f.Rules)
	}
	if al := f.Rules[0].AllAllowlists(); len(al) != 1 || al[0].StopWords[0] != "example" {
		t.Errorf("rule allowlists: %+v", al)
	}
	if al := f.AllAllowlists(); len(al) != 1 || al[0].Paths[0] != "^vendor/" {
		t.Errorf("global allowlists: %+v", al)
	}
	if got := f.Where("acme-token"); got != name+":8" {
		t.Errorf("Where(acme-token) = %q, want %s:8", got, name)
	}
	if got := f.Where("pem-file"); got != name+":21" {
		t.Errorf("Where(pem-file) = %q, want %s:21", got, name)
	}
	if got := f.Where("no-such-rule"); got != name {
		t.Errorf("Where(no-such-rule) = %q, want %s", got, name)
	}
	if n, err := f.MaxFileSize(); err != nil || n != 512<<10 {
		t.Errorf("MaxFileSize() = %d, %v; want %d", n, err, 512<<10)
	}
}

func TestParseOldAllowlistSpelling(t *testing.T) {
	f, err := config.Parse(name, []byte("[allowlist]\ndescription = \"old style\"\nregexes = ['''^dummy''']\n"))
	if err != nil {
		t.Fatal(err)
	}
	if al := f.AllAllowlists(); len(al) != 1 || al[0].Regexes[0] != "^dummy" {
		t.Errorf("AllAllowlists() = %+v", al)
	}
}

func TestUseDefaultFalse(t *testing.T) {
	f, err := config.Parse(name, []byte("[extend]\nuseDefault = false\n\n[[rules]]\nid = \"x\"\nregex = '''x'''\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.UsesDefault() {
		t.Errorf("UsesDefault() = true with useDefault = false")
	}
}

func TestEmptyConfig(t *testing.T) {
	f, err := config.Parse(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.MaxFileSize(); n != 0 || err != nil {
		t.Errorf("MaxFileSize() = %d, %v; want 0 (unset)", n, err)
	}
}

// Every error names the file; errors about one place in it name the line.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int    // 0: no line expected
		want      string // also in the message
	}{
		{"syntax error", "title = \"x\"\n\n[scan]\nmaxFileSize = = \"1KB\"\n", 4, "expected value"},
		{"unterminated string", "title = \"x\"\nkey = \"abc\n", 2, ""},
		// The fault is at the end of the line: the message must not point at the next one.
		{"unclosed table header", "title = \"x\"\n\n[[rules]\nid = \"a\"\nregex = '''a'''\n", 3, ""},
		{"unclosed table header at the top", "[extend\nuseDefault = true\n", 1, ""},
		{"unknown top-level key", "titel = \"x\"\n", 1, "titel"},
		{"unknown key in a table", "[extend]\nuseDefault = true\ndisabledRule = [\"a\"]\n", 3, "disabledRule"},
		{"unknown key in a rule", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\nkeyword = [\"abc\"]\n", 4, "keyword"},
		{"unknown table", "[scna]\nmaxFileSize = \"1KB\"\n", 1, "scna"},
		// regex is a real key of the rule above; the typo is the allowlist's.
		{"unknown key in a rule allowlist", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\n[[rules.allowlists]]\nregex = '''x'''\n", 5, "regex"},
		{"unknown key in the global allowlist", "[[rules]]\nid = \"r1\"\npath = '''\\.pem$'''\n\n[allowlist]\npath = ['''x''']\n", 6, "path"},
		{"bad regex", "title = \"x\"\n\n[[rules]]\nid = \"r1\"\nregex = '''abc('''\n", 4, "r1"},
		{"bad path regex", "[[rules]]\nid = \"r1\"\npath = '''*.pem'''\n", 2, "path"},
		{"secretGroup too large", "[[rules]]\nid = \"r0\"\nregex = '''x'''\n\n[[rules]]\nid = \"r1\"\nregex = '''a(b)c'''\nsecretGroup = 2\n", 6, "secretGroup 2"},
		{"secretGroup without groups", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\nsecretGroup = 1\n", 2, "secretGroup"},
		{"bad severity", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\nseverity = \"critical\"\n", 2, "critical"},
		{"bad category", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\ncategory = \"secrets\"\n", 2, "secrets"},
		{"bad precision", "[[rules]]\nid = \"r1\"\nregex = '''abc'''\nprecision = \"perfect\"\n", 2, "perfect"},
		{"duplicate rule", "[[rules]]\nid = \"r1\"\nregex = '''a'''\n[[rules]]\nid = \"r1\"\nregex = '''b'''\n", 2, "twice"},
		{"rule without id", "[[rules]]\nregex = '''a'''\n", 0, "no id"},
		{"rule without regex or path", "[[rules]]\nid = \"r1\"\ndescription = \"nothing\"\n", 2, "regex or a path"},
		{"composite rule", "[[rules]]\nid = \"r1\"\nregex = '''a'''\n[[rules.required]]\nid = \"r0\"\n", 2, "composite"},
		{"bad allowlist regex", "[[rules]]\nid = \"r1\"\nregex = '''a'''\n[[rules.allowlists]]\nregexes = ['''(''']\n", 2, "regexes"},
		{"empty allowlist", "[allowlist]\ndescription = \"nothing\"\n", 0, "empty allowlist"},
		{"bad condition", "[allowlist]\ncondition = \"XOR\"\nregexes = ['''a''']\n", 2, "XOR"},
		{"bad regexTarget", "[allowlist]\nregexTarget = \"file\"\nregexes = ['''a''']\n", 2, "file"},
		{"bad global allowlist regex", "# global\n\n[[allowlists]]\nregexes = ['''(''']\n", 4, "regexes"},
		{"both allowlist spellings", "[allowlist]\nregexes = ['''a''']\n[[allowlists]]\nregexes = ['''b''']\n", 0, "[allowlist]"},
		{"extend path", "[extend]\npath = \"other.toml\"\n", 0, "not supported"},
		{"bad size", "[scan]\nmaxFileSize = \"ten\"\n", 2, "maxFileSize"},
		{"wrong type", "[scan]\nmaxFileSize = 1024\n", 0, "line 2"},
		{"bad failOn", "[scan]\nfailOn = \"critical\"\n", 2, "failOn"},
		{"bad tests", "[scan]\nmaxFileSize = \"1MiB\"\ntests = \"hide\"\n", 3, "tests"},
		{"bad credentialFiles regex", "[[rules]]\nid = \"r1\"\nregex = '''a(b)'''\ncredentialFiles = '''*.netrc'''\n", 2, "credentialFiles"},
		{"credentialFiles without a regex", "[[rules]]\nid = \"r1\"\npath = '''\\.pem$'''\ncredentialFiles = '''\\.pem$'''\n", 2, "needs a regex"},
		{"credentialFiles matching ordinary code", "[[rules]]\nid = \"r1\"\nregex = '''pw=(\\S+)'''\ncredentialFiles = '''\\.(?:go|netrc)$'''\n", 2, "main.go"},
		{"credentialFiles matching everything", "[[rules]]\nid = \"r1\"\nregex = '''pw=(\\S+)'''\ncredentialFiles = '''.'''\n", 2, "README.md"},
		{"credentialFiles not a string", "[[rules]]\nid = \"r1\"\nregex = '''pw=(\\S+)'''\ncredentialFiles = true\n", 0, "credentialFiles"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse(name, []byte(tt.src))
			if err == nil {
				t.Fatalf("no error for\n%s", tt.src)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, name) {
				t.Errorf("error does not start with the file name: %s", msg)
			}
			if tt.line > 0 && !strings.HasPrefix(msg, fmt.Sprintf("%s:%d:", name, tt.line)) {
				t.Errorf("error does not point at line %d: %s", tt.line, msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error does not mention %q: %s", tt.want, msg)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, config.DefaultName)
	if err := os.WriteFile(path, []byte("[scan]\nmaxFileSize = \"2MB\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != path {
		t.Errorf("Name = %q, want %q", f.Name, path)
	}
	if n, _ := f.MaxFileSize(); n != 2_000_000 {
		t.Errorf("MaxFileSize = %d, want 2000000", n)
	}

	missing := filepath.Join(dir, "nope.toml")
	_, err = config.Load(missing)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("Load(missing) = %v; want a not-exist error naming the file", err)
	}
}

func TestParseSize(t *testing.T) {
	good := map[string]int64{
		"1048576": 1 << 20, "100B": 100, "100b": 100, "500KB": 500_000, "500KiB": 500 << 10, "500k": 500 << 10,
		"10MiB": 10 << 20, "10MB": 10_000_000, "2M": 2 << 20, "1GiB": 1 << 30, "1GB": 1_000_000_000,
		" 5 MiB ": 5 << 20, "5mib": 5 << 20, //nolint:gocritic // surrounding space is the case under test
	}
	for in, want := range good {
		if got, err := config.ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "0", "-1", "ten", "1.5MiB", "10 parsecs", "10TB", "1e6"} {
		if got, err := config.ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		} else if !strings.Contains(err.Error(), fmt.Sprintf("%q", in)) {
			t.Errorf("ParseSize(%q): error does not quote the input: %v", in, err)
		}
	}
}

// A parse error says where, and the key, but quotes nothing of the file
// beyond punctuation: the "config" may be /proc/self/environ behind a link.
func TestParseErrorQuotesNoText(t *testing.T) {
	for _, src := range []string{
		"HOME=/root\x00TIGHTLIP_MARKER=s3cr3tvalue\x00",
		"title = \"x\"\nkey = s3cr3tvalue\n",
		"[scan]\nmaxFileSize = [\"s3cr3tvalue\"]\n",
		"s3cr3tvalue\n",
	} {
		_, err := config.Parse(name, []byte(src))
		if err == nil {
			t.Fatalf("no error for %q", src)
		}
		if msg := err.Error(); strings.Contains(msg, "s3cr3t") || strings.Contains(msg, "/root") {
			t.Errorf("error for %q quotes the file: %s", src, msg)
		}
	}
	// Positive: the message still says what was expected, and where.
	_, err := config.Parse(name, []byte("title = \"x\"\nkey = = 1\n"))
	if msg := err.Error(); !strings.HasPrefix(msg, name+":2:") || !strings.Contains(msg, "expected value") || !strings.Contains(msg, `"key"`) {
		t.Errorf("error lost its position, message or key: %s", msg)
	}
}

func TestLoadRefusesSpecialAndLarge(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", int(config.MaxSize))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Load(big); err == nil || !strings.Contains(err.Error(), "big.toml is larger than 1 MiB") {
		t.Errorf("Load(big) = %v; want a too-large error naming it", err)
	}
	if _, err := config.Load(dir); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Load(dir) = %v; want a not-regular error", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := os.WriteFile(filepath.Join(dir, "real.toml"), []byte("title = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.toml", filepath.Join(dir, config.DefaultName)); err != nil {
		t.Fatal(err)
	}
	if _, err := config.LoadIn(root, "real.toml", "tree/real.toml"); err != nil {
		t.Errorf("LoadIn(regular file) = %v", err)
	}
	if _, err := config.LoadIn(root, config.DefaultName, "tree/.tightlip.toml"); err == nil || !strings.Contains(err.Error(), "tree/.tightlip.toml is a symbolic link") {
		t.Errorf("LoadIn(link) = %v; want a link error naming it", err)
	}
}
