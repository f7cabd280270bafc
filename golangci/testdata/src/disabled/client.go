// Package disabled is package everyrule's findings under settings that
// disable the exposure analyzer and the go-plain-http-url rule: only the
// hard-coded credential and the skipped TLS check remain. Every secret here
// is fake, made for these tests and marked TLFAKE.
package disabled

import (
	"crypto/tls"
	"log"
	"net/http"
	"os"
)

const apiKey = "TLFAKEq8Zr2mN4vK7xW1pJ9s" // want `\[go-hardcoded-credential\] .*assigned to apiKey`

// BaseURL is where the client sends its requests; its rule is disabled.
const BaseURL = "http://api.eflow.team/v1"

var transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} // want `\[go-insecure-skip-verify\]`

func offers() {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("fetching offers with key %s", key) // exposure is disabled
}
