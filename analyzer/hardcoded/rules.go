package hardcoded

import (
	"github.com/tightlip/tightlip/analyzer/internal/secret"
	"github.com/tightlip/tightlip/internal/rule"
)

// The rule IDs this analyzer reports, as its diagnostics' category; Rules
// describes them.
const (
	// RuleCredential is a string constant that reaches a credential by
	// name or by the API it is passed to.
	RuleCredential = secret.RuleCredential
	// RuleSecret is a string literal that a content rule of the catalogue
	// matches (a provider's key format, a private key, a DSN password …).
	RuleSecret = secret.RuleSecret
)

// Rules describes the rules this analyzer reports, for tightlip's
// catalogue (package rules), from which the rules command and SARIF take
// their descriptions and help.
var Rules = []rule.Rule{
	{
		ID:        RuleCredential,
		Category:  rule.HardcodedSecret,
		Severity:  rule.Error,
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
		ID:        RuleSecret,
		Category:  rule.HardcodedSecret,
		Severity:  rule.Error,
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
}

// Summary says in the README's words what this analyzer's rules find; the
// README's rule table is made of it (see package rules).
var Summary = rule.Summary{
	Category: rule.HardcodedSecret,
	Text: "in Go code, `go-hardcoded-credential`: a string constant shaped like a credential (long " +
		"enough, not words joined by separators, not a flag, mode, file or data-key name, not a " +
		"number) that reaches a credential-named const, var, field or map key, an " +
		"`X-Eflow-API-Key`/`Authorization` header, `SetBasicAuth` or a DSN password (followed " +
		"through constants across the package), and `go-hardcoded-secret`: a Go literal a content " +
		"rule matches",
}
