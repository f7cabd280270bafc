package contentrules_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/rule"
)

func TestBuildDefaultHasEveryGitleaksRule(t *testing.T) {
	set, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	gitleaks := 0
	for _, r := range set.Catalogue.All() {
		if r.Origin == "gitleaks" {
			gitleaks++
		}
	}
	if gitleaks != 222 {
		t.Errorf("catalogue has %d gitleaks rules, want all 222 of v8.30.1", gitleaks)
	}
	if _, ok := set.Content.Rules["aws-access-token"]; !ok {
		t.Error("aws-access-token missing from the content rules")
	}
	r, ok := set.Catalogue.Lookup("aws-access-token")
	if !ok || r.Category != rule.HardcodedSecret || r.CWE != "CWE-798" || r.Help == "" {
		t.Errorf("aws-access-token catalogue entry = %+v", r)
	}
}

func TestBuildUserConfig(t *testing.T) {
	set, err := contentrules.BuildTOML("custom.toml", []byte(`
[extend]
disabledRules = ["generic-api-key"]

[[rules]]
id = "acme-key"
description = "ACME API key"
regex = '''acme_[a-z0-9]{20}'''
keywords = ["acme_"]
severity = "warning"
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := set.Content.Rules["generic-api-key"]; ok {
		t.Error("disabled rule generic-api-key still present")
	}
	r, ok := set.Catalogue.Lookup("acme-key")
	if !ok || r.Severity != rule.Warning || r.Origin != "config" {
		t.Errorf("acme-key = %+v, %v", r, ok)
	}
	if _, ok := set.Content.Rules["aws-access-token"]; !ok {
		t.Error("default rules dropped although useDefault is not false")
	}
}

func TestBuildReplaceDefaults(t *testing.T) {
	set, err := contentrules.BuildTOML("only.toml", []byte(`
[extend]
useDefault = false

[[rules]]
id = "acme-key"
regex = '''acme_[a-z0-9]{20}'''
keywords = ["acme_"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(set.Content.Rules); n != 1 {
		t.Errorf("useDefault = false left %d content rules, want 1", n)
	}
}

func TestBuildUnknownDisabledRule(t *testing.T) {
	f, err := config.Parse("bad.toml", []byte("[extend]\ndisabledRules = [\"no-such-rule\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = contentrules.Build(f)
	if err == nil || !strings.Contains(err.Error(), "no-such-rule") || !strings.Contains(err.Error(), "bad.toml") {
		t.Errorf("err = %v, want one naming bad.toml and the rule", err)
	}
}

// A disabledRules entry that names no rule is an error pointing at its line.
func TestDisabledRulesUnknownNamesTheLine(t *testing.T) {
	f, err := config.Parse("custom.toml", []byte("# tightlip\n\n[extend]\ndisabledRules = [\"no-such-rule\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = contentrules.Build(f)
	if err == nil || !strings.HasPrefix(err.Error(), `custom.toml:4: disabledRules names "no-such-rule"`) {
		t.Errorf("err = %v, want it at custom.toml:4", err)
	}
}
