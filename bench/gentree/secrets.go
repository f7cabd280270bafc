package main

import (
	"encoding/base64"
	"fmt"
	"math"
	"strings"
)

// Every planted value is fake: random bytes from the seeded PRNG, shaped to
// match one gitleaks v8.30.1 default rule (config/gitleaks.toml in the
// gitleaks module). Where the rule's alphabet allows it the random part
// starts with the marker TLFAKE. Two exceptions:
//   - generic-api-key lists "fake" among its stopwords, so its values carry
//     TLF4KE instead (a secret containing a stopword is not reported);
//   - hex-only formats (Twilio, DigitalOcean, Shopify, Mailgun) carry
//     "deadbeef".
const (
	marker        = "TLFAKE"
	genericMarker = "TLF4KE"
	hexMarker     = "deadbeef"

	alnum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAN = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	word    = alnum + "_"
	urlSafe = alnum + "_-"
	b32     = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	hexLow  = "0123456789abcdef"
	digits  = "0123456789"
	b64     = alnum + "+/"
)

// secretRule describes how to fake one rule's secrets and how they are used.
type secretRule struct {
	id         string
	names      [][]string // identifier words for assignments; must carry the rule's keyword where it needs one
	minEntropy float64    // the rule's entropy threshold (a value must be strictly above it)
	gen        func(r *rng) string
	header     string // HTTP header carrying the value, "" if not sent in a header
	headerFmt  string // value format in that header
	url        string
	pem        bool // multi-line private key
}

