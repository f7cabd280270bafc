// Package config reads tightlip's TOML configuration: gitleaks' rule format
// (so existing gitleaks configs work) plus a few tightlip settings. It only
// parses and checks; package contentrules turns a File into compiled rules.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/tightlip/tightlip/internal/rule"
	"github.com/tightlip/tightlip/internal/safefile"
)

// DefaultName is the configuration file read from the scanned root when no
// --config is given.
const DefaultName = ".tightlip.toml"

// File is one parsed configuration file.
type File struct {
	// Name is the path the file was read from, for error messages.
	Name string `toml:"-"`
	// Raw is the file's text, kept for gitleaks' own rule compiler.
	Raw []byte `toml:"-"`

	Title       string `toml:"title"`
	Description string `toml:"description"`
	MinVersion  string `toml:"minVersion"`
	Extend      Extend `toml:"extend"`
	Rules       []Rule `toml:"rules"`
	// Allowlist is gitleaks' older single global allowlist; Allowlists the newer list.
	Allowlist  *GlobalAllowlist  `toml:"allowlist"`
	Allowlists []GlobalAllowlist `toml:"allowlists"`

	// Scan holds tightlip's own settings.
	Scan Scan `toml:"scan"`
	// Gitignore tunes the credential-file list of the gitignore rules.
	Gitignore Gitignore `toml:"gitignore"`

	// lines maps a rule ID to the line of its `id = ...` entry, so errors
	// can point at it; worked out on the first error that asks.
	lines func() map[string]int
	// src is the file's text, for KeyWhere.
	src []byte
}

// Extend says how the file relates to the built-in rules.
type Extend struct {
	// UseDefault keeps the built-in rules (gitleaks' and tightlip's); it is
	// true unless the file sets it to false.
	UseDefault *bool `toml:"useDefault"`
	// DisabledRules are rule IDs to drop.
	DisabledRules []string `toml:"disabledRules"`
	Path          string   `toml:"path"`
	URL           string   `toml:"url"`
}

// Rule is one [[rules]] table: gitleaks' keys plus tightlip's metadata.
type Rule struct {
	ID          string      `toml:"id"`
	Description string      `toml:"description"`
	Path        string      `toml:"path"`
	Regex       string      `toml:"regex"`
	SecretGroup int         `toml:"secretGroup"`
	Entropy     float64     `toml:"entropy"`
	Keywords    []string    `toml:"keywords"`
	Tags        []string    `toml:"tags"`
	Allowlist   *Allowlist  `toml:"allowlist"`
	Allowlists  []Allowlist `toml:"allowlists"`
	Required    []Required  `toml:"required"`
	SkipReport  bool        `toml:"skipReport"`

	// tightlip's catalogue metadata; all optional.
	Category  string `toml:"category"`
	Severity  string `toml:"severity"`
	CWE       string `toml:"cwe"`
	Precision string `toml:"precision"`
	Help      string `toml:"help"`
	// CredentialFiles is a path regex naming files whose format holds
	// only credentials (.netrc, .pgpass, wp-config.php …): in them, every
	// value the rule matches is a credential however weak it looks
	// (admin, pass123), and only structural placeholders (empty, ${VAR},
	// <your-password>, ****, env:NAME) are dropped. Elsewhere the rule
	// drops placeholders as every rule does.
	CredentialFiles string `toml:"credentialFiles"`
	// Provider names who issues the secret ("Everflow"): messages say to
	// rotate it there.
	Provider string `toml:"provider"`
}

// Allowlist is a rule's allowlist in gitleaks' format.
type Allowlist struct {
	Description string   `toml:"description"`
	Condition   string   `toml:"condition"`
	Commits     []string `toml:"commits"`
	Paths       []string `toml:"paths"`
	RegexTarget string   `toml:"regexTarget"`
	Regexes     []string `toml:"regexes"`
	StopWords   []string `toml:"stopwords"`
}

