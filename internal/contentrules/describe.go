package contentrules

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file turns a content rule's description into the noun phrase
// tightlip's messages and help are built from ("a GitHub personal access
// token") and the name of the provider that issued the secret ("GitHub"),
// where the rule knows one. gitleaks' descriptions are sentences such as
// "Uncovered a possible GitHub Personal Access Token, potentially leading
// to …": the phrase is what follows the verb and its hedge, up to the
// first clause.

// described overrides the phrase and provider of the gitleaks rules whose
// description does not name what they find in a way the parser can take
// (a sentence about the vendor, a plural, a wrong provider).
var described = map[string][2]string{
	"aws-access-token":                       {"an AWS access key ID", "AWS"},
	"aws-amazon-bedrock-api-key-long-lived":  {"a long-lived Amazon Bedrock API key", "AWS"},
	"aws-amazon-bedrock-api-key-short-lived": {"a short-lived Amazon Bedrock API key", "AWS"},
	"cisco-meraki-api-key":                   {"a Cisco Meraki API key", "Cisco Meraki"},
	"clickhouse-cloud-api-secret-key":        {"a ClickHouse Cloud API secret key", "ClickHouse Cloud"},
	"flutterwave-public-key":                 {"a Flutterwave public key", "Flutterwave"},
	"kubernetes-secret-yaml":                 {"a Kubernetes Secret with credentials", ""},
	"nuget-config-password":                  {"a NuGet feed password", "the NuGet feed"},
	"sourcegraph-access-token":               {"a Sourcegraph access token", "Sourcegraph"},
	"generic-api-key":                        {"an API key or secret", ""},
	"curl-auth-header":                       {"an authorization token in a curl command", ""},
	"curl-auth-user":                         {"a user name and password in a curl command", ""},
	"jwt":                                    {"a JSON Web Token", ""},
	"jwt-base64":                             {"a base64-encoded JSON Web Token", ""},
	"age-secret-key":                         {"an age encryption secret key", ""},
	"hashicorp-tf-password":                  {"a HashiCorp Terraform password", ""},
	"airtable-personnal-access-token":        {"an Airtable personal access token", "Airtable"},
	"octopus-deploy-api-key":                 {"an Octopus Deploy API key", "Octopus Deploy"},
	"npm-access-token":                       {"an npm access token", "npm"},
	"rubygems-api-token":                     {"a RubyGems API token", "RubyGems"},
	"pkcs12-file":                            {"a PKCS #12 key store", ""},
}

// noProvider lists rules whose secrets no one service issues: a key pair,
// a key store. Their fix says to rotate without naming where.
var noProvider = map[string]bool{
	"private-key": true,
	"pkcs12-file": true,
}

// leadVerbs open gitleaks' descriptions; hedges may follow them.
var leadVerbs = []string{"uncovered", "identified", "detected", "discovered", "found"}

var hedges = []string{"a pattern that resembles", "a pattern that may indicate", "a pattern resembling", "a possible", "a potential"}

// clauseEnds end the noun phrase: the first one in the description wins.
var clauseEnds = []string{",", ". ", " which ", " that ", " posing ", " risking ", " potentially ", " is ", " are ", " carries ", " stores ", " exposes ", " sets ", " provided in "}

// commonWords are lowered inside the phrase, since gitleaks capitalises
// them as titles ("GitHub Personal Access Token"); names and acronyms keep
// their case.
var commonWords = map[string]bool{
	"access": true, "account": true, "admin": true, "agent": true, "app": true, "application": true,
	"authentication": true, "batch": true, "bot": true, "client": true, "configuration": true, "cookie": true,
	"custom": true, "delivery": true, "deploy": true, "encryption": true, "feed": true, "global": true, "identity": true,
	"incoming": true, "ingest": true, "insert": true, "job": true, "key": true, "legacy": true, "license": true,
	"long-lived": true, "mail": true, "organization": true, "origin": true, "password": true,
	"personal": true, "pipeline": true, "private": true, "public": true, "publishable": true, "reference": true,
	"refresh": true, "registration": true, "runner": true, "secret": true, "service": true, "session": true,
	"shared": true, "short-lived": true, "signing": true, "token": true, "trigger": true, "upload": true,
	"user": true, "webhook": true, "workspace": true, "fine-grained": true, "sensitive": true,
}

