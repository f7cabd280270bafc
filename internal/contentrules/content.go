// Package contentrules holds tightlip's content rules, the regex rules that
// find secrets in any text: gitleaks' default rules and tightlip's own
// (tightlip.toml, in gitleaks' format with tightlip's metadata keys),
// merged with a user's configuration. Build compiles them for the matcher
// (package detect) and describes each one as a rule.Rule; package rules
// adds the rules of the Go analyzers and the gitignore family to make the
// catalogue every report goes through.
package contentrules

import (
	"bytes"
	_ "embed"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/viper"
	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/rule"
)

// ownRulesTOML holds tightlip's content rules in gitleaks' format, with
// tightlip's metadata keys (category, severity, cwe, precision, help, credentialFiles).
//
//go:embed tightlip.toml
var ownRulesTOML []byte

// Set is everything a scan needs to know about rules: the compiled content
// rules for the matcher and the catalogue for every report. Build's
// catalogue holds the content rules; rules.Build's holds every rule.
type Set struct {
	// Content holds the regex rules in gitleaks' compiled form.
	Content glconfig.Config
	// Catalogue lists every rule that can be reported.
	Catalogue *rule.Catalogue
	// Origins says where each allowlist of Content, global or a rule's,
	// was written.
	Origins map[*glconfig.Allowlist]Origin
	// Changes says, one sentence each, how the user's configuration
	// changes what the built-in rules would find (see changes); empty
	// without one.
	Changes []string
}

type builtin struct {
	gitleaks, own glconfig.Config
	ownFile       *config.File
	err           error
}

// builtins are parsed and compiled once per process: 222 gitleaks rules take
// tens of milliseconds to compile, and every scan wants the same ones.
var builtins = sync.OnceValue(func() builtin {
	var b builtin
	if b.gitleaks, b.err = translate("gitleaks default config", []byte(glconfig.DefaultConfig)); b.err != nil {
		return b
	}
	if b.ownFile, b.err = config.ParseBuiltin("internal/contentrules/tightlip.toml", ownRulesTOML); b.err != nil {
		return b
	}
	b.own, b.err = translate("internal/contentrules/tightlip.toml", ownRulesTOML)
	return b
})

// Build merges the built-in rules with a user's configuration (nil for
// none): user rules with a built-in rule's ID replace it, new ones are added,
// disabled ones dropped, and user allowlists apply on top.
func Build(user *config.File) (*Set, error) {
	b := builtins()
	if b.err != nil {
		return nil, fmt.Errorf("built-in rules: %w", b.err)
	}
	merged := glconfig.Config{Rules: map[string]glconfig.Rule{}, Keywords: map[string]struct{}{}}
	meta := map[string]rule.Rule{}
	named := origins{}
	if user == nil || user.UsesDefault() {
		named.builtIn(b.gitleaks)
		named.builtIn(b.own)
		mergeInto(&merged, b.gitleaks)
		for id, r := range b.gitleaks.Rules {
			meta[id] = gitleaksMeta(r)
		}
		mergeInto(&merged, b.own)
		for _, r := range b.ownFile.Rules {
			meta[r.ID] = specMeta(r, "tightlip")
		}
	}
	if user != nil {
		data, err := userTOML(user)
		if err != nil {
			return nil, err
		}
		uc, err := translate(user.Name, data)
		if err != nil {
			return nil, err
		}
		named.user(user, uc)
		mergeInto(&merged, uc)
		for _, r := range user.Rules {
			meta[r.ID] = specMeta(r, "config")
		}
		for _, id := range user.Extend.DisabledRules {
			if _, ok := merged.Rules[id]; !ok {
				return nil, fmt.Errorf("%s: disabledRules names %q, which is not a rule (see `tightlip rules`)", user.KeyWhere("extend", "disabledRules"), id)
			}
			delete(merged.Rules, id)
			delete(meta, id)
			merged.OrderedRules = slices.DeleteFunc(merged.OrderedRules, func(s string) bool { return s == id })
		}
		for i, ga := range user.AllAllowlists() {
			if len(ga.TargetRules) == 0 {
				continue
			}
			al, err := compileAllowlist(ga.Allowlist)
			if err != nil {
				return nil, fmt.Errorf("%s: [[allowlists]]: %w", user.Name, err)
			}
			named[al] = Origin{Name: GlobalAllowlistName(user, i)}
			for _, id := range ga.TargetRules {
				r, ok := merged.Rules[id]
				if !ok {
					return nil, fmt.Errorf("%s: [[allowlists]] targetRules names %q, which is not a rule (see `tightlip rules`)", user.Name, id)
				}
				r.Allowlists = append(slices.Clone(r.Allowlists), al)
				merged.Rules[id] = r
			}
		}
		merged.Keywords = map[string]struct{}{}
		for _, r := range merged.Rules {
			for _, k := range r.Keywords {
				merged.Keywords[k] = struct{}{}
			}
		}
	}
	cat, err := rule.NewCatalogue(slices.Collect(mapsValuesSorted(meta)))
	if err != nil {
		return nil, err
	}
	return &Set{Content: merged, Catalogue: cat, Origins: named, Changes: changes(user, b)}, nil
}

