package placeholder

import "testing"

// In a credential file only a placeholder by form is dropped; a weak
// password, which Is drops elsewhere, is a finding.
func TestIsStructuralPlaceholder(t *testing.T) {
	structural := []string{
		// Nothing.
		"", "  ", `""`, `''`,
		// References to a value kept elsewhere.
		"${VAR}", "${DB_PASS:-dev}", "$VAR", "$db_pass", "$(pass show db)", "%(password)s", "%DB_PASS%",
		"{{ .Values.password }}", "{{password}}", "<your-password>", "<password>", "<%= ENV['DB_PASS'] %>",
		"#{db_password}", "((db-password))", "__DB_PASSWORD__", "@DB_PASSWORD@",
		"env:DB_PASSWORD", "ENV:DB_PASSWORD", "file:/run/secrets/db", "vault:secret/db#password",
		"op://vault/db/password", "keyring:mail", "ENC(q8Zr2mN4vK7xW1pJ)", "arn:aws:secretsmanager:eu-west-1:1:secret:db",
		// Masks.
		"****", "********", "xxxxxx", "XXXXXXXX", "....", "••••", "aaaaaa",
		// Template phrases.
		"YOUR_PASSWORD", "your-password", "YourPassword", "your_token_here", "password_here", "put-your-key-here",
		"PLACEHOLDER", "<REDACTED>", "[REDACTED]", "redacted",
	}
	for _, s := range structural {
		if !IsStructural(s) {
			t.Errorf("IsStructural(%q) = false, want true", s)
		}
	}
	// Weak passwords are passwords in a file that exists to hold them,
	// though Is drops each of them in ordinary files.
	weak := []string{
		"password", "Password", "admin", "root", "pass123", "changeme", "changeit", "secret", "test", "postgres",
		"123456", "1234567890", "qwerty", "letmein", "dummy", "example", "here", "hunter2", "$ecr3tPa55", "pass:word",
	}
	for _, s := range weak {
		if IsStructural(s) {
			t.Errorf("IsStructural(%q) = true, want false: a weak password is still one", s)
		}
	}
	for _, s := range []string{"password", "admin", "pass123", "changeme", "123456"} {
		if !Is(s) {
			t.Errorf("Is(%q) = false: ordinary files must keep dropping it", s)
		}
	}
}
