// Package fakesecret is the catalogue of fake secrets the benchmark
// generators (bench/gentree, bench/history/gen) plant: for each targeted
// gitleaks rule, how to draw a value of the rule's shape from a seeded
// PRNG and how such a value is used (identifier names, HTTP header).
//
// Nothing here is a real credential: see the note on the markers (Marker).
package fakesecret

import (
	"encoding/base64"
	"fmt"
	"math"
	"strings"

	"github.com/tightlip/tightlip/bench/internal/splitmix"
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
	// Marker starts the random part of most fake values.
	Marker = "TLFAKE"
	// GenericMarker stands for Marker in generic-api-key values.
	GenericMarker = "TLF4KE"
	// HexMarker stands for Marker in hex-only formats.
	HexMarker = "deadbeef"

	// Comment is the comment the generators put beside every planted value.
	Comment = "tightlip bench: fake secret"

	alnum   = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAN = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	urlSafe = alnum + "_-"
	b32     = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	hexLow  = "0123456789abcdef"
	digits  = "0123456789"
	b64     = alnum + "+/"
)

// Rule describes how to fake one gitleaks rule's secrets and how they are
// used.
type Rule struct {
	ID         string  // the gitleaks rule ID
	Names      []Name  // identifiers for assignments; each carries the rule's keyword where it needs one
	MinEntropy float64 // the rule's entropy threshold (a value must be strictly above it)
	Header     string  // HTTP header carrying the value, "" if not sent in a header
	HeaderFmt  string  // value format in that header (one %s)
	URL        string  // an endpoint the header would be sent to
	PEM        bool    // the value is a multi-line private key

	gen func(r *splitmix.Rand) string // one candidate value
}

