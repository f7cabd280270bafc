package detect

// IsPlaceholder reports whether a value is a stand-in that documentation,
// templates and sample configs use instead of a real secret (<your-api-key>,
// ${API_KEY}, changeme, xxxx …), by the same judgement the engine applies to
// every match, so that a placeholder is never a finding whichever part of
// tightlip looks at it: the gitignore checks tell a committed .env template
// from a .env that holds keys with it, and the Go analyzers judge string
// constants with it.
func IsPlaceholder(value string) bool { return isPlaceholder(value) }
