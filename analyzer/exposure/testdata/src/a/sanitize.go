package a

import (
	"crypto/sha256"
	"encoding/hex"
	"log"
	"os"
	"strings"
)

// A function of the package is judged by what it returns, not by its
// name: one that hashes, truncates or replaces the key ends the flow, one
// that hands the key back (whole, trimmed, lower-cased) does not.

// maskNothing is named like a sanitiser but returns the key unchanged.
func maskNothing(k string) string { return k }

// maskPrefix keeps four characters and hides the rest.
func maskPrefix(k string) string {
	if len(k) < 8 {
		return "****"
	}
	return k[:4] + "****"
}

// maskEnds keeps the first and last four characters, as card numbers are
// shown.
func maskEnds(k string) string {
	if len(k) < 12 {
		return strings.Repeat("*", len(k))
	}
	return k[:4] + "…" + k[len(k)-4:]
}

// maskStars shows only how long the key is.
func maskStars(k string) string { return strings.Repeat("*", len(k)) }

// redactAll returns a constant.
func redactAll(k string) string { return "[redacted]" }

// fingerprint returns the hex of the key's SHA-256.
func fingerprint(k string) string {
	sum := sha256.Sum256([]byte(k))
	return hex.EncodeToString(sum[:])
}

// sanitize only lower-cases the key.
func sanitize(k string) string { return strings.ToLower(k) }

// redactTrimmed only trims the key.
func redactTrimmed(k string) string { return strings.TrimSpace(k) }

// maskLabelled hands the key back with a label.
func maskLabelled(k string) string { return "key:" + k }

// maskInPlace overwrites all but the first four bytes of a copy.
func maskInPlace(k string) string {
	b := []byte(k)
	for i := 4; i < len(b); i++ {
		b[i] = '*'
	}
	return string(b)
}

// isSet is no sanitiser by name but tells only whether the key is set.
func isSet(k string) bool { return k != "" }

func sanitisers() {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("key %s", maskNothing(key))   // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv.*reaches log.Printf`
	log.Printf("key %s", maskPrefix(key))    // the first four characters only
	log.Printf("key %s", maskEnds(key))      // the first and last four
	log.Printf("key %s", maskStars(key))     // its length
	log.Printf("key %s", redactAll(key))     // a constant
	log.Printf("key %s", fingerprint(key))   // a hash
	log.Printf("key %s", sanitize(key))      // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv.*reaches log.Printf`
	log.Printf("key %s", redactTrimmed(key)) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv.*reaches log.Printf`
	log.Printf("key %s", maskLabelled(key))  // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv.*reaches log.Printf`
	log.Printf("key %s", maskInPlace(key))   // all but four bytes overwritten
	log.Printf("key set %t", isSet(key))
}
