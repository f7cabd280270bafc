package reuse

import "github.com/tightlip/tightlip/internal/rule"

// RuleReused is the one rule of this package.
const RuleReused = "secret-reused"

// Rules describes the rule for tightlip's catalogue (package rules).
//
// CWE-798 (hard-coded credentials) is the weakness each copy is; the reuse
// is what makes one leak reach every environment and service holding it.
var Rules = []rule.Rule{{
	ID:       RuleReused,
	Category: rule.HardcodedSecret,
	Severity: rule.Warning,
	CWE:      "CWE-798",
	Short:    "The same secret in files of different directories",
	Full: "A secret (one that a content or Go rule finds, not a placeholder) is written in files under " +
		"different directories of the scanned tree: staging and production configuration, two services, a " +
		"deployment and an application. One key shared that way means a leak of any copy exposes them all, " +
		"and a rotation must find every copy. Each copy gets this finding beside its own, naming the others " +
		"(JSON `related`, SARIF relatedLocations); the secret itself is compared, never printed. Copies in " +
		"test code, examples and third-party code are left out: fixtures share fake keys on purpose. " +
		"A `--range` scan reports a secret the range added when the tree of the range's last commit holds it " +
		"in another directory too, and `--staged` one the index adds when the index does: the finding is on " +
		"the added line and names the copies there.",
	Help: "Use a different key for each environment and each service, issued separately by the provider, " +
		"and load each from its own secret store or environment variable instead of a committed file:\n\n" +
		"```yaml\n# staging/app.yml\napi_key: ${STAGING_API_KEY}\n# production/app.yml\napi_key: ${PRODUCTION_API_KEY}\n```\n\n" +
		"Rotate the shared key: it is in more places than one, and every copy is in the repository's history.",
	Precision: "high",
	Origin:    "tightlip",
}}

// Summary says in the README's words what the rule finds.
var Summary = rule.Summary{
	Category: rule.HardcodedSecret,
	Text:     "`secret-reused`: the same secret in files under different directories (staging and production, two services), each copy naming the others (with `--range` and `--staged`, a secret the change adds that the tree it leads to holds elsewhere)",
}