// GlobalAllowlist applies to every rule, or to TargetRules when set.
type GlobalAllowlist struct {
	Allowlist
	TargetRules []string `toml:"targetRules"`
}

// Required is gitleaks' composite-rule reference.
type Required struct {
	ID            string `toml:"id"`
	WithinLines   *int   `toml:"withinLines"`
	WithinColumns *int   `toml:"withinColumns"`
}

// Scan holds tightlip settings that are not rules.
type Scan struct {
	// MaxFileSize is the largest file scanned, e.g. "10MiB" or "500KB".
	MaxFileSize string `toml:"maxFileSize"`
	// FailOn is the lowest severity that makes a scan fail (exit 1):
	// "error", "warning" (the default), "note" or "never".
	FailOn string `toml:"failOn"`
	// Tests says what becomes of findings in test code, fixtures and
	// examples (testdata/, *_test.go, fixtures/, examples/ …): "note" (the default) reports
	// them at severity note, "report" at their rule's severity, "skip"
	// drops them, counted in the summary.
	Tests string `toml:"tests"`
}

// FailOnValues are what [scan] failOn and --fail-on accept, most lenient
// last: the severities, least severe first, then "never".
var FailOnValues = func() []string {
	var out []string
	for i := len(rule.Severities) - 1; i >= 0; i-- {
		out = append(out, string(rule.Severities[i]))
	}
	return append(out, "never")
}()

// TestsValues are what [scan] tests and --tests accept.
var TestsValues = []string{"note", "report", "skip"}

// MaxSize bounds a configuration file: rule sets are a few hundred KiB at
// most, and a larger one (or /dev/zero behind a link) is refused before
// it is read.
const MaxSize = safefile.MiB

// Load reads and checks a configuration file the user named (--config): a
// symbolic link there is the user's and is followed, but the file must be
// a regular file of at most MaxSize bytes.
func Load(path string) (*File, error) {
	data, err := safefile.ReadPath(path, MaxSize)
	if err != nil {
		return nil, readError(err)
	}
	return Parse(path, data)
}

// LoadIn reads and checks the configuration file name of the tree under
// root, such as .tightlip.toml; shown is how messages name it. The tree
// may be hostile: the file must not be a symbolic link, must be a regular
// file and hold at most MaxSize bytes.
func LoadIn(root *os.Root, name, shown string) (*File, error) {
	data, err := safefile.ReadFileIn(root, name, MaxSize)
	if err != nil {
		var re *safefile.RefusedError
		if errors.As(err, &re) {
			re.Name = shown
		}
		return nil, readError(err)
	}
	return Parse(shown, data)
}

func readError(err error) error {
	var re *safefile.RefusedError
	if errors.As(err, &re) {
		return fmt.Errorf("config %w", err)
	}
	return fmt.Errorf("config: %w", err)
}

// Parse parses and checks configuration text; name is used in errors.
// Unknown keys are errors: a typo must not silently disable a setting.
func Parse(name string, data []byte) (*File, error) {
	f, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f, nil
}

// ParseBuiltin parses a rule file that ships inside tightlip, without
// Parse's checks: a test holds each such file to them, and a run need not
// compile every regex once more only to drop it (a tenth of tightlip's
// start-up).
func ParseBuiltin(name string, data []byte) (*File, error) {
	return decode(name, data)
}

