package report_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/report"
)

// TestNoSecretLeaks is the promise in docs/architecture.md: unless --no-redact, no
// format prints a secret in full, not even where a source quoted it in a
// message or commit subject. It looks for the fake-secret marker, which is
// stricter than looking for the whole secret.
func TestNoSecretLeaks(t *testing.T) {
	for _, f := range report.Formats {
		t.Run(string(f), func(t *testing.T) {
			out := string(render(t, f, testFindings(), testSummary(), testOptions(t)))
			for _, s := range testSecrets() {
				if strings.Contains(out, s) {
					t.Errorf("%s output contains the secret %q", f, s)
				}
			}
			if i := strings.Index(out, fakeMarker); i >= 0 {
				t.Errorf("%s output contains part of a secret: ...%s...", f, out[max(0, i-20):min(len(out), i+30)])
			}
		})
	}
}

// TestNoRedactShowsSecrets checks the other side, and that the leak test
// above would notice a leak: with NoRedact every secret is printed.
func TestNoRedactShowsSecrets(t *testing.T) {
	for _, f := range report.Formats {
		t.Run(string(f), func(t *testing.T) {
			opts := testOptions(t)
			opts.NoRedact = true
			out := string(render(t, f, testFindings(), testSummary(), opts))
			for _, s := range testSecrets() {
				if !strings.Contains(out, s) {
					t.Errorf("%s output with NoRedact lacks the secret %q", f, s)
				}
			}
		})
	}
}
