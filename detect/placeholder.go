package detect

import "strings"

// isPlaceholder reports whether a matched secret is a stand-in that documentation
// and templates use instead of a real key. Placeholders are never findings, for
// any rule.
func isPlaceholder(secret string) bool {
	s := strings.ToLower(strings.TrimSpace(secret))
	return s == "" || strings.Contains(s, "your-api-key") || strings.Contains(s, "changeme")
}