// decode reads a configuration file's TOML into a File, naming the line
// of a syntax error or an unknown key.
func decode(name string, data []byte) (*File, error) {
	f := &File{Name: name, Raw: data}
	md, err := toml.Decode(string(data), f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// Position.Line is where the lexer stopped, which is the next
			// line when the fault is a missing character at a line's end.
			line := pe.Position.Line
			if st := pe.Position.Start; st >= 0 && st <= len(data) {
				line = 1 + bytes.Count(data[:st], []byte("\n"))
			}
			msg := redactQuoted(pe.Message)
			if pe.LastKey != "" {
				msg += fmt.Sprintf(" (after key %q)", shortKey(pe.LastKey))
			}
			return nil, fmt.Errorf("%s:%d:%d: not valid TOML: %s", name, line, pe.Position.Col, msg)
		}
		// Decoding errors (a string where a list belongs) name a key and a
		// type, but may quote a value: say only where.
		msg := lastKey.ReplaceAllStringFunc(err.Error(), func(m string) string {
			k, uerr := strconv.Unquote(lastKey.FindStringSubmatch(m)[1])
			if uerr != nil {
				return "(last key '…')"
			}
			return "(key " + shortKey(k) + ")"
		})
		return nil, fmt.Errorf("%s: not a valid configuration: %s", name, redactQuoted(msg))
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("%s:%d: unknown key %q", name, lineOfKey(data, und[0]), strings.Join(keys, `", "`))
	}
	f.lines = sync.OnceValue(func() map[string]int { return ruleLines(data) })
	f.src = data
	return f, nil
}

// quoted is text a TOML error message quotes from the file: 'x', "abc".
var quoted = regexp.MustCompile(`'[^']*'|"(?:[^"\\]|\\.)*"`)

// lastKey is how a toml decoding error names its key.
var lastKey = regexp.MustCompile(`\(last key ("(?:[^"\\]|\\.)*")\)`)

// redactQuoted replaces what an error message quotes from the file by
// '…', keeping quoted punctuation such as '=' or ']' that the message
// names as expected: the file may be /proc/self/environ behind a link,
// and its text must not reach a CI log through a parse error.
func redactQuoted(msg string) string {
	return quoted.ReplaceAllStringFunc(msg, func(q string) string {
		inner := q[1 : len(q)-1]
		if len(inner) <= 6 && strings.IndexFunc(inner, func(r rune) bool {
			return r == '\\' || unicode.IsLetter(r) || unicode.IsDigit(r) || !unicode.IsPrint(r)
		}) < 0 {
			return q
		}
		return "'…'"
	})
}

// shortKey is a key for a message: at most 40 bytes of it.
func shortKey(k string) string {
	if len(k) > 40 {
		k = strings.ToValidUTF8(k[:40], "") + "…"
	}
	return k
}

// UsesDefault reports whether the built-in rules stay on.
func (f *File) UsesDefault() bool {
	return f.Extend.UseDefault == nil || *f.Extend.UseDefault
}

// KeyWhere returns "file:line" for the line that sets key (a table path
// and the key, e.g. "scan", "failOn"), or just the file name when no line
// does: errors found after parsing name the line, as parse errors do.
func (f *File) KeyWhere(key ...string) string {
	if l := lineOfKey(f.src, toml.Key(key)); l > 0 {
		return fmt.Sprintf("%s:%d", f.Name, l)
	}
	return f.Name
}

// Where returns "file:line" for a rule ID, or just the file name.
func (f *File) Where(ruleID string) string {
	if f.lines == nil {
		return f.Name
	}
	if l, ok := f.lines()[ruleID]; ok {
		return fmt.Sprintf("%s:%d", f.Name, l)
	}
	return f.Name
}

// The values a rule file may give a rule's category, severity and
// precision: package rule's lists, spelled as strings.
var (
	categories = strs(rule.Categories)
	severities = strs(rule.Severities)
	precisions = rule.Precisions
)

