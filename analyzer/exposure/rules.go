package exposure

import "github.com/tightlip/tightlip/internal/rule"

// The rule IDs this analyzer reports, as its diagnostics' category; Rules
// describes them.
const (
	// RuleLog is a credential that reaches a logger or standard output.
	RuleLog = "secret-in-log"
	// RuleError is a credential that reaches an error message or a panic.
	RuleError = "secret-in-error"
	// RuleURL is a credential put into a URL's query or path.
	RuleURL = "secret-in-url"
	// RuleResponse is a credential written into an HTTP response: sent to
	// the client, the browser of every visitor.
	RuleResponse = "secret-in-response"
)

// Rules describes the rules this analyzer reports, for tightlip's
// catalogue (package rules), from which the rules command and SARIF take
// their descriptions and help.
var Rules = []rule.Rule{
	{
		ID:        RuleLog,
		Category:  rule.SecretExposure,
		Severity:  rule.Error,
		CWE:       "CWE-532",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A credential flows into log output.",
		Full: "A key read from the environment, a flag, a header or a credential-named field or " +
			"parameter reaches log, log/slog, fmt.Print* to stdout/stderr, zap, logrus or zerolog, " +
			"itself or inside a request or header map it was set into, or a dump of that request.",
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
		ID:        RuleError,
		Category:  rule.SecretExposure,
		Severity:  rule.Error,
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
		ID:        RuleURL,
		Category:  rule.SecretExposure,
		Severity:  rule.Error,
		CWE:       "CWE-598",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A credential is put into a URL's query or path.",
		Full: "A credential is appended to a URL by concatenation or fmt.Sprintf, set with " +
			"url.Values.Set/Add, or stored in url.URL's RawQuery or Path; so is any non-constant " +
			"value of a query parameter whose name says credential (api_key=). URLs end up in access " +
			"logs, proxies, browser history and Referer headers. A form sent only as a request's body " +
			"(http.PostForm, an OAuth token request) is not a URL.",
		Help: `A credential is put into a URL. Web servers, proxies and load balancers log
URLs, browsers keep them in history and send them in Referer headers.
Everflow's security guide says a key must never appear in URLs.

**Fix:** send it in a header instead:

` + "```go" + `
req.Header.Set("X-Eflow-API-Key", key)
` + "```" + `
`,
	},
	{
		ID:        RuleResponse,
		Category:  rule.SecretExposure,
		Severity:  rule.Error,
		CWE:       "CWE-201",
		Precision: "high",
		Origin:    "tightlip",
		Short:     "A credential is written into an HTTP response.",
		Full: "A key from the environment, a flag, a header or a credential-named field or parameter " +
			"reaches what a server sends to its client: http.ResponseWriter.Write, fmt.Fprint* or " +
			"io.WriteString to a ResponseWriter, a json.Encoder over one, an html/template or " +
			"text/template executed into one, http.Error's message, a header of the response, or a " +
			"cookie set with http.SetCookie, also inside JSON " +
			"marshalled from a struct it was stored into. Whatever a server " +
			"sends reaches every visitor's browser, client-side JavaScript included.",
		Help: `A server writes a key into its response. What a server sends to a browser
is readable by every visitor (and by any script on the page): a key in a
page, a JSON payload or a cookie is a published key. Vendors' guides say a
key must never be sent to the client side.

**Fix:** keep the key on the server and call the API from there; send the
client only what it needs: the API's result, whether a key is configured,
or a fingerprint:

` + "```go" + `
json.NewEncoder(w).Encode(map[string]any{"configured": key != ""})
` + "```" + `
`,
	},
}

// Summary says in the README's words what this analyzer's rules find; the
// README's rule table is made of it (see package rules).
var Summary = rule.Summary{
	Category: rule.SecretExposure,
	Text: "in Go code, data flow (SSA) from a key's source (`os.Getenv(\"EVERFLOW_API_KEY\")`, an auth " +
		"header read from a request, a credential flag, field or parameter, a key hard-coded in the " +
		"source (as the hard-coded secret rules find it); a name that is a " +
		"credential only sometimes, a bare `token` or `auth`, `pageToken`, `clusterToken`, needs " +
		"provenance: the value is also sent as a credential, in an `Authorization` header, " +
		"`SetBasicAuth` or `url.UserPassword`, or is the field of a `…Credentials`/`…Auth` type) " +
		"through assignments, concatenation, `fmt.Sprintf`, `strings.*`, the package's own " +
		"functions and the helpers of other packages of the module (a logging wrapper's " +
		"`logger.Debug(\"key\", key)` is reported at the call, naming the sink inside), a request " +
		"or header map given the key (`Header.Set`, `SetBasicAuth`) and its " +
		"`httputil.DumpRequest`, and `json.Marshal` or `xml.Marshal` of a struct holding it, to a sink: " +
		"`secret-in-log` (`log`, `log/slog`, `fmt.Print*`, zap, logrus, " +
		"zerolog …), `secret-in-error` (`fmt.Errorf`, `errors.New`, `panic`; an error a helper only " +
		"returns counts where a caller uses it, not where it is dropped or only compared), `secret-in-url` " +
		"(`url.Values`, query or path building; any non-constant value of a query parameter " +
		"named like a credential, `api_key=`; not a form sent only as a request's body), `secret-in-response` (`ResponseWriter.Write`, " +
		"`fmt.Fprint*`/`io.WriteString` to one, a `json.Encoder` over one, `html/template` and " +
		"`text/template` execution into one, `http.Error`, `w.Header().Set`, `http.SetCookie`); hashing, a few characters of the key and " +
		"`len` end the flow, and so does a function of the package that does one of them, whatever its " +
		"name: a `mask` that returns the key does not; a value the code chooses among words by " +
		"(`switch kind { case \"simple\", \"jwt\" }`) is a mode, not a key, and so is a list of " +
		"options split at commas whose first item is one (`jwt,pub-key=…`), whatever its name; a " +
		"value a Kubernetes Secret is looked up by (a field `Secret` or `CertSecret` passed to a call " +
		"returning a `*corev1.Secret`) is the Secret's name, not its contents, and a value opened as a " +
		"file or passed for a parameter named for a path (`keyFile`, `htpasswdPath`) is the file's " +
		"path; a function's result named `user`, `email` or `id` is an identity, not a credential; " +
		"what test files store " +
		"or pass is no source for the package's own code",
}