var rules = []secretRule{
	{id: "aws-access-token", names: [][]string{{"aws", "access", "key", "id"}}, minEntropy: 3,
		gen: func(r *rng) string { return r.pick([]string{"AKIA", "AKIA", "ASIA"}) + marker + r.str(b32, 10) }},
	{id: "github-pat", names: [][]string{{"github", "token"}, {"gh", "token"}, {"github", "pat"}}, minEntropy: 3,
		gen:    func(r *rng) string { return "ghp_" + marker + r.str(alnum, 30) },
		header: "Authorization", headerFmt: "token %s", url: "https://api.github.com/user"},
	{id: "github-fine-grained-pat", names: [][]string{{"github", "token"}, {"gh", "pat"}}, minEntropy: 3,
		gen: func(r *rng) string {
			return "github_pat_11" + marker + r.str(upperAN, 14) + "_" + r.str(alnum, 59)
		},
		header: "Authorization", headerFmt: "Bearer %s", url: "https://api.github.com/repos/acme/app/issues"},
	{id: "github-oauth", names: [][]string{{"github", "oauth", "token"}}, minEntropy: 3,
		gen:    func(r *rng) string { return "gho_" + marker + r.str(alnum, 30) },
		header: "Authorization", headerFmt: "Bearer %s", url: "https://api.github.com/user/repos"},
	{id: "github-app-token", names: [][]string{{"github", "app", "token"}}, minEntropy: 3,
		gen:    func(r *rng) string { return "ghs_" + marker + r.str(alnum, 30) },
		header: "Authorization", headerFmt: "token %s", url: "https://api.github.com/installation/repositories"},
	{id: "gitlab-pat", names: [][]string{{"gitlab", "token"}, {"gitlab", "private", "token"}}, minEntropy: 3,
		gen:    func(r *rng) string { return "glpat-" + marker + r.str(urlSafe, 14) },
		header: "PRIVATE-TOKEN", headerFmt: "%s", url: "https://gitlab.com/api/v4/projects"},
	{id: "slack-bot-token", names: [][]string{{"slack", "bot", "token"}}, minEntropy: 3,
		gen: func(r *rng) string {
			return "xoxb-" + r.str("123456789", 1) + r.str(digits, 11) + "-" + r.str("123456789", 1) + r.str(digits, 12) + "-" + marker + r.str(alnum, 18)
		},
		header: "Authorization", headerFmt: "Bearer %s", url: "https://slack.com/api/chat.postMessage"},
	{id: "slack-webhook-url", names: [][]string{{"slack", "webhook", "url"}}, minEntropy: 0,
		gen: func(r *rng) string {
			return "https://hooks.slack.com/services/T" + r.str(upperAN, 8) + "/B" + r.str(upperAN, 8) + "/" + marker + r.str(alnum, 18)
		}},
	{id: "stripe-access-token", names: [][]string{{"stripe", "secret", "key"}, {"stripe", "api", "key"}}, minEntropy: 2,
		gen: func(r *rng) string {
			return r.pick([]string{"sk_live_", "sk_live_", "rk_live_"}) + marker + r.str(alnum, 18)
		},
		header: "Authorization", headerFmt: "Bearer %s", url: "https://api.stripe.com/v1/charges"},
	{id: "gcp-api-key", names: [][]string{{"google", "api", "key"}, {"maps", "api", "key"}, {"firebase", "api", "key"}}, minEntropy: 4,
		gen: func(r *rng) string { return "AIzaSy" + marker + r.str(urlSafe, 27) }},
	{id: "private-key", names: [][]string{{"deploy", "key"}, {"tls", "private", "key"}, {"ssh", "private", "key"}}, minEntropy: 0,
		gen: fakePEM, pem: true},
	{id: "generic-api-key", names: [][]string{{"api", "key"}, {"client", "secret"}, {"auth", "token"}, {"eflow", "api", "key"}, {"signing", "secret"}, {"db", "password"}, {"api", "token"}}, minEntropy: 3.5,
		gen: func(r *rng) string {
			// At least two digits: values made only of letters are allowlisted.
			return genericMarker + r.str(digits, 2) + r.str(alnum, 24)
		},
		header: "X-Eflow-API-Key", headerFmt: "%s", url: "https://api.eflow.team/v1/networks/offers"},
	{id: "jwt", names: [][]string{{"service", "jwt"}, {"session", "token"}, {"auth", "jwt"}}, minEntropy: 3,
		gen: fakeJWT, header: "Authorization", headerFmt: "Bearer %s", url: "https://auth.acme.internal/v1/session"},
	{id: "twilio-api-key", names: [][]string{{"twilio", "api", "key"}}, minEntropy: 3,
		gen: func(r *rng) string { return "SK" + hexMarker + r.str(hexLow, 24) }},
	{id: "sendgrid-api-token", names: [][]string{{"sendgrid", "api", "key"}}, minEntropy: 2,
		gen: func(r *rng) string {
			return "SG." + marker + r.str(urlSafe, 16) + "." + r.str(urlSafe, 43)
		},
		header: "Authorization", headerFmt: "Bearer %s", url: "https://api.sendgrid.com/v3/mail/send"},
	{id: "npm-access-token", names: [][]string{{"npm", "token"}}, minEntropy: 2,
		gen:    func(r *rng) string { return "npm_" + marker + r.str(alnum, 30) },
		header: "Authorization", headerFmt: "Bearer %s", url: "https://registry.npmjs.org/-/whoami"},
	{id: "openai-api-key", names: [][]string{{"openai", "api", "key"}}, minEntropy: 3,
		gen: func(r *rng) string {
			return "sk-" + marker + r.str(alnum, 14) + "T3BlbkFJ" + r.str(alnum, 20)
		},
		header: "Authorization", headerFmt: "Bearer %s", url: "https://api.openai.com/v1/models"},
	{id: "anthropic-api-key", names: [][]string{{"anthropic", "api", "key"}}, minEntropy: 0,
		gen: func(r *rng) string {
			return "sk-ant-api03-" + marker + r.str(urlSafe, 87) + "AA"
		},
		header: "x-api-key", headerFmt: "%s", url: "https://api.anthropic.com/v1/messages"},
	{id: "digitalocean-pat", names: [][]string{{"digitalocean", "token"}, {"do", "token"}}, minEntropy: 3,
		gen:    func(r *rng) string { return "dop_v1_" + hexMarker + r.str(hexLow, 56) },
		header: "Authorization", headerFmt: "Bearer %s", url: "https://api.digitalocean.com/v2/droplets"},
	{id: "shopify-access-token", names: [][]string{{"shopify", "access", "token"}}, minEntropy: 2,
		gen:    func(r *rng) string { return "shpat_" + hexMarker + r.str(hexLow, 24) },
		header: "X-Shopify-Access-Token", headerFmt: "%s", url: "https://acme-store.myshopify.com/admin/api/2024-01/shop.json"},
	{id: "pypi-upload-token", names: [][]string{{"pypi", "token"}, {"twine", "password"}}, minEntropy: 3,
		gen: func(r *rng) string { return "pypi-AgEIcHlwaS5vcmc" + marker + r.str(urlSafe, 60) }},
	{id: "doppler-api-token", names: [][]string{{"doppler", "token"}}, minEntropy: 2,
		gen:    func(r *rng) string { return "dp.pt." + marker + r.str(alnum, 37) },
		header: "Authorization", headerFmt: "Bearer %s", url: "https://api.doppler.com/v3/configs"},
	{id: "heroku-api-key", names: [][]string{{"heroku", "api", "key"}}, minEntropy: 0,
		gen: func(r *rng) string {
			return r.str(hexLow, 8) + "-" + r.str(hexLow, 4) + "-4" + r.str(hexLow, 3) + "-" + r.pick([]string{"8", "9", "a", "b"}) + r.str(hexLow, 3) + "-" + r.str(hexLow, 12)
		}},
	{id: "mailgun-private-api-token", names: [][]string{{"mailgun", "api", "key"}}, minEntropy: 0,
		gen: func(r *rng) string { return "key-" + hexMarker + r.str(hexLow, 24) }},
	{id: "hashicorp-tf-api-token", names: [][]string{{"tfe", "token"}, {"terraform", "token"}}, minEntropy: 3.5,
		gen: func(r *rng) string {
			return marker + r.str(alnum, 8) + ".atlasv1." + r.str(lowerAN+"-_", 64)
		},
		header: "Authorization", headerFmt: "Bearer %s", url: "https://app.terraform.io/api/v2/account/details"},
}

