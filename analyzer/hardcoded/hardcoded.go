// Package hardcoded defines an Analyzer that reports credentials written
// into Go source as string constants.
//
// Rules and Summary describe its rules for tightlip's catalogue and README.
// Their types are in tightlip's internal/rule package: code outside the
// tightlip module can read them but not name their types.
package hardcoded

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/analyzer/internal/secret"
)

// Doc is the analyzer's documentation, printed by go vet help.
const Doc = `report credentials hard-coded in Go source

An API key, token or password written into the source is in every clone,
fork, build and backup of the repository, and in its git history for good.
Vendors' security guides (Everflow's among them) say to load keys at run
time from the environment or a secrets manager instead:

	const apiKey = "q8Zr2mN4vK…" // reported
	req.Header.Set("X-Eflow-API-Key", apiKey)

	req.Header.Set("X-Eflow-API-Key", os.Getenv("EVERFLOW_API_KEY")) // fine

A string constant is reported, once and on its literal, when it reaches a
credential: a const, var, struct field, map key or parameter whose name
ends in a credential word (apiKey, clientSecret, DB_PASSWORD, authToken,
privateKey; not keyName, tokenizer, passwordPolicy or tokenURL), the value
of an Authorization, X-Api-Key, X-Eflow-API-Key or similar header set with
Header.Set or Header.Add, the password of SetBasicAuth or url.UserPassword,
a database DSN with a password (sql.Open and any dsn/connString
parameter), or the result of a function named like a credential. Constants
are followed through const and var declarations, concatenation,
conversions, package-local calls and across the package's files. Any string
literal that a content rule of tightlip's catalogue matches (AWS, GitHub,
Stripe, Slack … keys, private keys) is reported too.

A credential-sounding name is not evidence on its own: the value must be
shaped like a credential. Empty strings, placeholders (<your-api-key>,
${VAR}, changeme, xxxx), environment variable, header and flag names,
words and identifiers joined by separators (modes such as "simple", flag
names such as "priv-key", data keys such as "tls.key", "etcd-cluster"),
file names, numbers, short values, prose and URLs are not secrets. Test
files are not checked. A //tightlip:allow or //nolint:tightlip comment on
the line silences a report, and so does gosec's #nosec G101 (or a bare
#nosec, or //nolint:gosec).`

// Analyzer reports hard-coded credentials. The exposure analyzer follows
// the same literals as sources: it asks package secret for them itself, so
// that go vet does not run this analyzer in every fact-only run.
var Analyzer = &analysis.Analyzer{
	Name:     "hardcoded",
	Doc:      Doc,
	URL:      "https://github.com/tightlip/tightlip/tree/main/analyzer/hardcoded",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func init() {
	Analyzer.Flags.BoolVar(&lint.ReportSuppressed, "suppressed", false, lint.SuppressedFlagUsage)
	Analyzer.Flags.BoolVar(&secret.ContentRules, "contentrules", true,
		"report literals that a content rule matches (go-hardcoded-secret)")
}

func run(pass *analysis.Pass) (any, error) {
	_, err := secret.Find(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector), true)
	return nil, err
}