func mergeInto(dst *glconfig.Config, src glconfig.Config) {
	for _, id := range src.OrderedRules {
		if _, exists := dst.Rules[id]; !exists {
			dst.OrderedRules = append(dst.OrderedRules, id)
		}
		dst.Rules[id] = src.Rules[id]
	}
	maps.Copy(dst.Keywords, src.Keywords)
	dst.Allowlists = append(dst.Allowlists, src.Allowlists...)
}

// translate compiles gitleaks-format TOML with a private viper instance
// (gitleaks' own loader uses viper's process-wide one). Extends are
// resolved by Build, not by gitleaks.
func translate(name string, data []byte) (glconfig.Config, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return glconfig.Config{}, fmt.Errorf("%s: %w", name, err)
	}
	var vc glconfig.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return glconfig.Config{}, fmt.Errorf("%s: %w", name, err)
	}
	vc.Extend = glconfig.Extend{}
	// Allowlists aimed at particular rules may name built-in rules, which
	// this file alone does not define: Build attaches them after merging.
	kept := vc.Allowlists[:0]
	for _, a := range vc.Allowlists {
		if len(a.TargetRules) == 0 {
			kept = append(kept, a)
		}
	}
	vc.Allowlists = kept
	// gitleaks' older [allowlist] spelling is still accepted in user files.
	if vc.AllowList != nil && len(vc.AllowList.TargetRules) > 0 { //nolint:staticcheck // see above
		vc.AllowList = nil //nolint:staticcheck // see above
	}
	c, err := vc.Translate()
	if err != nil {
		return glconfig.Config{}, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// userTOML re-reads the user's file; config.Parse has already checked every
// regex, so gitleaks' Translate (which panics on a bad one) is safe to call.
func userTOML(f *config.File) ([]byte, error) {
	if f.Raw != nil {
		return f.Raw, nil
	}
	return nil, fmt.Errorf("%s: configuration has no source text", f.Name)
}

func mapsValuesSorted(m map[string]rule.Rule) func(func(rule.Rule) bool) {
	return func(yield func(rule.Rule) bool) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !yield(m[k]) {
				return
			}
		}
	}
}

// gitleaksMeta describes one of gitleaks' default rules in the catalogue.
// They all find provider keys and tokens committed in text.
func gitleaksMeta(r glconfig.Rule) rule.Rule {
	precision := "high"
	if rule.NamedGeneric(r.RuleID) {
		precision = "medium"
	}
	desc := r.Description
	if desc == "" {
		desc = r.RuleID
	}
	short := firstSentence(desc)
	what, provider := Describe(r.RuleID, r.Description)
	return rule.Rule{
		Generic:   genericGitleaksRules[r.RuleID] || slices.Contains(r.Tags, rule.GenericTag),
		ID:        r.RuleID,
		Category:  rule.HardcodedSecret,
		Severity:  rule.Error,
		CWE:       "CWE-798",
		Short:     short,
		Full:      desc,
		Help:      SecretHelp(what, provider),
		What:      what,
		Provider:  provider,
		Precision: precision,
		Origin:    "gitleaks",
	}
}

// genericGitleaksRules are gitleaks' default rules that find a secret by
// its context, not its format: gitleaks' file has no tags to say so.
var genericGitleaksRules = map[string]bool{
	"generic-api-key":  true,
	"curl-auth-header": true,
	"curl-auth-user":   true,
}

