package flow

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// fmt.Sprintf whose format starts with a verb: its first argument starts
// the URL. A base later in the format is not the URL's scheme.
func sprintf(id int) {
	http.Get(fmt.Sprintf("%s/v1/offers", offersAPI))
	http.Get(fmt.Sprintf("%s/v1/offers", offersAPISecure))
	http.Get(fmt.Sprintf("%s/v1/offers", offersAPIDev))
	http.NewRequest("GET", fmt.Sprintf("%v/v1/reports/%d", reportsAPI, id), nil)
	http.Get(fmt.Sprintf("https://proxy.vendor-example.net/?target=%s", url.QueryEscape(proxied)))
}

// Not the start of the URL it is sent in.
var proxied = "http://proxied.vendor-example.net/feed"

// Package variables: set where declared, or in init or a setup function,
// and used in another function.
var (
	catalogAPI       = "http://catalog.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	catalogAPISecure = "https://catalog.vendor-example.net"
	statsAPI         string
	statsAPISecure   string
	pricesAPI        string
	pricesAPISecure  string
)

func init() {
	statsAPI = "http://stats.vendor-example.net" // want `go-plain-http-url.*passed to http.NewRequest \(flow.go:\d+\)`
	statsAPISecure = "https://stats.vendor-example.net"
}

func setup() {
	pricesAPI = "http://prices.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	pricesAPISecure = "https://prices.vendor-example.net"
}

func packageVars() {
	http.Get(catalogAPI + "/v1/items")
	http.Get(catalogAPISecure + "/v1/items")
	http.NewRequest("GET", statsAPI+"/v1/daily", nil)
	http.NewRequest("GET", statsAPISecure+"/v1/daily", nil)
	http.Get(pricesAPI)
	http.Get(pricesAPISecure)
}

// url.JoinPath returns the joined URL and an error; the URL starts with its
// base.
func joinPath() error {
	u, err := url.JoinPath(ordersAPI, "v1", "orders")
	if err != nil {
		return err
	}
	http.Get(u)
	s, err := url.JoinPath(ordersAPISecure, "v1", "orders")
	if err != nil {
		return err
	}
	http.Get(s)
	d, _ := url.JoinPath(ordersAPIDev, "v1", "orders")
	http.Get(d)
	return nil
}

// url.Parse, then the parsed URL as a string or in a request.
func parse() {
	u, _ := url.Parse(invoicesAPI)
	u.Path = "/v1/invoices"
	http.Get(u.String())
	http.NewRequest("GET", u.String(), nil)
	_ = &http.Request{Method: "GET", URL: u}
	req, _ := http.NewRequest("GET", "https://invoices.vendor-example.net", nil)
	req.URL = u

	s, _ := url.Parse(invoicesAPISecure)
	s.Path = "/v1/invoices"
	http.Get(s.String())
	_ = &http.Request{Method: "GET", URL: s}
}

// strings.Join of a literal list starts with its first part.
func join() {
	http.Get(strings.Join([]string{ledgerAPI, "v1", "entries"}, "/"))
	http.Get(strings.Join([]string{ledgerAPISecure, "v1", "entries"}, "/"))
	http.Get(strings.Join([]string{ledgerAPISecure, "redirect?to=", ledgerPath}, "/"))
}

// A helper's result starts with what its returns start with.
func accountsBase() string { return accountsAPI + "/v1" }

func accountsBaseSecure() string { return accountsAPISecure + "/v1" }

func accountsAt(id int) (string, error) {
	if id < 0 {
		return "", fmt.Errorf("bad account id %d", id)
	}
	return fmt.Sprintf("%s/v1/accounts/%d", accountsAPI2, id), nil
}

var (
	accountsAPI       = "http://accounts.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	accountsAPISecure = "https://accounts.vendor-example.net"
	accountsAPI2      = "http://accounts2.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
)

func helpers() {
	http.Get(accountsBase())
	http.Get(accountsBaseSecure())
	u, err := accountsAt(1)
	if err == nil {
		http.Get(u)
	}
}

// A struct field set from a constant elsewhere, in a composite literal or
// an assignment.
type paymentsClient struct {
	base string
	hc   *http.Client
}

func newPaymentsClient() *paymentsClient {
	return &paymentsClient{base: paymentsAPI, hc: http.DefaultClient}
}

func (c *paymentsClient) get(path string) (*http.Response, error) {
	req, err := http.NewRequest("GET", c.base+path, nil)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}

type securePaymentsClient struct{ root string }

func newSecurePaymentsClient() *securePaymentsClient {
	c := &securePaymentsClient{}
	c.root = paymentsAPISecure
	return c
}

func (c *securePaymentsClient) get(path string) {
	http.NewRequest("GET", c.root+path, nil)
}

type refundsClient struct{ root string }

func newRefundsClient() refundsClient { return refundsClient{refundsAPI} }

func (c refundsClient) list() { http.Get(c.root + "/v1/refunds") }

// A field set by assignment.
type auditClient struct{ root string }

func (c *auditClient) configure() { c.root = auditAPI }

func (c *auditClient) entries() { http.Get(c.root + "/v1/entries") }

const auditAPI = "http://audit.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`

// A list joined through a variable; a helper that returns another's
// results.
func joinVar() {
	parts := []string{mailAPI, "v1", "send"}
	http.Get(strings.Join(parts, "/"))
	secure := []string{mailAPISecure, "v1", "send"}
	http.Get(strings.Join(secure, "/"))
	if u, err := mailAt(2); err == nil {
		http.Get(u)
	}
}

func mailAt(id int) (string, error) { return mailAtChecked(id) }

func mailAtChecked(id int) (string, error) {
	return fmt.Sprintf("%s/v1/mail/%d", mailAPI2, id), nil
}

const (
	mailAPI       = "http://mail.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	mailAPISecure = "https://mail.vendor-example.net"
	mailAPI2      = "http://mail2.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
)

// A parsed URL used before the function that parses it: the request is
// where it is reported.
var ticketsURL *url.URL

func tickets() { http.Get(ticketsURL.JoinPath("v1", "tickets").String()) }

func init() { ticketsURL, _ = url.Parse(ticketsAPI) }

const ticketsAPI = "http://tickets.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`

// A recursive helper is followed once; a generic one through its origin.
func shardBase(n int) string {
	if n > 0 {
		return shardBase(n - 1)
	}
	return shardsAPI + "/v1"
}

func either[T comparable](x, y T) T {
	var zero T
	if x != zero {
		return x
	}
	return y
}

func shards() {
	http.Get(shardBase(3))
	http.Get(either(shardsAPI2, shardsAPISecure))
}

const (
	shardsAPI       = "http://shards.vendor-example.net"  // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	shardsAPI2      = "http://shards2.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	shardsAPISecure = "https://shards.vendor-example.net"
)