// kindWords name a kind of credential, never its issuer.
var kindWords = map[string]bool{"api": true, "oauth": true, "id": true, "url": true, "user/org": true, "accesskey": true, "oidc": true, "scim": true, "app-level": true, "bearer": true}

// productWords follow a provider's name to name one of its products or
// features ("GitLab CI/CD", "Facebook Page"); the provider is the name.
var productWords = map[string]bool{"ci/cd": true, "page": true, "kubernetes": true, "aws": true}

// Describe returns the phrase for what a rule finds, with its article
// ("a Stripe access token"), and the provider that issued it ("Stripe"),
// "" when none is known. id and description are the rule's; a description
// the parser cannot take gives a phrase made from the ID.
func Describe(id, description string) (what, provider string) {
	if d, ok := described[id]; ok {
		return d[0], d[1]
	}
	phrase, article := nounPhrase(description)
	if phrase == "" {
		phrase, article = idPhrase(id), ""
	}
	words := strings.Fields(phrase)
	for i, w := range words {
		switch lw := strings.ToLower(w); {
		case commonWords[lw]:
			words[i] = lw
		case lw == "api":
			words[i] = "API"
		}
	}
	phrase = strings.Join(words, " ")
	if noProvider[id] {
		provider = ""
	} else {
		provider = providerOf(words)
	}
	switch {
	case isPlural(words):
	case article == "an", startsWithVowel(phrase):
		phrase = "an " + phrase
	default:
		phrase = "a " + phrase
	}
	return phrase, provider
}

// nounPhrase takes the phrase out of a gitleaks-style description: the
// leading verb and hedge dropped, cut at the first clause. article is the
// one the description put right before the phrase ("a", "an"), if any.
func nounPhrase(desc string) (phrase, article string) {
	s := strings.TrimSpace(desc)
	lower := strings.ToLower(s)
	drop := func(prefix string) bool {
		if !strings.HasPrefix(lower, prefix+" ") {
			return false
		}
		s, lower = s[len(prefix)+1:], lower[len(prefix)+1:]
		return true
	}
	for _, v := range leadVerbs {
		if drop(v) {
			break
		}
	}
	for _, h := range hedges {
		if drop(h) {
			break
		}
	}
	for _, a := range []string{"an", "a"} {
		if drop(a) {
			article = a
			break
		}
	}
	cut := len(s)
	for _, e := range clauseEnds {
		if i := strings.Index(lower, e); i >= 0 && i < cut {
			cut = i
		}
	}
	return strings.TrimSuffix(strings.TrimSpace(s[:cut]), "."), article
}

// idPhrase makes a phrase from a rule ID: "acme-api-key" → "acme API key".
func idPhrase(id string) string {
	words := strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	for i, w := range words {
		switch strings.ToLower(w) {
		case "api", "id", "url", "pat", "ssh", "jwt", "dsn":
			words[i] = strings.ToUpper(w)
		}
	}
	if len(words) == 0 {
		return "secret"
	}
	return strings.Join(words, " ")
}

// providerOf is the run of leading words before the first common word or
// acronym of a credential's kind: "GitHub" of "GitHub personal access
// token", "HashiCorp Terraform" of "HashiCorp Terraform user/org API token".
// A phrase that starts with a common word names no provider.
func providerOf(words []string) string {
	var name []string
	for _, w := range words {
		lw := strings.ToLower(w)
		if commonWords[lw] || kindWords[lw] || len(name) > 0 && productWords[lw] {
			break
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			break
		}
		name = append(name, w)
	}
	return strings.Join(name, " ")
}

func isPlural(words []string) bool {
	if len(words) == 0 {
		return false
	}
	last := strings.ToLower(words[len(words)-1])
	return strings.HasSuffix(last, "s") && !strings.HasSuffix(last, "ss")
}

func startsWithVowel(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("aeiouAEIOU", r)
}