// specMeta describes a rule from a TOML file, filling what it leaves out.
func specMeta(r config.Rule, origin string) rule.Rule {
	m := rule.Rule{
		ID:        r.ID,
		Category:  rule.Category(r.Category),
		Severity:  rule.Severity(r.Severity),
		CWE:       r.CWE,
		Short:     firstSentence(r.Description),
		Full:      r.Description,
		Help:      r.Help,
		Provider:  r.Provider,
		Precision: r.Precision,
		Origin:    origin,
		Generic:   slices.Contains(r.Tags, rule.GenericTag),
	}
	if r.CredentialFiles != "" {
		// config.Parse has checked that it compiles.
		m.CredentialFiles = regexp.MustCompile(r.CredentialFiles)
	}
	if m.Category == "" {
		m.Category = rule.HardcodedSecret
	}
	if m.Severity == "" {
		m.Severity = rule.Error
	}
	if m.CWE == "" && m.Category == rule.HardcodedSecret {
		m.CWE = "CWE-798"
	}
	if m.Precision == "" {
		m.Precision = "medium"
	}
	if m.Short == "" {
		m.Short = r.ID
	}
	if m.Full == "" {
		m.Full = m.Short
	}
	// A user's description names what the rule finds, in whatever words:
	// messages take the noun phrase from it, as from gitleaks'. The
	// provider is only the one the rule names; a guess from free text
	// could tell the user to rotate a key at the wrong place.
	if origin == "config" && (m.Category == rule.HardcodedSecret || m.Category == rule.SecretExposure) {
		m.What, _ = Describe(r.ID, r.Description)
	}
	if m.Help == "" && m.Category == rule.HardcodedSecret {
		m.Help = SecretHelp(m.What, m.Provider)
	}
	return m
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// SecretHelp is the help of a content rule that finds a committed secret
// and has no help of its own: what was found (what, as Describe gives it;
// "" for "a credential"), why it matters, and the fix for each kind of
// file it may be found in. Findings carry the one fix for their own file
// (detect.Describe); SARIF consumers such as GitHub code scanning show
// this beside them.
func SecretHelp(what, provider string) string {
	if what == "" {
		what = "a credential"
	}
	rotate := "**rotate it**"
	if provider != "" {
		rotate = "**rotate it at " + provider + "**"
	}
	return capitalise(what) + ` is written into a file that is, or may be, committed.
Anyone who can read the repository, a clone or its history can use it.

**Fix**, by where it is written:
- source code and configuration: read it at run time from an environment
  variable or a secret manager;
- client-side JavaScript or HTML: browsers download it and every visitor can
  read it, so make the call from a server that holds the key;
- a CI workflow: keep it in the CI system's secret store
  (` + "`${{ secrets.NAME }}`" + ` on GitHub Actions);
- a Dockerfile: image layers keep it, so pass it as a build secret
  (` + "`RUN --mount=type=secret`" + `) or at run time;
- ` + "`.env`" + ` and other credential files: untrack them (` + "`git rm --cached FILE`" + `)
  and list them in ` + "`.gitignore`" + `;
- documentation: replace it with a placeholder such as ` + "`<YOUR_API_KEY>`" + `.

Then ` + rotate + `: once committed it is compromised, even if a later
commit deletes it. If the repository is or will be shared, purge it from the
history too (` + "`git filter-repo`" + `).
If the value is a test fixture or a placeholder, add ` + "`tightlip:allow`" + ` in a
comment on its line, or allowlist it in ` + "`.tightlip.toml`" + `.`
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// compileAllowlist turns a checked allowlist into gitleaks' form.
func compileAllowlist(a config.Allowlist) (*glconfig.Allowlist, error) {
	al := &glconfig.Allowlist{Description: a.Description, Commits: a.Commits, StopWords: a.StopWords}
	switch strings.ToUpper(a.Condition) {
	case "AND", "&&":
		al.MatchCondition = glconfig.AllowlistMatchAnd
	}
	if a.RegexTarget != "secret" {
		al.RegexTarget = a.RegexTarget
	}
	for _, re := range a.Regexes {
		al.Regexes = append(al.Regexes, regexp.MustCompile(re))
	}
	for _, re := range a.Paths {
		al.Paths = append(al.Paths, regexp.MustCompile(re))
	}
	return al, al.Validate()
}

// BuildTOML is Build of a rule file held in memory: Parse, then Build.
// name names the file in errors.
func BuildTOML(name string, data []byte) (*Set, error) {
	f, err := config.Parse(name, data)
	if err != nil {
		return nil, err
	}
	return Build(f)
}
