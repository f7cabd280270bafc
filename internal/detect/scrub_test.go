package detect_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/gittest"
)

// Scrub shortens every secret the rules find in free text and leaves the
// rest of the text as it was.
func TestScrubRedactsSecretsInFreeText(t *testing.T) {
	e, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	tok := gittest.FakeToken("scrub")
	other := gittest.FakeToken("scrub-other")
	for _, tc := range []struct{ name, text string }{
		{"compiler error", "go analyzers: .: ./main.go:3:9: undefined: " + tok},
		{"two secrets", "subject " + tok + " and " + other + " again " + tok},
		// An allow marker accepts a secret in a file; it never lets one be
		// printed.
		{"allow marker", "add " + tok + " // tightlip:allow"},
		{"base64", "token " + base64.StdEncoding.EncodeToString([]byte("GITHUB_TOKEN="+tok))},
		{"multi-line", "line one\n" + tok + "\nline three"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := e.Scrub(tc.text)
			if strings.Contains(got, "TLFAKE") {
				t.Errorf("Scrub(%q) = %q: the secret is still there", tc.text, got)
			}
			if !strings.Contains(got, "…") {
				t.Errorf("Scrub(%q) = %q: nothing marked as redacted", tc.text, got)
			}
			first := strings.Fields(tc.text)[0]
			if !strings.HasPrefix(got, first) {
				t.Errorf("Scrub(%q) = %q: the text around the secret is gone", tc.text, got)
			}
		})
	}
	for _, plain := range []string{"", "fix: handle empty config", "go analyzers: .: ./main.go:3:9: undefined: foo"} {
		if got := e.Scrub(plain); got != plain {
			t.Errorf("Scrub(%q) = %q, want it unchanged", plain, got)
		}
	}
}
