package placeholder

import "strings"

// IsStructural reports whether a value found in a credential
// file (see rule.Rule.CredentialFiles) stands in for a credential by its
// form rather than by its words: nothing at all, a reference to a value
// kept elsewhere (${VAR}, $VAR, %(name)s, {{ .x }}, <your-password>,
// env:NAME, file:/run/secrets/x, vault:…), a mask (****, xxxxx, one
// character repeated), or a template phrase that says it is one
// (YOUR_PASSWORD, password_here, PLACEHOLDER, REDACTED).
//
// Words alone do not make a placeholder here, as they do for Is:
// a .netrc, a .pgpass or a wp-config.php exists to hold credentials, so
// admin, password, pass123, changeme, secret or test in it is the
// password someone logs in with, however weak.
func IsStructural(secret string) bool {
	s := TrimQuotes(strings.TrimSpace(secret))
	if s == "" || isReference(s) || isMask(s) {
		return true
	}
	lower := strings.ToLower(s)
	for _, p := range credentialReferencePrefixes {
		if strings.HasPrefix(lower, p) && len(s) > len(p) {
			return true
		}
	}
	for _, m := range []string{"PLACEHOLDER", "REDACTED"} {
		if strings.Contains(s, m) {
			return true
		}
	}
	template, words := false, 0
	EachWord(s, func(w string, separated bool) {
		words++
		lw, lowered := lowerWord(nil, w)
		switch {
		case templateWords[string(lw)] && (separated || lowered):
			template = true
		case string(lw) == "here" && separated && words > 1:
			// password_here, enter-token-here (WordPress's
			// wp-config-sample.php says put_your_password_here).
			template = true
		}
	})
	return template
}

// credentialReferencePrefixes start values that name where a credential is
// kept (a secret store, a file, an environment variable, a command), which
// credential files of several tools accept instead of the value itself.
var credentialReferencePrefixes = []string{
	"env:", "file:", "vault:", "op://", "secret://", "keyring:", "keychain:",
	"arn:aws:secretsmanager:", "arn:aws:ssm:", "sm://", "gcpsm://", "akv://", "azkv://", "sops:",
	"enc(", "enc[", "!vault",
}

// templateWords mark a value as a template to fill in when they stand as a
// word of their own: your_password, <YOUR-TOKEN>, password-goes-here is
// not a weak password but an instruction.
var templateWords = map[string]bool{
	"your": true, "yours": true, "placeholder": true, "placeholders": true, "redacted": true,
}
