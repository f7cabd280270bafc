package lint

import "testing"

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
