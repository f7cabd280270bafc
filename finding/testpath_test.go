package finding

import "testing"

func TestIsTestPath(t *testing.T) {
	for p, want := range map[string]bool{
		"pkg/x_test.go":                      true,
		"testdata/keys/server.key":           true,
		"a/b/testdata/config.env":            true,
		"tests/fixtures/CommonName-root.key": true,
		"test/e2e/main.go":                   true,
		"web/src/__tests__/api.js":           true,
		"web/src/__mocks__/client.ts":        true,
		"web/src/api.spec.ts":                true,
		"tools/test_auth.py":                 true,
		"Fixtures/id_rsa":                    true,
		// Not tests: production code, and names that only contain "test".
		"cmd/server/main.go":       false,
		"latest/config.yaml":       false,
		"contest/.env":             false,
		"pkg/testing.go":           false,
		"testdata":                 false,
		"deploy/attest/secret.yml": false,
		".env":                     false,
	} {
		if got := IsTestPath(p); got != want {
			t.Errorf("IsTestPath(%q) = %v, want %v", p, got, want)
		}
	}
}
