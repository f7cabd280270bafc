package webhook

import "github.com/tightlip/tightlip/internal/rule"

// RuleSignatureCompare is a webhook signature compared in variable time.
const RuleSignatureCompare = "webhook-signature-compare"

// Rules describes the rule this analyzer reports, for tightlip's catalogue
// (package rules).
var Rules = []rule.Rule{{
	ID:        RuleSignatureCompare,
	Category:  rule.Webhook,
	Severity:  rule.Error,
	CWE:       "CWE-208",
	Precision: "high",
	Origin:    "tightlip",
	Short:     "A webhook signature is compared in variable time.",
	Full: "A webhook receiver compares the signature of a request (an HMAC of the body with the shared " +
		"secret, or the signature header the sender sent) with ==, !=, bytes.Equal, strings.Compare, " +
		"strings.EqualFold or reflect.DeepEqual. Those stop at the first byte that differs, so the time a " +
		"rejection takes tells an attacker how much of a forged signature is right.",
	Help: `Webhook receivers must check the payload against the shared secret, and the
check must not leak through its timing: ` + "`==`" + ` and ` + "`bytes.Equal`" + ` return as soon
as a byte differs, which lets an attacker forge a valid signature one byte
at a time.

**Fix:** compare with ` + "`hmac.Equal`" + ` (the analyzer offers it as a suggested fix
where the rewrite is mechanical), or ` + "`subtle.ConstantTimeCompare`" + `:

` + "```go" + `
mac := hmac.New(sha256.New, secret)
mac.Write(body)
expected := hex.EncodeToString(mac.Sum(nil))
if !hmac.Equal([]byte(r.Header.Get("X-Signature")), []byte(expected)) {
	http.Error(w, "bad signature", http.StatusUnauthorized)
	return
}
` + "```" + `
`,
}}

// Summary says in the README's words what this analyzer's rules find.
var Summary = rule.Summary{
	Category: rule.Webhook,
	Text:     "in Go code, `webhook-signature-compare`: an HMAC sum or a signature header (`X-Hub-Signature-256`, `Stripe-Signature` …) compared with `==`, `bytes.Equal` and the like instead of `hmac.Equal`",
}
