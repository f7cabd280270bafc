package insecuretransport

import "github.com/tightlip/tightlip/internal/rule"

// The rule IDs this analyzer reports, as its diagnostics' category; Rules
// describes them.
const (
	// RulePlainHTTP is an http:// URL to a remote host that reaches an HTTP
	// client call or a URL setting.
	RulePlainHTTP = "go-plain-http-url"
	// RuleSkipVerify is a tls.Config with InsecureSkipVerify set to true.
	RuleSkipVerify = "go-insecure-skip-verify"
)

// Rules describes the rules this analyzer reports, for tightlip's
// catalogue (package rules), from which the rules command and SARIF take
// their descriptions and help.
var Rules = []rule.Rule{
	{
		ID:        RulePlainHTTP,
		Category:  rule.InsecureTransport,
		Severity:  rule.Warning,
		CWE:       "CWE-319",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "An http:// URL reaches an HTTP client or a URL setting in Go code.",
		Full: "A plain-HTTP URL to a remote host is passed to net/http (Get, Post, NewRequest, a " +
			"Client's methods), to url.Parse, to a URL parameter, or set as a URL, endpoint, " +
			"postback, webhook or callback setting, directly or after it is built into a URL (a " +
			"constant or package variable used elsewhere, a struct field, a helper's result, " +
			"concatenation, fmt.Sprintf, url.JoinPath, url.Parse, strings.Join). Keys and " +
			"transaction data sent over it travel unencrypted.",
		Help: `An API call, postback or webhook URL uses plain ` + "`http://`" + `. API keys in
headers and the transaction data of postbacks and webhooks travel unencrypted
and can be read or changed on the way. Everflow's security guide requires
HTTPS for every API call and for registered postback and webhook URLs.

**Fix:** use ` + "`https://`" + ` (the analyzer offers this as a suggested fix):

` + "```go" + `
const BaseURL = "https://api.eflow.team/v1"
` + "```" + `

Loopback and development hosts, XML namespaces and ` + "`http.ListenAndServe`" + `
(TLS is often terminated in front of it) are not reported.
`,
	},
	{
		ID:        RuleSkipVerify,
		Category:  rule.InsecureTransport,
		Severity:  rule.Error,
		CWE:       "CWE-295",
		Precision: "very-high",
		Origin:    "tightlip",
		Short:     "tls.Config sets InsecureSkipVerify: true.",
		Full: "A crypto/tls Config turns off certificate verification, so any machine on the " +
			"network path can impersonate the server and read the API key and data sent to it.",
		Help: `` + "`InsecureSkipVerify: true`" + ` accepts any certificate: HTTPS then protects
against nobody who can intercept the connection, and the API key in the
request goes to whoever answers.

**Fix:** remove it. For a server with a private CA, trust that CA instead:

` + "```go" + `
pool := x509.NewCertPool()
pool.AppendCertsFromPEM(caPEM)
cfg := &tls.Config{RootCAs: pool}
` + "```" + `
`,
	},
}

// Summary says in the README's words what this analyzer's rules find; the
// README's rule table is made of it (see package rules).
var Summary = rule.Summary{
	Category: rule.InsecureTransport,
	Text: "in Go code, `go-plain-http-url`: an `http://` URL that reaches `net/http` or a URL-named " +
		"setting (`BaseURL`, `PostbackURL`, `WebhookURL` …), directly or built into the URL " +
		"(a constant, package variable or struct field used elsewhere, a helper's result, `+`, " +
		"`fmt.Sprintf`, `url.JoinPath`, `url.Parse`, `strings.Join`; reported on the literal), " +
		"with an `https://` fix (in SARIF " +
		"`fixes`, applied by `--fix`), and `go-insecure-skip-verify`: " +
		"`tls.Config{InsecureSkipVerify: true}`",
}
