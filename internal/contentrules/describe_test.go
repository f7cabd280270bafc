package contentrules_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
)

// gitleaks' descriptions become a grammatical noun phrase with its article
// and the provider to rotate the secret at: hedges and clauses dropped,
// title case lowered, a wrong article or provider put right.
func TestDescribeGitleaksPhrases(t *testing.T) {
	for _, tc := range []struct{ id, desc, what, provider string }{
		{"github-pat", "Uncovered a GitHub Personal Access Token, potentially leading to unauthorized repository access and sensitive content exposure.", "a GitHub personal access token", "GitHub"},
		{"stripe-access-token", "Found a Stripe Access Token, posing a risk to payment processing services and sensitive financial data.", "a Stripe access token", "Stripe"},
		{"adafruit-api-key", "Identified a potential Adafruit API Key, which could lead to unauthorized access.", "an Adafruit API key", "Adafruit"},
		{"intra42-client-secret", "Found a Intra42 client secret, which could lead to unauthorized access.", "an Intra42 client secret", "Intra42"},
		{"flyio-access-token", "Uncovered a Fly.io API key", "a Fly.io API key", "Fly.io"},
		{"sentry-org-token", "Found a Sentry.io Organization Token, risking unauthorized access.", "a Sentry.io organization token", "Sentry.io"},
		{"gitlab-cicd-job-token", "Identified a GitLab CI/CD Job Token, potential access to projects.", "a GitLab CI/CD job token", "GitLab"},
		{"hashicorp-tf-api-token", "Uncovered a HashiCorp Terraform user/org API token, which may lead to breaches.", "a HashiCorp Terraform user/org API token", "HashiCorp Terraform"},
		{"azure-ad-client-secret", "Azure AD Client Secret", "an Azure AD client secret", "Azure AD"},
		{"private-key", "Identified a Private Key, which may compromise cryptographic security.", "a private key", ""},
		// gitleaks names the wrong provider here; the override names the right one.
		{"flutterwave-public-key", "Detected a Finicity Public Key, potentially exposing public cryptographic operations.", "a Flutterwave public key", "Flutterwave"},
		// A description about the vendor, not the secret.
		{"cisco-meraki-api-key", "Cisco Meraki is a cloud-managed IT solution.", "a Cisco Meraki API key", "Cisco Meraki"},
		// A user's rule with no description: the ID stands in.
		{"acme-api-key", "", "an acme API key", ""},
	} {
		what, provider := contentrules.Describe(tc.id, tc.desc)
		if what != tc.what || provider != tc.provider {
			t.Errorf("Describe(%q) = %q, %q; want %q, %q", tc.id, what, provider, tc.what, tc.provider)
		}
	}
}

// Every gitleaks rule gets a phrase with an article, and tightlip's help
// (not gitleaks' description alone): what, the fix per kind of file, and
// rotation at the provider where one is known.
func TestEveryGitleaksRuleHasPhraseAndHelp(t *testing.T) {
	set, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range set.Catalogue.All() {
		if r.Origin != "gitleaks" {
			continue
		}
		n++
		if !strings.HasPrefix(r.What, "a ") && !strings.HasPrefix(r.What, "an ") || len(r.What) < 8 {
			t.Errorf("%s: What = %q, want a noun phrase with its article", r.ID, r.What)
		}
		if strings.ContainsAny(r.What, ",") || strings.Contains(r.What, " which ") || strings.Contains(r.What, "potential") {
			t.Errorf("%s: What = %q keeps a clause of gitleaks' description", r.ID, r.What)
		}
		for _, want := range []string{"**Fix**", "git rm --cached", "secret manager", "rotate it", "browsers"} {
			if !strings.Contains(r.Help, want) {
				t.Errorf("%s: help lacks %q", r.ID, want)
			}
		}
		if r.Provider != "" && !strings.Contains(r.Help, "rotate it at "+r.Provider) {
			t.Errorf("%s: help does not say to rotate at %s", r.ID, r.Provider)
		}
	}
	if n == 0 {
		t.Fatal("no gitleaks rules")
	}
	// Of the rules the override table does not cover, most name a provider.
	for _, id := range []string{"github-pat", "slack-bot-token", "openai-api-key", "twilio-api-key", "gcp-api-key"} {
		if r, _ := set.Catalogue.Lookup(id); r.Provider == "" {
			t.Errorf("%s names no provider", id)
		}
	}
}

// A rule file's description gives the phrase messages use, and its
// provider key the provider; without one, the help and messages rotate
// without naming anyone.
func TestRuleFileProvider(t *testing.T) {
	set, err := contentrules.BuildTOML("custom.toml", []byte(`
[[rules]]
id = "acme-key"
description = "An ACME key is written into the file."
regex = '''acme_[a-z0-9]{20}'''
keywords = ["acme_"]
provider = "ACME"

[[rules]]
id = "other-key"
description = "Internal billing token"
regex = '''other_[a-z0-9]{20}'''
keywords = ["other_"]
`))
	if err != nil {
		t.Fatal(err)
	}
	acme, _ := set.Catalogue.Lookup("acme-key")
	if acme.Provider != "ACME" || acme.What != "an ACME key" || !strings.Contains(acme.Help, "rotate it at ACME") || !strings.HasPrefix(acme.Help, "An ACME key is written") {
		t.Errorf("acme-key: what %q, provider %q, help %q", acme.What, acme.Provider, acme.Help)
	}
	// No provider key: none guessed from the description's capitals.
	other, _ := set.Catalogue.Lookup("other-key")
	if other.Provider != "" || other.What != "an Internal billing token" || !strings.Contains(other.Help, "**rotate it**") {
		t.Errorf("other-key: what %q, provider %q, help %q", other.What, other.Provider, other.Help)
	}
}
