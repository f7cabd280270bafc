// Package e2e is the fixture that .ci/golangci-plugin.sh lints with a
// golangci-lint binary built with tightlip's plugin; want.txt lists what it
// must report. Every secret here is fake, made for this test and marked
// TLFAKE.
package e2e

import (
	"crypto/tls"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
)

const apiKey = "TLFAKEq8Zr2mN4vK7xW1pJ9s"

// BaseURL is where the client sends its requests.
const BaseURL = "http://api.eflow.team/v1"

var transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}

// Offers lists the network's offers.
func Offers() (*http.Response, error) {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("fetching offers with key %s", key)
	q := url.Values{}
	q.Set("api_key", key) // secret-in-url: disabled in .golangci.yml
	req, err := http.NewRequest(http.MethodGet, "https://api.eflow.team/v1/networks/offers", nil)
	if err != nil {
		return nil, fmt.Errorf("everflow offers: %w", err)
	}
	req.Header.Set("X-Eflow-API-Key", key)
	return (&http.Client{Transport: transport}).Do(req)
}

// Sandbox uses the fake key, suppressed the golangci-lint way.
func Sandbox(req *http.Request) {
	req.Header.Set("X-Eflow-API-Key", "TLFAKEz7Yx6Wv5Ut4Sr3Qp2O") //nolint:tightlip // fixture
	req.Header.Set("Authorization", apiKey)
}
