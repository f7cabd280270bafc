package a

import (
	"fmt"
	"log"
)

// Keys written into the source are sources too: the hardcoded analyzer
// reports the literal, this one where it ends up. Every key here is fake,
// made for these tests (TLFAKE).

// A content rule's format (a GitHub token), under a name that says nothing.
const banner = "ghp_TLFAKE0123456789abcdefghijABCDEFGHIJ"

// A credential by name and shape.
const everflowKey = "TLFAKEr4Wb8Nq2Xz6Lm1Pv7K"

// A package variable holding a key, under a name that says nothing.
var fallback = "ghp_TLFAKE9876543210abcdefghijABCDEFGHIJ"

// Not secrets: a plain setting, a placeholder, and a key a comment says may
// stay (a public demo key).
const region = "eu-west-1-production"

const exampleKey = "<your-api-key>"

const demoKey = "TLFAKEv8Af3Qy5Et0Op7Cz2U" //nolint:gosec // public demo key

func hardcodedKeys() error {
	log.Printf("token %s", banner)                                            // want `secret-in-log.*the hard-coded key \(hardcoded.go:13\) reaches log.Printf`
	log.Printf("key %s", everflowKey)                                         // want `secret-in-log.*the hard-coded key \(hardcoded.go:16\) reaches log.Printf`
	log.Printf("fallback %s", fallback)                                       // want `secret-in-log.*the hard-coded key \(hardcoded.go:19\) reaches log.Printf`
	log.Printf("key %s", maskPrefix(everflowKey))                             // four characters
	log.Printf("region %s, example %s, demo %s", region, exampleKey, demoKey) // none is a secret
	return fmt.Errorf("rejected %s", "Bearer "+everflowKey)                   // want `secret-in-error.*the hard-coded key \(hardcoded.go:16\) reaches fmt.Errorf`
}