// Rules is the catalogue, one entry per gitleaks rule the generators
// target, in the order they cycle through it.
var Rules = []Rule{
	{ID: "aws-access-token", Names: []Name{{"aws", "access", "key", "id"}}, MinEntropy: 3,
		gen: func(r *splitmix.Rand) string {
			return r.Pick([]string{"AKIA", "AKIA", "ASIA"}) + Marker + r.Chars(b32, 10)
		}},
	{ID: "github-pat", Names: []Name{{"github", "token"}, {"gh", "token"}, {"github", "pat"}}, MinEntropy: 3,
		gen:    func(r *splitmix.Rand) string { return "ghp_" + Marker + r.Chars(alnum, 30) },
		Header: "Authorization", HeaderFmt: "token %s", URL: "https://api.github.com/user"},
	{ID: "github-fine-grained-pat", Names: []Name{{"github", "token"}, {"gh", "pat"}}, MinEntropy: 3,
		gen: func(r *splitmix.Rand) string {
			return "github_pat_11" + Marker + r.Chars(upperAN, 14) + "_" + r.Chars(alnum, 59)
		},
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://api.github.com/repos/acme/app/issues"},
	{ID: "github-oauth", Names: []Name{{"github", "oauth", "token"}}, MinEntropy: 3,
		gen:    func(r *splitmix.Rand) string { return "gho_" + Marker + r.Chars(alnum, 30) },
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://api.github.com/user/repos"},
	{ID: "github-app-token", Names: []Name{{"github", "app", "token"}}, MinEntropy: 3,
		gen:    func(r *splitmix.Rand) string { return "ghs_" + Marker + r.Chars(alnum, 30) },
		Header: "Authorization", HeaderFmt: "token %s", URL: "https://api.github.com/installation/repositories"},
	{ID: "gitlab-pat", Names: []Name{{"gitlab", "token"}, {"gitlab", "private", "token"}}, MinEntropy: 3,
		gen:    func(r *splitmix.Rand) string { return "glpat-" + Marker + r.Chars(urlSafe, 14) },
		Header: "PRIVATE-TOKEN", HeaderFmt: "%s", URL: "https://gitlab.com/api/v4/projects"},
	{ID: "slack-bot-token", Names: []Name{{"slack", "bot", "token"}}, MinEntropy: 3,
		gen: func(r *splitmix.Rand) string {
			return "xoxb-" + r.Chars("123456789", 1) + r.Chars(digits, 11) + "-" + r.Chars("123456789", 1) + r.Chars(digits, 12) + "-" + Marker + r.Chars(alnum, 18)
		},
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://slack.com/api/chat.postMessage"},
	{ID: "slack-webhook-url", Names: []Name{{"slack", "webhook", "url"}}, MinEntropy: 0,
		gen: func(r *splitmix.Rand) string {
			return "https://hooks.slack.com/services/T" + r.Chars(upperAN, 8) + "/B" + r.Chars(upperAN, 8) + "/" + Marker + r.Chars(alnum, 18)
		}},
	{ID: "stripe-access-token", Names: []Name{{"stripe", "secret", "key"}, {"stripe", "api", "key"}}, MinEntropy: 2,
		gen: func(r *splitmix.Rand) string {
			return r.Pick([]string{"sk_live_", "sk_live_", "rk_live_"}) + Marker + r.Chars(alnum, 18)
		},
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://api.stripe.com/v1/charges"},
	{ID: "gcp-api-key", Names: []Name{{"google", "api", "key"}, {"maps", "api", "key"}, {"firebase", "api", "key"}}, MinEntropy: 4,
		gen: func(r *splitmix.Rand) string { return "AIzaSy" + Marker + r.Chars(urlSafe, 27) }},
	{ID: "private-key", Names: []Name{{"deploy", "key"}, {"tls", "private", "key"}, {"ssh", "private", "key"}}, MinEntropy: 0,
		gen: fakePEM, PEM: true},
	{ID: "generic-api-key", Names: []Name{{"api", "key"}, {"client", "secret"}, {"auth", "token"}, {"eflow", "api", "key"}, {"signing", "secret"}, {"db", "password"}, {"api", "token"}}, MinEntropy: 3.5,
		gen: func(r *splitmix.Rand) string {
			// At least two digits: values made only of letters are allowlisted.
			return GenericMarker + r.Chars(digits, 2) + r.Chars(alnum, 24)
		},
		Header: "X-Eflow-API-Key", HeaderFmt: "%s", URL: "https://api.eflow.team/v1/networks/offers"},
	{ID: "jwt", Names: []Name{{"service", "jwt"}, {"session", "token"}, {"auth", "jwt"}}, MinEntropy: 3,
		gen: fakeJWT, Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://auth.acme.internal/v1/session"},
	{ID: "twilio-api-key", Names: []Name{{"twilio", "api", "key"}}, MinEntropy: 3,
		gen: func(r *splitmix.Rand) string { return "SK" + HexMarker + r.Chars(hexLow, 24) }},
	{ID: "sendgrid-api-token", Names: []Name{{"sendgrid", "api", "key"}}, MinEntropy: 2,
		gen: func(r *splitmix.Rand) string {
			return "SG." + Marker + r.Chars(urlSafe, 16) + "." + r.Chars(urlSafe, 43)
		},
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://api.sendgrid.com/v3/mail/send"},
	{ID: "npm-access-token", Names: []Name{{"npm", "token"}}, MinEntropy: 2,
		gen:    func(r *splitmix.Rand) string { return "npm_" + Marker + r.Chars(alnum, 30) },
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://registry.npmjs.org/-/whoami"},
	{ID: "openai-api-key", Names: []Name{{"openai", "api", "key"}}, MinEntropy: 3,
		gen: func(r *splitmix.Rand) string {
			return "sk-" + Marker + r.Chars(alnum, 14) + "T3BlbkFJ" + r.Chars(alnum, 20)
		},
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://api.openai.com/v1/models"},
	{ID: "anthropic-api-key", Names: []Name{{"anthropic", "api", "key"}}, MinEntropy: 0,
		gen: func(r *splitmix.Rand) string {
			return "sk-ant-api03-" + Marker + r.Chars(urlSafe, 87) + "AA"
		},
		Header: "x-api-key", HeaderFmt: "%s", URL: "https://api.anthropic.com/v1/messages"},
	{ID: "digitalocean-pat", Names: []Name{{"digitalocean", "token"}, {"do", "token"}}, MinEntropy: 3,
		gen:    func(r *splitmix.Rand) string { return "dop_v1_" + HexMarker + r.Chars(hexLow, 56) },
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://api.digitalocean.com/v2/droplets"},
	{ID: "shopify-access-token", Names: []Name{{"shopify", "access", "token"}}, MinEntropy: 2,
		gen:    func(r *splitmix.Rand) string { return "shpat_" + HexMarker + r.Chars(hexLow, 24) },
		Header: "X-Shopify-Access-Token", HeaderFmt: "%s", URL: "https://acme-store.myshopify.com/admin/api/2024-01/shop.json"},
	{ID: "pypi-upload-token", Names: []Name{{"pypi", "token"}, {"twine", "password"}}, MinEntropy: 3,
		gen: func(r *splitmix.Rand) string { return "pypi-AgEIcHlwaS5vcmc" + Marker + r.Chars(urlSafe, 60) }},
	{ID: "doppler-api-token", Names: []Name{{"doppler", "token"}}, MinEntropy: 2,
		gen:    func(r *splitmix.Rand) string { return "dp.pt." + Marker + r.Chars(alnum, 37) },
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://api.doppler.com/v3/configs"},
	{ID: "heroku-api-key", Names: []Name{{"heroku", "api", "key"}}, MinEntropy: 0,
		gen: func(r *splitmix.Rand) string {
			return r.Chars(hexLow, 8) + "-" + r.Chars(hexLow, 4) + "-4" + r.Chars(hexLow, 3) + "-" + r.Pick([]string{"8", "9", "a", "b"}) + r.Chars(hexLow, 3) + "-" + r.Chars(hexLow, 12)
		}},
	{ID: "mailgun-private-api-token", Names: []Name{{"mailgun", "api", "key"}}, MinEntropy: 0,
		gen: func(r *splitmix.Rand) string { return "key-" + HexMarker + r.Chars(hexLow, 24) }},
	{ID: "hashicorp-tf-api-token", Names: []Name{{"tfe", "token"}, {"terraform", "token"}}, MinEntropy: 3.5,
		gen: func(r *splitmix.Rand) string {
			return Marker + r.Chars(alnum, 8) + ".atlasv1." + r.Chars(lowerAN+"-_", 64)
		},
		Header: "Authorization", HeaderFmt: "Bearer %s", URL: "https://app.terraform.io/api/v2/account/details"},
}

// Generate returns a fake value for the rule drawn from r. It draws until a
// value is comfortably above the rule's entropy threshold (gitleaks drops a
// match whose Shannon entropy is <= the threshold).
func (sr *Rule) Generate(r *splitmix.Rand) string {
	for {
		v := sr.gen(r)
		if sr.MinEntropy == 0 || Entropy(v) > sr.MinEntropy+0.1 {
			return v
		}
	}
}

// Entropy is the Shannon entropy of s in bits per character, as gitleaks
// computes it.
func Entropy(s string) float64 {
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
// does not decode to a key); the first body line starts with the Marker.
func fakePEM(r *splitmix.Rand) string {
	kind := r.Pick([]string{"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"})
	n := 5 + r.Intn(18) // body lines of 64 characters
	lines := []string{"-----BEGIN " + kind + "-----"}
	for i := 0; i < n; i++ {
		l := r.Chars(b64, 64)
		if i == 0 {
			l = Marker + l[len(Marker):]
		}
		lines = append(lines, l)
	}
	lines = append(lines, r.Chars(b64, 4+r.Intn(56))+"==", "-----END "+kind+"-----")
	return strings.Join(lines, "\n")
}

// fakeJWT builds an HS256-shaped token whose claims say it is fake and whose
// signature is random.
func fakeJWT(r *splitmix.Rand) string {
	enc := base64.RawURLEncoding
	// {"alg":"HS256","typ":"JWT"} encodes without '-' or '_', as the rule
	// wants for the header segment.
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	claims := fmt.Sprintf(`{"sub":"%s-%s","name":"tightlip bench fake","iat":%d}`, Marker, r.Chars(lowerAN, 8), 1600000000+r.Intn(200000000))
	return header + "." + enc.EncodeToString([]byte(claims)) + "." + r.Chars(urlSafe, 43)
}

// Negative is a placeholder that looks like a credential in config but is
// not a secret; a scanner should stay silent on it.
type Negative struct {
	Value string
	Name  Name // the identifier it is assigned to
}

// Negatives is the catalogue of placeholders.
var Negatives = []Negative{
	{"<your-api-key>", Name{"api", "key"}},
	{"${API_KEY}", Name{"api", "key"}},
	{"changeme", Name{"db", "password"}},
	{"{{ .Values.apiToken }}", Name{"api", "token"}},
	{"AKIAIOSFODNN7EXAMPLE", Name{"aws", "access", "key", "id"}},
	{"your_token_here", Name{"github", "token"}},
	{"REPLACE_ME", Name{"client", "secret"}},
	{"xxxxxxxxxxxxxxxxxxxxxxxx", Name{"stripe", "secret", "key"}},
	{"$SLACK_BOT_TOKEN", Name{"slack", "bot", "token"}},
	{"<redacted>", Name{"auth", "token"}},
	{"%EFLOW_API_KEY%", Name{"eflow", "api", "key"}},
	{"${{ secrets.NPM_TOKEN }}", Name{"npm", "token"}},
}

// Name is an identifier as its words ("api", "key"), to be written in the
// form a file's language uses.
type Name []string

// UpperSnake is the name as an environment variable: API_KEY.
func (n Name) UpperSnake() string { return strings.ToUpper(strings.Join(n, "_")) }

// Snake is the name as a config key: api_key.
func (n Name) Snake() string { return strings.Join(n, "_") }

// Dotted is the name as a properties key: api.key.
func (n Name) Dotted() string { return strings.Join(n, ".") }

// Camel is the name as a Go or JavaScript identifier: apiKey.
func (n Name) Camel() string {
	var b strings.Builder
	for i, s := range n {
		if i > 0 && s != "" {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	return b.String()
}
