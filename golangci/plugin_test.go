package golangci_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/rs/zerolog"
	"github.com/zricethezav/gitleaks/v8/logging"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/tightlip/tightlip/analyzer"
	"github.com/tightlip/tightlip/golangci"
)

// build does what golangci-lint does with a module plugin: look it up by
// name, construct it with the raw settings and ask for its analyzers.
func build(t *testing.T, settings any) ([]*analysis.Analyzer, register.LinterPlugin) {
	t.Helper()
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		t.Fatalf("New(%v): %v", settings, err)
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	if err := analysis.Validate(analyzers); err != nil {
		t.Fatal(err)
	}
	return analyzers, p
}

// together runs analyzers as one, as golangci-lint runs a linter's
// analyzers on each package, so that one analysistest run checks the
// findings of them all: the `want` comments are the exact set of findings.
func together(analyzers []*analysis.Analyzer) *analysis.Analyzer {
	var req []*analysis.Analyzer
	for _, a := range analyzers {
		req = append(req, a.Requires...)
	}
	return &analysis.Analyzer{
		Name:     golangci.Name,
		Doc:      "the plugin's analyzers",
		Requires: req,
		Run: func(pass *analysis.Pass) (any, error) {
			for _, a := range analyzers {
				p := *pass
				p.Analyzer = a
				if _, err := a.Run(&p); err != nil {
					return nil, err
				}
			}
			return nil, nil
		},
	}
}

// With no settings the plugin runs every analyzer, with type information,
// and every rule fires on package everyrule.
func TestDefault(t *testing.T) {
	for _, settings := range []any{nil, map[string]any{}} {
		analyzers, p := build(t, settings)
		if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
			t.Errorf("load mode %q, want %q", got, register.LoadModeTypesInfo)
		}
		var names []string
		for _, a := range analyzers {
			names = append(names, a.Name)
		}
		var want []string
		for _, a := range analyzer.All() {
			want = append(want, a.Name)
		}
		if strings.Join(names, " ") != strings.Join(want, " ") {
			t.Errorf("analyzers %v, want %v", names, want)
		}
	}
	analyzers, _ := build(t, nil)
	analysistest.Run(t, analysistest.TestData(), together(analyzers), "everyrule")
}

// Settings as golangci-lint passes them (decoded YAML) turn off an analyzer
// and a single rule of another.
func TestDisable(t *testing.T) {
	analyzers, _ := build(t, map[string]any{
		"disable":       []any{"exposure"},
		"disable-rules": []any{"go-plain-http-url"},
	})
	for _, a := range analyzers {
		if a.Name == "exposure" {
			t.Errorf("exposure still runs")
		}
	}
	analysistest.Run(t, analysistest.TestData(), together(analyzers), "disabled")
}

// An analyzer whose every rule is disabled is not run at all.
func TestDisableEveryRuleOfAnAnalyzer(t *testing.T) {
	analyzers, _ := build(t, map[string]any{
		"disable-rules": []any{"secret-in-log", "secret-in-error", "secret-in-url", "secret-in-response"},
	})
	for _, a := range analyzers {
		if a.Name == "exposure" {
			t.Errorf("exposure runs though all its rules are disabled")
		}
	}
}

// Settings are strict: a typo is an error that names it, never a check
// silently left on or off.
func TestStrictSettings(t *testing.T) {
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"unknown key", map[string]any{"disable-rule": []any{"secret-in-log"}}, `unknown setting "disable-rule"`},
		{"key in another case", map[string]any{"Disable": []any{"exposure"}}, `unknown setting "Disable"`},
		{"unknown analyzer", map[string]any{"disable": []any{"gosec"}}, `unknown analyzer "gosec"`},
		{"unknown rule", map[string]any{"disable-rules": []any{"generic-api-key"}}, `unknown rule "generic-api-key"`},
		{"string for a list", map[string]any{"disable": "exposure"}, `disable`},
		{"number in a list", map[string]any{"disable-rules": []any{1}}, `disable-rules`},
		{"not a mapping", []any{"exposure"}, `must be a mapping`},
		{"everything off", map[string]any{"disable": []any{"hardcoded", "insecuretransport", "exposure", "webhook"}}, `every analyzer is disabled`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newPlugin(tc.settings)
			if err == nil {
				t.Fatalf("New(%v) accepted", tc.settings)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), golangci.Name+" settings: ") {
				t.Errorf("New(%v): %v; want an error naming %s", tc.settings, err, tc.want)
			}
		})
	}
}

// Constructing the plugin silences gitleaks' process-wide logger, which
// would otherwise write (possibly matched text) into golangci-lint's output.
func TestSilencesGitleaksLogger(t *testing.T) {
	saved := logging.Logger
	t.Cleanup(func() { logging.Logger = saved })
	var buf bytes.Buffer
	logging.Logger = zerolog.New(&buf).Level(zerolog.TraceLevel)
	build(t, nil)
	logging.Logger.Error().Msg("TLFAKE must not be written")
	logging.Logger.Trace().Msg("TLFAKE must not be written")
	if buf.Len() != 0 {
		t.Errorf("gitleaks' logger still writes: %s", buf.String())
	}
}
