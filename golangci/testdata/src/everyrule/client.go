// Package everyrule is a small Everflow client with one finding of each of
// tightlip's Go rules, the right way beside each. Every secret here is fake,
// made for these tests and marked TLFAKE.
package everyrule

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
)

const apiKey = "TLFAKEq8Zr2mN4vK7xW1pJ9s" // want `\[go-hardcoded-credential\] .*assigned to apiKey`

var gh = "ghp_TLFAKEq8Zr2mN4vK7xW1pJ9sLb3Xc5Vd7Hy0" // want `\[go-hardcoded-secret\] .*github-pat`

// BaseURL is where the client sends its requests.
const BaseURL = "http://api.eflow.team/v1" // want `\[go-plain-http-url\] .*assigned to BaseURL`

const sandboxURL = "https://sandbox.eflow.team/v1"

var transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} // want `\[go-insecure-skip-verify\]`

var strict = &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}

func offers() (*http.Response, error) {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("fetching offers with key %s", key) // want `\[secret-in-log\] EVERFLOW_API_KEY from os.Getenv \(client.go:\d+\) reaches log.Printf`
	if key == "" {
		return nil, errors.New("EVERFLOW_API_KEY is not set")
	}
	if len(key) < 20 {
		return nil, fmt.Errorf("EVERFLOW_API_KEY %q is too short", key) // want `\[secret-in-error\] .*reaches fmt.Errorf`
	}
	q := url.Values{}
	q.Set("api_key", key) // want `\[secret-in-url\] .*reaches Values.Set`
	req, err := http.NewRequest(http.MethodGet, sandboxURL+"/networks/offers", nil)
	if err != nil {
		return nil, fmt.Errorf("everflow offers: %w", err)
	}
	req.Header.Set("X-Eflow-API-Key", key) // the right way
	return (&http.Client{Transport: strict}).Do(req)
}

// Suppressed on their line, the way golangci-lint users do it.
const legacyToken = "TLFAKEz7Yx6Wv5Ut4Sr3Qp2O" //nolint:tightlip // fixture: suppression

const partnerSecret = "TLFAKEa1Bc2De3Fg4Hi5Jk6L" // tightlip:allow fixture: suppression
