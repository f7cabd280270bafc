package finding

import "testing"

func TestIsTestPath(t *testing.T) {
	for p, want := range map[string]bool{
		"pkg/x_test.go":                           true,
		"testdata/keys/server.key":                true,
		"a/b/testdata/config.env":                 true,
		"tests/fixtures/CommonName-root.key":      true,
		"test/e2e/main.go":                        true,
		"web/src/__tests__/api.js":                true,
		"web/src/__mocks__/client.ts":             true,
		"web/src/api.spec.ts":                     true,
		"tools/test_auth.py":                      true,
		"Fixtures/id_rsa":                         true,
		"storage/recordings/TestList.yaml":        true,
		"spec/cassettes/login.yml":                true,
		"web/__snapshots__/app.snap":              true,
		"internal/mocks/client.go":                true,
		"discovery/openstack/mock.go":             true,
		"discovery/linode/mock_test_constants.go": true,
		"pkg/client/client_mock.go":               true,
		"pkg/client/mock_client.go":               true,
		"e2e/loader/loader.go":                    true,
		"internal/testutil/server.go":             true,
		"pkg/testutils/keys.go":                   true,
		// Not tests: production code, and names that only contain "test".
		"cmd/server/main.go":       false,
		"latest/config.yaml":       false,
		"contest/.env":             false,
		"pkg/testing.go":           false,
		"testdata":                 false,
		"deploy/attest/secret.yml": false,
		".env":                     false,
		"pkg/mockery/main.go":      false,
		"cmd/mock.py":              false,
		"pkg/hammock.go":           false,
		"pkg/e2ee/crypto.go":       false,
		"pkg/util/testing.go":      false,
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
		"web/api/v1/openapi_examples.go":        true,
		"deploy/config-sample.yaml":             true,
		// Not examples: production files, names that only contain the word.
		"config.yml":                    false,
		"pkg/counterexample/main.go":    false,
		"examples":                      false,
		"docs/examples.md":              true,
		"internal/exampleutil/x.go":     false,
		"cmd/samplerate/main.go":        false,
		"pkg/examplesvc.go":             false,
		"pkg/resample_test_helpers.txt": false,
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

func TestIsThirdPartyPath(t *testing.T) {
	for p, want := range map[string]bool{
		"vendor/github.com/x/y/config.go":                                   true,
		"web/node_modules/lib/index.js":                                     true,
		"third_party/forked/golang/x.go":                                    true,
		"web/pkg/mod/github.com/aws/aws-sdk-go@v1.25.48/service/ec2/api.go": true,
		"gopath/pkg/mod/cache/download/github.com/x/@v/list":                true,
		".dagger/cue.mod/pkg/universe.dagger.io/age_key.txt":                true,
		`x\vendor\lib\config.go`:                                            true,
		// Not third-party: names that only contain the words, a pkg/mod
		// directory that is no module cache.
		"vendored/config.go":    false,
		"src/pkg/mod/config.go": false,
		"cmd/vendor.go":         false,
	} {
		if got := IsThirdPartyPath(p); got != want {
			t.Errorf("IsThirdPartyPath(%q) = %v, want %v", p, got, want)
		}
	}
}
