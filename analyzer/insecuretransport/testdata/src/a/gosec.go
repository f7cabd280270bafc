package a

import "crypto/tls"

// Lines gosec users already annotated are not reported again, for the
// gosec rule that checks the same thing (G402) and no other.
var (
	reviewed    = &tls.Config{InsecureSkipVerify: true} // #nosec G402 -- test cluster only
	reviewedAll = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // lab network
	otherRule   = &tls.Config{InsecureSkipVerify: true} // #nosec G101 // want `go-insecure-skip-verify`
)
