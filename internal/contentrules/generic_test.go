package contentrules_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/rule"
	"github.com/tightlip/tightlip/internal/rules"
)

// A rule that finds a secret by where it is written is Generic; one that
// knows its format is not. Rule files say so with tags = ["generic"].
func TestGenericMetadata(t *testing.T) {
	user, err := config.Parse("user.toml", []byte(`
[[rules]]
id = "acme-header"
regex = '''X-Acme: (\w{20})'''
tags = ["generic"]

[[rules]]
id = "acme-token"
regex = '''acme_\w{20}'''
`))
	if err != nil {
		t.Fatal(err)
	}
	set, err := contentrules.Build(user)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{
		"url-query-secret": true, "url-credentials": true, "password-assignment": true,
		"curl-auth-header": true, "generic-api-key": true, "acme-header": true,
		"github-pat": false, "gcp-api-key": false, "everflow-api-key": false, "plain-http-url": false, "acme-token": false,
	} {
		r, ok := set.Catalogue.Lookup(id)
		if !ok {
			t.Errorf("%s: not in the catalogue", id)
			continue
		}
		if r.Generic != want {
			t.Errorf("%s: Generic = %v, want %v", id, r.Generic, want)
		}
	}
}

// gitleaks tells a generic rule by its name, in any case, whoever wrote the
// rule; Rule.Generic comes from tags.
func TestNamedGeneric(t *testing.T) {
	for id, want := range map[string]bool{
		"generic-api-key": true, "Generic-Acme-Key": true, "acme-GENERIC": true, "nongeneric": true,
		"curl-auth-header": false, "password-assignment": false, "github-pat": false, "gener1c": false,
	} {
		if got := rule.NamedGeneric(id); got != want {
			t.Errorf("NamedGeneric(%q) = %v, want %v", id, got, want)
		}
	}
}

// Over the whole built-in catalogue, every rule named generic is Generic;
// the Generic rules that are not so named are exactly those listed, whose
// findings gitleaks' name test lets stand beside a specific rule's. A rule
// added to either side must be added here on purpose: the two tests decide
// different things (see NamedGeneric), and neither may silently follow the
// other.
func TestNamedGenericIsGeneric(t *testing.T) {
	set, err := rules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	genericByTagOnly := map[string]bool{
		// gitleaks' (genericGitleaksRules).
		"curl-auth-header": true, "curl-auth-user": true,
		// tightlip's (tags = ["generic"]).
		"url-query-secret": true, "url-credentials": true, "connection-string-password": true,
		"mysql-dsn-password": true, "password-assignment": true, "hardcoded-password": true,
		"cli-password-argument": true, "netrc-credentials": true, "sql-credentials": true,
		"docker-config-auth": true, "npmrc-auth-token": true,
	}
	named := 0
	for _, r := range set.Catalogue.All() {
		switch {
		case rule.NamedGeneric(r.ID):
			named++
			if !r.Generic {
				t.Errorf("%s: named generic but not Generic", r.ID)
			}
		case r.Generic != genericByTagOnly[r.ID]:
			t.Errorf("%s: Generic = %v, but NamedGeneric = false and genericByTagOnly = %v", r.ID, r.Generic, genericByTagOnly[r.ID])
		}
		// gitleaks' IDs are lower case, so the case-sensitive tests that
		// NamedGeneric replaced (precision, scan's merge) agree with it.
		if r.Origin == "gitleaks" && r.ID != strings.ToLower(r.ID) {
			t.Errorf("%s: a gitleaks rule ID that is not lower case", r.ID)
		}
	}
	if named == 0 {
		t.Error("no built-in rule is named generic: gitleaks' generic-api-key is missing")
	}
	for id := range genericByTagOnly {
		if _, ok := set.Catalogue.Lookup(id); !ok {
			t.Errorf("%s: listed, but not in the catalogue", id)
		}
	}
}