func strs[S ~string](vs []S) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// check validates what gitleaks' own loader would otherwise panic on (bad
// regexes) or accept silently, naming the rule and its line.
func (f *File) check() error {
	if f.Extend.Path != "" || f.Extend.URL != "" {
		return fmt.Errorf("%s: [extend] path and url are not supported; list the rules in this file or use --config", f.Name)
	}
	if f.Allowlist != nil && len(f.Allowlists) > 0 {
		return fmt.Errorf("%s: [allowlist] and [[allowlists]] cannot both be used", f.Name)
	}
	seen := map[string]bool{}
	for i, r := range f.Rules {
		if strings.TrimSpace(r.ID) == "" {
			return fmt.Errorf("%s: rule #%d has no id", f.Name, i+1)
		}
		where := f.Where(r.ID)
		if seen[r.ID] {
			return fmt.Errorf("%s: rule %q defined twice", where, r.ID)
		}
		seen[r.ID] = true
		if r.Regex == "" && r.Path == "" {
			return fmt.Errorf("%s: rule %q needs a regex or a path", where, r.ID)
		}
		if err := compiles(r.Regex, "regex"); err != nil {
			return fmt.Errorf("%s: rule %q: %w", where, r.ID, err)
		}
		if err := compiles(r.Path, "path"); err != nil {
			return fmt.Errorf("%s: rule %q: %w", where, r.ID, err)
		}
		if err := checkCredentialFiles(r); err != nil {
			return fmt.Errorf("%s: rule %q: %w", where, r.ID, err)
		}
		if r.SecretGroup > 0 && r.Regex != "" {
			if n := regexp.MustCompile(r.Regex).NumSubexp(); r.SecretGroup > n {
				return fmt.Errorf("%s: rule %q: secretGroup %d but the regex has %d groups", where, r.ID, r.SecretGroup, n)
			}
		}
		if len(r.Required) > 0 {
			return fmt.Errorf("%s: rule %q: composite rules ([[rules.required]]) are not supported yet", where, r.ID)
		}
		for _, e := range []struct {
			key, val string
			ok       []string
		}{
			{"category", r.Category, categories}, {"severity", r.Severity, severities}, {"precision", r.Precision, precisions},
		} {
			if e.val != "" && !slices.Contains(e.ok, e.val) {
				return fmt.Errorf("%s: rule %q: %s %q is not one of %s", where, r.ID, e.key, e.val, strings.Join(e.ok, ", "))
			}
		}
		if r.Allowlist != nil && len(r.Allowlists) > 0 {
			return fmt.Errorf("%s: rule %q: [rules.allowlist] and [[rules.allowlists]] cannot both be used", where, r.ID)
		}
		for _, a := range r.AllAllowlists() {
			if err := a.check(); err != nil {
				return fmt.Errorf("%s: rule %q allowlist: %w", where, r.ID, err)
			}
		}
	}
	table := "allowlists"
	if f.Allowlist != nil {
		table = "allowlist"
	}
	for _, a := range f.AllAllowlists() {
		if err := a.check(); err != nil {
			return fmt.Errorf("%s: global allowlist: %w", f.allowlistWhere(table, err), err)
		}
	}
	if _, err := f.MaxFileSize(); err != nil {
		return fmt.Errorf("%s: [scan] maxFileSize: %w", f.KeyWhere("scan", "maxFileSize"), err)
	}
	if v := f.Scan.FailOn; v != "" && !slices.Contains(FailOnValues, v) {
		return fmt.Errorf("%s: [scan] failOn %q is not one of %s", f.KeyWhere("scan", "failOn"), v, strings.Join(FailOnValues, ", "))
	}
	if v := f.Scan.Tests; v != "" && !slices.Contains(TestsValues, v) {
		return fmt.Errorf("%s: [scan] tests %q is not one of %s", f.KeyWhere("scan", "tests"), v, strings.Join(TestsValues, ", "))
	}
	return f.checkGitignore()
}

// AllAllowlists returns the rule's allowlists in either spelling.
func (r Rule) AllAllowlists() []Allowlist {
	if r.Allowlist != nil {
		return []Allowlist{*r.Allowlist}
	}
	return r.Allowlists
}

// AllAllowlists returns the global allowlists in either spelling.
func (f *File) AllAllowlists() []GlobalAllowlist {
	if f.Allowlist != nil {
		return []GlobalAllowlist{*f.Allowlist}
	}
	return f.Allowlists
}

