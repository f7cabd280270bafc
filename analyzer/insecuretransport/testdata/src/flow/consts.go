// Package flow builds request URLs away from their base: a constant in
// another file, a package variable set at init, a struct field, a helper's
// result, fmt.Sprintf, url.JoinPath, url.Parse and strings.Join. An http://
// base is reported on its literal, where the fix goes, whatever the path to
// the request; an https:// or loopback base built the same way is not.
package flow

// Used by sprintf in flow.go.
const (
	offersAPI       = "http://api.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	offersAPISecure = "https://api.vendor-example.net"
	offersAPIDev    = "http://localhost:8080"
	reportsAPI      = "http://reports.vendor-example.net" // want `go-plain-http-url.*passed to http.NewRequest \(flow.go:\d+\)`
)

// Used by joinPath in flow.go.
const (
	ordersAPI       = "http://orders.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	ordersAPISecure = "https://orders.vendor-example.net"
	ordersAPIDev    = "http://127.0.0.1:9000"
)

// Used by parse in flow.go: url.Parse is itself a request URL, so these
// are reported there, and only there.
const (
	invoicesAPI       = "http://invoices.vendor-example.net" // want `go-plain-http-url.*passed to url.Parse \(flow.go:\d+\)`
	invoicesAPISecure = "https://invoices.vendor-example.net"
)

// Used by join in flow.go.
const (
	ledgerAPI       = "http://ledger.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
	ledgerAPISecure = "https://ledger.vendor-example.net"
	ledgerPath      = "http://ledger.vendor-example.net/v1" // not the first part of the join
)

// Used by the struct-field clients in flow.go.
const (
	paymentsAPI       = "http://payments.vendor-example.net" // want `go-plain-http-url.*passed to http.NewRequest \(flow.go:\d+\)`
	paymentsAPISecure = "https://payments.vendor-example.net"
	refundsAPI        = "http://refunds.vendor-example.net" // want `go-plain-http-url.*passed to http.Get \(flow.go:\d+\)`
)
