package a

// fromOtherFile is used as a credential in a.go; the report sits here, on
// the literal.
const fromOtherFile = "TLFAKEm4As1Ew7Sx5Dg9Cu3K" // want `go-hardcoded-credential.*sent in the X-Api-Key header \(a.go:\d+\)`
