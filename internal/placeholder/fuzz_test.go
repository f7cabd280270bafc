package placeholder

import (
	"strings"
	"testing"
)

// FuzzIsPlaceholder feeds arbitrary text to the placeholder test, which
// every candidate secret of every rule goes through: it must not panic, and
// its answer must not depend on the space around a value (a value quoted
// with padding in YAML is the same value).
func FuzzIsPlaceholder(f *testing.F) {
	for _, seed := range []string{"", "<your-api-key>", "${API_KEY}", "{{ .Key }}", "xxxxxxxx", "changeme", "TLFAKEq8ZrexampleK7x", "\"'\"", "\xff\xfe"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Is(s)
		if padded := Is(" \t" + s + "\n "); padded != got {
			t.Errorf("Is(%q) = %v, but with surrounding space %v", s, got, padded)
		}
		if strings.TrimSpace(s) == "" && !got {
			t.Errorf("Is(%q) = false for a blank value", s)
		}
	})
}
