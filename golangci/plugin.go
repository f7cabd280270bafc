// Package golangci is tightlip's golangci-lint module plugin: it registers
// the linter "tightlip", which runs tightlip's Go analyzers (package
// analyzer) inside a custom golangci-lint binary built by
// `golangci-lint custom`. Importing the package registers the plugin.
//
// In .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - tightlip
//	  settings:
//	    custom:
//	      tightlip:
//	        type: module
//	        description: API keys kept out of code, logs, errors and URLs; HTTPS only
//	        settings:                 # all optional
//	          disable: [exposure]     # analyzers to leave out
//	          disable-rules: [go-plain-http-url] # rule IDs not to report
//
// Every diagnostic's message starts with its rule ID in brackets, the same
// rule IDs the tightlip CLI and its SARIF output report.
package golangci

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"github.com/rs/zerolog"
	"github.com/zricethezav/gitleaks/v8/logging"
	"golang.org/x/tools/go/analysis"

	"github.com/tightlip/tightlip/analyzer"
)

// Name is the linter's name in golangci-lint's configuration (under
// linters.settings.custom and linters.enable) and in `//nolint:` directives.
const Name = "tightlip"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings, the mapping under
// linters.settings.custom.tightlip.settings. Keys are kebab-case because
// golangci-lint lower-cases configuration keys before the plugin sees them.
type Settings struct {
	// Disable names analyzers to leave out: hardcoded, insecuretransport,
	// exposure, webhook.
	Disable []string `json:"disable"`
	// DisableRules names rule IDs whose diagnostics are dropped, e.g.
	// go-plain-http-url or secret-in-url. An analyzer whose every rule is
	// disabled does not run at all.
	DisableRules []string `json:"disable-rules"`
}

// settingKeys are the keys Settings accepts, for the strict check that
// encoding/json's case-insensitive matching does not make on its own.
var settingKeys = []string{"disable", "disable-rules"}

// New is the plugin's constructor, which golangci-lint calls with the raw
// settings from its configuration. Unknown keys, unknown analyzer names and
// unknown rule IDs are errors that name the offending value: a typo must not
// silently turn a check off or leave it on.
func New(settings any) (register.LinterPlugin, error) {
	// gitleaks (whose rules the hardcoded analyzer runs) logs through a
	// process-wide zerolog logger to stderr, and its debug lines can carry
	// matched text. Inside golangci-lint nothing of it may reach the output.
	logging.Logger = zerolog.Nop()

	s, err := decode(settings)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	analyzers, err := s.analyzers()
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	return &plugin{analyzers: analyzers}, nil
}

// decode decodes the raw settings strictly: they must be a mapping whose
// keys are exactly those of Settings, with values of the right types.
func decode(raw any) (Settings, error) {
	if raw == nil {
		return Settings{}, nil
	}
	// golangci-lint hands over what its YAML decoder produced; a JSON round
	// trip checks that it is a mapping and lets us see its keys as written.
	data, err := json.Marshal(raw)
	if err != nil {
		return Settings{}, fmt.Errorf("not a mapping of settings: %w", err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return Settings{}, fmt.Errorf("must be a mapping (keys %s), not %s", strings.Join(settingKeys, ", "), data)
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if !slices.Contains(settingKeys, k) {
			return Settings{}, fmt.Errorf("unknown setting %q (known: %s)", k, strings.Join(settingKeys, ", "))
		}
	}
	return register.DecodeSettings[Settings](raw)
}

// analyzers returns the analyzers the settings leave on, each wrapped to
// drop the diagnostics of disabled rules.
func (s Settings) analyzers() ([]*analysis.Analyzer, error) {
	ruleIDs := analyzer.RuleIDs()
	var names, allRules []string
	for _, a := range analyzer.All() {
		names = append(names, a.Name)
		allRules = append(allRules, ruleIDs[a.Name]...)
	}
	for _, n := range s.Disable {
		if !slices.Contains(names, n) {
			return nil, fmt.Errorf("disable: unknown analyzer %q (analyzers: %s)", n, strings.Join(names, ", "))
		}
	}
	dropped := map[string]bool{}
	for _, id := range s.DisableRules {
		if !slices.Contains(allRules, id) {
			return nil, fmt.Errorf("disable-rules: unknown rule %q (rules: %s)", id, strings.Join(allRules, ", "))
		}
		dropped[id] = true
	}

	var out []*analysis.Analyzer
	for _, a := range analyzer.All() {
		if slices.Contains(s.Disable, a.Name) {
			continue
		}
		kept := 0
		for _, id := range ruleIDs[a.Name] {
			if !dropped[id] {
				kept++
			}
		}
		switch kept {
		case 0: // nothing it reports would be kept: do not pay for the run
		case len(ruleIDs[a.Name]):
			out = append(out, a)
		default:
			out = append(out, withoutRules(a, dropped))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("every analyzer is disabled; to turn tightlip off, remove it from linters.enable")
	}
	return out, nil
}

// withoutRules returns a copy of a that reports everything a reports except
// diagnostics whose category (the rule ID) is dropped. The copy keeps a's
// name, so golangci-lint's messages and nolint handling stay the same, and
// a's Requires, so it reads the same inspector and SSA results.
func withoutRules(a *analysis.Analyzer, dropped map[string]bool) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			if !dropped[d.Category] {
				pass.Report(d)
			}
		}
		return a.Run(&p)
	}
	return &w
}

// plugin is the register.LinterPlugin that New returns.
type plugin struct {
	analyzers []*analysis.Analyzer
}

// BuildAnalyzers returns the analyzers the settings leave on.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return p.analyzers, nil
}

// GetLoadMode asks for type information: every analyzer needs types, and
// exposure needs SSA (buildssa), which golangci-lint builds from the
// type-checked syntax of the package under analysis, as go vet does.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
