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
		"storage/recordings/TestList.yaml":   true,
		"spec/cassettes/login.yml":           true,
		"web/__snapshots__/app.snap":         true,
		"internal/mocks/client.go":           true,
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

func TestIsExamplePath(t *testing.T) {
	for p, want := range map[string]bool{
		"documentation/examples/web-config.yml": true,
		"examples/basic/main.go":                true,
		"_examples/auth.go":                     true,
		"deploy/samples/values.yaml":            true,
		"config.example.yml":                    true,
		"conf/app.yml.sample":                   true,
		"example.env":                           true,
		"Demo/settings.json":                    true,
		// Not examples: production files, names that only contain the word.
		"config.yml":                 false,
		"pkg/counterexample/main.go": false,
		"examples":                   false,
		"docs/examples.md":           false,
		"internal/exampleutil/x.go":  false,
		"cmd/samplerate/main.go":     false,
	} {
		if got := IsExamplePath(p); got != want {
			t.Errorf("IsExamplePath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestContextOf(t *testing.T) {
	for p, want := range map[string]string{
		"pkg/x_test.go":             ContextTest,
		"examples/testdata/key.pem": ContextTest, // a test fixture first
		"examples/basic/config.yml": ContextExample,
		"deploy/prod/config.yml":    "",
	} {
		if got := ContextOf(p); got != want {
			t.Errorf("ContextOf(%q) = %q, want %q", p, got, want)
		}
	}
}
