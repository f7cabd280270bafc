package rules

// analyzerRules describe the Go analyzers' rules (see package analyzer).
// The analyzers report these IDs as their diagnostics' category; keep the
// two in step (analyzer/catalogue_test.go checks it).
var analyzerRules = []Rule{
	{
		ID:        "go-hardcoded-credential",
		Category:  HardcodedSecret,
		Severity:  Error,
		CWE:       "CWE-798",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A string constant in Go code is used as a credential.",
		Full: "A Go string constant reaches a credential: a const, var, struct field, map key or " +
			"parameter named like one (apiKey, clientSecret, DB_PASSWORD), an Authorization, " +
			"X-Api-Key or X-Eflow-API-Key header, SetBasicAuth or url.UserPassword, or a " +
			"database DSN with a password. The key is in every clone and in git history.",
		Help: `A credential is written into the Go source. Everyone with the repository, a
fork, a build or a backup has it, and git history keeps it after the line is
deleted. Everflow's security guide says to keep API keys out of source code.

**Fix:** read it at run time from the environment or a secrets manager, and
rotate the key that was committed:

` + "```go" + `
req.Header.Set("X-Eflow-API-Key", os.Getenv("EVERFLOW_API_KEY"))
` + "```" + `

Placeholders (` + "`<your-api-key>`, `${VAR}`, `changeme`" + `), empty strings and
environment variable or header names are not reported. Test files are not
checked. Silence a deliberate case with ` + "`//tightlip:allow`" + ` on the line.
`,
	},
	{
		ID:        "go-hardcoded-secret",
		Category:  HardcodedSecret,
		Severity:  Error,
		CWE:       "CWE-798",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A Go string literal matches a secret rule (a provider's key format, a private key, a DSN password).",
		Full: "A Go string literal matches one of the catalogue's content rules: a provider's key " +
			"format (AWS, GitHub, Stripe, Slack …), a private key or a connection string with a " +
			"password. The message names the content rule.",
		Help: `A string literal in Go code has the form of a real secret (the message names
the content rule it matches). Committed, it is in every clone and in git history.

**Fix:** revoke and rotate the key with its provider first, then load it at
run time from the environment or a secrets manager instead of the literal.
Silence a deliberate case (a documented test vector) with ` + "`//tightlip:allow`" + `.
`,
	},
	{
		ID:        "go-plain-http-url",
		Category:  InsecureTransport,
		Severity:  Warning,
		CWE:       "CWE-319",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "An http:// URL reaches an HTTP client or a URL setting in Go code.",
		Full: "A plain-HTTP URL to a remote host is passed to net/http (Get, Post, NewRequest, a " +
			"Client's methods), to url.Parse, to a URL parameter, or set as a URL, endpoint, " +
			"postback, webhook or callback setting. Keys and transaction data sent over it travel " +
			"unencrypted.",
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
		ID:        "go-insecure-skip-verify",
		Category:  InsecureTransport,
		Severity:  Error,
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
	{
		ID:        "secret-in-log",
		Category:  SecretExposure,
		Severity:  Error,
		CWE:       "CWE-532",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A credential flows into log output.",
		Full: "A key read from the environment, a flag, a header or a credential-named field or " +
			"parameter reaches log, log/slog, fmt.Print* to stdout/stderr, zap, logrus or zerolog.",
		Help: `A credential reaches log output. Logs are shipped to aggregators, kept for
months and read by many people; a key in them is a leaked key. Everflow's
security guide says a key must never appear in log output.

**Fix:** log that a key is set, or a short fingerprint of it, never the key:

` + "```go" + `
sum := sha256.Sum256([]byte(key))
log.Printf("using key %x", sum[:4])
` + "```" + `

Rotate a key that already reached logs.
`,
	},
	{
		ID:        "secret-in-error",
		Category:  SecretExposure,
		Severity:  Error,
		CWE:       "CWE-209",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A credential flows into an error message or a panic.",
		Full: "A credential reaches fmt.Errorf, errors.New or panic. Error messages are logged, " +
			"returned to callers and shown to users.",
		Help: `A credential becomes part of an error message. Errors are logged, wrapped,
returned in HTTP responses and sent to error trackers.

**Fix:** say what went wrong without the key:

` + "```go" + `
return fmt.Errorf("everflow: request rejected (status %d); check EVERFLOW_API_KEY", resp.StatusCode)
` + "```" + `
`,
	},
	{
		ID:        "secret-in-url",
		Category:  SecretExposure,
		Severity:  Error,
		CWE:       "CWE-598",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A credential is put into a URL's query or path.",
		Full: "A credential is appended to a URL by concatenation or fmt.Sprintf, set with " +
			"url.Values.Set/Add, or stored in url.URL's RawQuery or Path. URLs end up in access " +
			"logs, proxies, browser history and Referer headers.",
		Help: `A credential is put into a URL. Web servers, proxies and load balancers log
URLs, browsers keep them in history and send them in Referer headers.
Everflow's security guide says a key must never appear in URLs.

**Fix:** send it in a header instead:

` + "```go" + `
req.Header.Set("X-Eflow-API-Key", key)
` + "```" + `
`,
	},
}