// allowlistWhere names the line of a global allowlist's faulty key: the
// error says which key (regexes, paths, stopwords …).
func (f *File) allowlistWhere(table string, err error) string {
	for _, key := range []string{"regexes", "paths", "stopwords", "commits", "regexTarget", "condition"} {
		if strings.Contains(err.Error(), key) {
			return f.KeyWhere(table, key)
		}
	}
	return f.Name
}

func (a Allowlist) check() error {
	for _, re := range a.Regexes {
		if err := compiles(re, "regexes"); err != nil {
			return err
		}
	}
	for _, re := range a.Paths {
		if err := compiles(re, "paths"); err != nil {
			return err
		}
	}
	switch strings.ToLower(a.Condition) {
	case "", "or", "||", "and", "&&":
	default:
		return fmt.Errorf("condition %q is not AND or OR", a.Condition)
	}
	switch a.RegexTarget {
	case "", "secret", "match", "line":
	default:
		return fmt.Errorf("regexTarget %q is not secret, match or line", a.RegexTarget)
	}
	if len(a.Regexes) == 0 && len(a.Paths) == 0 && len(a.StopWords) == 0 && len(a.Commits) == 0 {
		return errors.New("empty allowlist: give regexes, paths, stopwords or commits")
	}
	return nil
}

// ordinaryFiles are paths no credentialFiles pattern may match: it would
// turn every weak-looking value in ordinary code and documentation into a
// finding.
var ordinaryFiles = []string{"README.md", "docs/index.md", "main.go", "src/app.js", "lib/app.py", "notes.txt", "config.yaml"}

// checkCredentialFiles checks a rule's credentialFiles: it compiles, the
// rule has a regex whose values it judges, and it names credential files,
// not ordinary code or documentation.
func checkCredentialFiles(r Rule) error {
	if r.CredentialFiles == "" {
		return nil
	}
	if err := compiles(r.CredentialFiles, "credentialFiles"); err != nil {
		return err
	}
	if r.Regex == "" {
		return errors.New("credentialFiles needs a regex: it says how the values the regex matches are judged")
	}
	re := regexp.MustCompile(r.CredentialFiles)
	for _, p := range ordinaryFiles {
		if re.MatchString(p) {
			return fmt.Errorf("credentialFiles matches %s: it must name files that hold only credentials (.netrc, .pgpass), not ordinary code or documentation", p)
		}
	}
	return nil
}

func compiles(expr, what string) error {
	if expr == "" {
		return nil
	}
	if _, err := regexp.Compile(expr); err != nil {
		return fmt.Errorf("%s does not compile: %w", what, err)
	}
	return nil
}

var idLine = regexp.MustCompile(`(?m)^\s*id\s*=\s*['"]([^'"]+)['"]`)

// ruleLines finds the line of each rule's id entry.
func ruleLines(data []byte) map[string]int {
	lines := map[string]int{}
	for _, m := range idLine.FindAllSubmatchIndex(data, -1) {
		id := string(data[m[2]:m[3]])
		if _, ok := lines[id]; !ok {
			lines[id] = 1 + strings.Count(string(data[:m[0]]), "\n")
		}
	}
	return lines
}

// lineOfKey finds the line that sets key: the first line setting its last
// part inside a table whose name is the rest of key; 0 if none.
func lineOfKey(data []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	table := strings.Join(key[:len(key)-1], ".")
	last := key[len(key)-1]
	header := regexp.MustCompile(`^\s*\[\[?\s*([^\]]+?)\s*\]\]?`)
	setting := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(last) + `["']?\s*=`)
	current := ""
	for i, line := range strings.Split(string(data), "\n") {
		if m := header.FindStringSubmatch(line); m != nil {
			current = strings.ReplaceAll(m[1], " ", "")
			if current == strings.Join(key, ".") {
				return i + 1 // an unknown table
			}
			continue
		}
		if current == table && setting.MatchString(line) {
			return i + 1
		}
	}
	return 0
}
