package placeholder

import (
	"strings"
	"testing"
)

func TestIsPlaceholder(t *testing.T) {
	placeholders := []string{
		// Empty and quoted.
		"", "  ", `""`, `''`,
		// The vendor's own documentation.
		"--your-api-key--", "<your-api-key>", "YOUR_API_KEY", "your_api_key_here", "your-everflow-key",
		"YourApiKey", "yourapikey", "insert-your-token-here", "<API_KEY>", "<password>", "<%= ENV['KEY'] %>",
		// References to values kept elsewhere.
		"${VAR}", "${EVERFLOW_API_KEY}", "${DB_PASS:-dev}", "$VAR", "$api_key", "$1", "$$TOKEN", "$(cat /run/secrets/x)",
		"%VAR%", "%%VAR%%", "%s", "%v", "%+v", "%(password)s", "{{ .Key }}", "{{key}}", "${{ secrets.NPM_TOKEN }}",
		"{0}", "{token}", "{api_key}", "{ .Values.key }", "#{db_password}", "@PASSWORD@", "((db-password))",
		"[[token]]", "__API_KEY__", "process.env.API_KEY", "os.environ['X']", "env.API_KEY", "secrets.TOKEN",
		"prefix-${SUFFIX}", "Bearer {{token}}",
		// Masks.
		"xxxx", "XXXX", "xxxxxxxxxxxxxxxxxxxx", "sk_live_xxxxxxxxxxxxxxxx", "XXXX-XXXX-XXXX", "****", "********",
		"....", "sk_live_51H...", "••••••", "####", "aaaaaaaa", "000000", "--------",
		// Marker words.
		"changeme", "change_me", "CHANGE-ME", "changeit", "REPLACE_ME", "replace-with-token", "placeholder",
		"dummy", "dummy-token-123", "example", "example-key-9f8e7d", "redacted", "[REDACTED]", "none", "None",
		"null", "nil", "undefined", "password", "Password", "PASSWORD", "passwd", "secret", "token", "api-key",
		"n/a", "N/A", "todo", "TBD", "true", "false", "string",
		"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_EXAMPLE",
		"myExampleKey", "abcdExample1234Key",
		// Vocabulary only.
		"api_key", "secret_key", "client-secret", "my-secret-password", "mysecretpassword", "testpassword",
		"supersecret", "SuperSecretPassword", "root", "admin", "postgres", "guest", "123456", "12345678",
		"test", "demo", "fake", "foobar", "MYTOKEN1", "your_key_2", "password1",
	}
	for _, s := range placeholders {
		if !Is(s) {
			t.Errorf("Is(%q) = false, want true", s)
		}
	}

	secrets := []string{
		// Test fixtures of this package: tagged fake, but not placeholders.
		"TLFAKEq8Zr2mN4vK7xW1pJ9s", "TLfake7Pw9qZ", "TLfake!2024#pw", "TLfake~2024-pw",
		// Random tokens that happen to contain a marker's letters inside a
		// longer run, or a vocabulary word among random ones.
		"q8ZrexampleK7xW1pJ9sLd3T", "a9fexamplez2QmN4vK7xW1pJ9sLd3TzQ1", "Kyourb2ZmN4vK7xW1pJ9sLd3",
		"tokenQ8Zr2mN4vK7xW1", "secret_q8Zr2mN4vK7xW1pJ9", "api-3f1c2a9b7d4e",
		"dummyq8Zr2mN4", "xxxq8Zr2mN4vK7xW1pJ", "x8Zr2xmN4xvK7xW1pJ9sLd3T",
		// Weak but real passwords.
		"hunter2", "Summer2023!", "rootpasswd", "adminsecret", "letmein42", "P@ssw0rd!", "Tr0ub4dor&3",
		// Provider token shapes.
		"ghp_T1fAkE0q8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1", "AKIATLFAKE2Q7W4XZ5RB", "xoxb-123456789012-123456789012-TLFAKEq8Zr2mN4vK7xW1",
		"3f1c2a9b-7d4e-4b8a-9c0d-1e2f3a4b5c6d", "deadbeefcafebabe0123456789abcdef",
		"$2y$10$TLFAKEdHm47Ai5P29rp6S9q5DQ5m4Q3FZpGDbLBMjA65OzqcvuiaT", "{SHA}VExGQUtFcDR08GSsaPcA9bArPcY=",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3TLFAKEq8Zr2mN4vK7xW1pJ9sLd3T\n-----END RSA PRIVATE KEY-----",
		// Braces and quotes around real values.
		"{ZqL5kVrX1n8tA2}", `"{acd3c08b-74e8-4f44-a2d0-80694le24f46}":"{ZqL5kVrX1n8tA2}"`, `"TLfake7Pw9qZ"`,
		"$ecr3tTLfake", "%TLfake7Pw9qZ", "http://tracker.partner.io/postback?click_id={click_id}",
	}
	for _, s := range secrets {
		if Is(s) {
			t.Errorf("Is(%q) = true, want false", s)
		}
	}
}

// TestIsPlaceholderRandomTokens checks the claim that random tokens are not
// taken for placeholders: of 20,000 pseudo-random base62 tokens of 20 and 40
// characters, at most a handful may be (four x in a row is the only likely
// way).
func TestIsPlaceholderRandomTokens(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	state := uint64(0x9e3779b97f4a7c15)
	next := func() int {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return int(state % uint64(len(alphabet)))
	}
	hits := 0
	var b strings.Builder
	for i := 0; i < 20000; i++ {
		b.Reset()
		n := 20 + 20*(i%2)
		for j := 0; j < n; j++ {
			b.WriteByte(alphabet[next()])
		}
		if Is(b.String()) {
			hits++
			t.Logf("random token taken for a placeholder: %q", b.String())
		}
	}
	if hits > 2 {
		t.Errorf("%d of 20000 random tokens taken for placeholders", hits)
	}
}

func BenchmarkIsPlaceholder(b *testing.B) {
	inputs := []string{
		"TLFAKEq8Zr2mN4vK7xW1pJ9s", "your_api_key_here", "${EVERFLOW_API_KEY}", "hunter2",
		"ghp_T1fAkE0q8Zr2mN4vK7xW1pJ9sLd3T8a9b0c1", "mysecretpassword",
	}
	for i := 0; i < b.N; i++ {
		for _, s := range inputs {
			Is(s)
		}
	}
}
