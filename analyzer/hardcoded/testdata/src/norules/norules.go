// Package norules is checked with -contentrules=false. Every value here is
// fake, built for this test (TLFAKE).
package norules

// A GitHub-token-shaped literal under a neutral name: only a content rule
// would report it, and content rules are off.
var banner = "ghp_TLFAKE0123456789abcdefghijABCDEFGHIJ"

// A credential-named constant is still reported by name.
const apiKey = "Zq8vT2LmX9wK4rB7TLFAKE01" // want `go-hardcoded-credential`

var _ = banner
