package lint

import (
	"slices"
	"testing"
)

func TestSuppresses(t *testing.T) {
	for text, want := range map[string]bool{
		"//tightlip:allow":                    true,
		"// tightlip:allow sandbox key":       true,
		"//gitleaks:allow":                    true,
		"//nolint:tightlip":                   true,
		"//nolint:errcheck,tightlip // why":   true,
		"//nolint:all":                        true,
		"//nolint":                            true,
		"//nolint // reason":                  true,
		"//nolint:errcheck":                   false,
		"//nolintfoo":                         false,
		"// tightlip reports this, see above": false,
	} {
		if got := suppresses(text); got != want {
			t.Errorf("suppresses(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestGosecSuppresses(t *testing.T) {
	for text, want := range map[string][]string{
		"// #nosec":                       {""},
		"//#nosec G101":                   {"G101"},
		"// #nosec G101 G402 -- reviewed": {"G101", "G402"},
		"// #nosec G101,G204":             {"G101", "G204"},
		"//nolint:gosec // test key":      {""},
		"//nolint:errcheck,gosec":         {""},
	} {
		ids, ok := gosecSuppresses(text)
		if ok && len(ids) == 0 {
			ids = []string{""}
		}
		if !ok || !slices.Equal(ids, want) {
			t.Errorf("gosecSuppresses(%q) = %q, %v; want %q", text, ids, ok, want)
		}
	}
	for _, text := range []string{"// #nosecure", "//nolint:errcheck", "// gosec is a linter"} {
		if _, ok := gosecSuppresses(text); ok {
			t.Errorf("gosecSuppresses(%q) = true, want false", text)
		}
	}
	for _, c := range []struct {
		rule string
		ids  []string
		want bool
	}{
		{"go-hardcoded-credential", []string{"G101"}, true},
		{"go-hardcoded-credential", []string{""}, true},
		{"go-hardcoded-credential", []string{"G204"}, false},
		{"go-insecure-skip-verify", []string{"G402"}, true},
		{"go-insecure-skip-verify", []string{"G101"}, false},
		{"go-plain-http-url", []string{"G107"}, false},
		{"go-plain-http-url", []string{""}, false},
		{"secret-in-log", []string{""}, false},
		{"go-hardcoded-credential", nil, false},
	} {
		if got := silencedByGosec(c.rule, c.ids); got != c.want {
			t.Errorf("silencedByGosec(%q, %q) = %v, want %v", c.rule, c.ids, got, c.want)
		}
	}
}