// genSecret draws values until one is comfortably above the rule's entropy
// threshold (gitleaks drops a match whose Shannon entropy is <= the threshold).
func genSecret(r *rng, sr *secretRule) string {
	for {
		v := sr.gen(r)
		if sr.minEntropy == 0 || entropy(v) > sr.minEntropy+0.1 {
			return v
		}
	}
}

// entropy is the Shannon entropy of s in bits per character.
func entropy(s string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, c := range s {
		counts[c]++
		n++
	}
	var e float64
	for _, c := range counts {
		p := float64(c) / float64(n)
		e -= p * math.Log2(p)
	}
	return e
}

// fakePEM returns the lines of a PEM block whose base64 body is random (it
// does not decode to a key); the first body line starts with the marker.
func fakePEM(r *rng) string {
	kind := r.pick([]string{"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"})
	n := 5 + r.intn(18) // body lines of 64 characters
	lines := []string{"-----BEGIN " + kind + "-----"}
	for i := 0; i < n; i++ {
		l := r.str(b64, 64)
		if i == 0 {
			l = marker + l[len(marker):]
		}
		lines = append(lines, l)
	}
	lines = append(lines, r.str(b64, 4+r.intn(56))+"==", "-----END "+kind+"-----")
	return strings.Join(lines, "\n")
}

// fakeJWT builds an HS256-shaped token whose claims say it is fake and whose
// signature is random.
func fakeJWT(r *rng) string {
	enc := base64.RawURLEncoding
	// {"alg":"HS256","typ":"JWT"} encodes without '-' or '_', as the rule
	// wants for the header segment.
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims := fmt.Sprintf(`{"sub":"%s-%s","name":"tightlip bench fake","iat":%d}`, marker, r.str(lowerAN, 8), 1600000000+r.intn(200000000))
	return header + "." + enc.EncodeToString([]byte(claims)) + "." + r.str(urlSafe, 43)
}

// negative placeholders: values that look like credentials in config but are
// not secrets; a scanner should stay silent on them.
var negatives = []struct {
	value string
	names []string
}{
	{"<your-api-key>", []string{"api", "key"}},
	{"${API_KEY}", []string{"api", "key"}},
	{"changeme", []string{"db", "password"}},
	{"{{ .Values.apiToken }}", []string{"api", "token"}},
	{"AKIAIOSFODNN7EXAMPLE", []string{"aws", "access", "key", "id"}},
	{"your_token_here", []string{"github", "token"}},
	{"REPLACE_ME", []string{"client", "secret"}},
	{"xxxxxxxxxxxxxxxxxxxxxxxx", []string{"stripe", "secret", "key"}},
	{"$SLACK_BOT_TOKEN", []string{"slack", "bot", "token"}},
	{"<redacted>", []string{"auth", "token"}},
	{"%EFLOW_API_KEY%", []string{"eflow", "api", "key"}},
	{"${{ secrets.NPM_TOKEN }}", []string{"npm", "token"}},
}
