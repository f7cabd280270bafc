// Package a sends requests over plain HTTP next to the right way of doing
// the same thing.
package a

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"os"
)

// URL settings.
const BaseURL = "http://api.eflow.team/v1" // want `go-plain-http-url.*assigned to BaseURL`

const SecureBaseURL = "https://api.eflow.team/v1"

var (
	PostbackURL = "http://tracking.partner-network.com/postback?click_id={transaction_id}" // want `go-plain-http-url.*assigned to PostbackURL`
	webhookURL  = "HTTP://hooks.partner-network.com/everflow"                              // want `go-plain-http-url.*assigned to webhookURL`
	callbackURL = "https://hooks.partner-network.com/everflow"
	devURL      = "http://localhost:8080/v1"
	dockerURL   = "http://everflow-mock:8080/v1"
	loopbackURL = "http://127.0.0.1:9000"
	v6URL       = "http://[::1]:9000"
	testURL     = "http://api.eflow.test/v1"
	docsURL     = "http://www.example.com/docs"
	schemaURL   = "http://json-schema.org/draft-07/schema#"
	soapURI     = "http://schemas.xmlsoap.org/soap/envelope/"
)

// Userinfo is not the host: svc and localhost below are user names.
var (
	authedURL = "http://svc:${PASS}@api.eflow.team/v1" // want `go-plain-http-url.*assigned to authedURL`
	trickURL  = "http://localhost:x@api.eflow.team/v1" // want `go-plain-http-url.*assigned to trickURL`
	authedDev = "http://svc:${PASS}@localhost:8080/v1"
	authedTLS = "https://svc:${PASS}@api.eflow.team/v1"
	portTmpl  = "http://localhost:${PORT}/v1"
)

// Not a URL setting: a name, a prefix check, a namespace.
var (
	homepage = "http://eflow.team" // not URL-named and reaching no client
	xmlns    = "http://www.w3.org/2001/XMLSchema-instance"
)

type feed struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
}

// Config holds endpoints.
type Config struct {
	Endpoint    string
	CallbackURL string
	Timeout     int
}

// Endpoint is a typed URL.
type Endpoint string

var (
	cfg   = Config{Endpoint: "http://api-eu.eflow.team/v1", CallbackURL: "https://example.org/cb"} // want `go-plain-http-url.*assigned to Endpoint`
	typed = Endpoint("http://api.eflow.team/v1")                                                   // want `go-plain-http-url.*assigned to typed`
	m     = map[string]string{"postback_url": "http://tracking.partner-network.com/pb"}            // want `go-plain-http-url.*assigned to postback_url`
)

// A constant with an innocent name reaches the client.
const offersPath = "http://api.eflow.team/v1/networks/offers" // want `go-plain-http-url.*passed to http.Get \(a.go:\d+\)`

func calls(ctx context.Context, c *http.Client, host string) {
	http.Get(offersPath)
	http.Get("https://api.eflow.team/v1/networks/offers")
	http.Post("http://api.eflow.team/v1/networks/reporting/entity", "application/json", nil) // want `go-plain-http-url.*passed to http.Post`
	http.NewRequest("GET", "http://api.eflow.team/v1/networks/affiliates", nil)              // want `go-plain-http-url.*passed to http.NewRequest`
	http.NewRequestWithContext(ctx, "GET", "http://api.eflow.team/v1/meta", nil)             // want `go-plain-http-url.*passed to http.NewRequestWithContext`
	c.Get("http://api.eflow.team/v1/networks/offers/1")                                      // want `go-plain-http-url.*passed to Client.Get`
	url.Parse("http://api.eflow.team/v1")                                                    // want `go-plain-http-url.*passed to url.Parse`
	http.Get("http://" + host + "/v1/offers")                                                // want `go-plain-http-url.*passed to http.Get`
	http.Get(fmt.Sprintf("http://%s/v1/offers", host))                                       // want `go-plain-http-url.*passed to http.Get`
	http.Get("http://api.eflow.team/v1/" + host)                                             // want `go-plain-http-url.*passed to http.Get`
	http.Get("https://" + host + "/v1/offers")
	http.Get(fmt.Sprintf("http://localhost:%d/v1", 8080))
	http.Get(os.Getenv("EVERFLOW_BASE_URL"))
	register("http://tracking.partner-network.com/pb") // want `go-plain-http-url.*passed as postbackURL to a.register`
	// A raw string is edited the same way; a literal whose source text
	// spells the scheme with escapes is reported but gets no fix, since
	// editing its bytes would not be the edit of its value.
	http.Get(`http://api.eflow.team/v1/raw`)        // want `go-plain-http-url.*passed to http.Get`
	http.Get("\x68ttp://api.eflow.team/v1/escaped") // want `go-plain-http-url.*passed to http.Get`
}

func register(postbackURL string) {}

// ListenAndServe is not reported: TLS is often terminated in front.
func serve() {
	http.ListenAndServe(":8080", nil)
}

// Prefix checks are not requests.
func isPlain(u string) bool { return len(u) > 7 && u[:7] == "http://" }

// Skipping verification.
var insecure = &tls.Config{InsecureSkipVerify: true} // want `go-insecure-skip-verify`

var secure = &tls.Config{MinVersion: tls.VersionTLS12}

func transport(skip bool) *http.Transport {
	t := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: skip}}
	t.TLSClientConfig.InsecureSkipVerify = true // want `go-insecure-skip-verify`
	t.TLSClientConfig.InsecureSkipVerify = false
	return t
}

// Suppressed on purpose.
var legacyURL = "http://legacy.partner-network.com/api" //tightlip:allow partner has no TLS; traffic goes through the VPN
