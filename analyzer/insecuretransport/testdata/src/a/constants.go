package a

import "net/http"

// A concatenation of constants has a host known at compile time: a
// loopback one is no traffic to a remote server (an OAuth client's
// redirect to its own listener, RFC 8252), a remote one is.

const (
	bindPort    = "53682"
	bindAddress = "127.0.0.1:" + bindPort
	uploadHost  = "upload.vendor-example.net"
)

var (
	RedirectURL = "http://" + bindAddress + "/"
	UploadURL   = "http://" + uploadHost + "/api/v1/" // want `go-plain-http-url.*assigned to UploadURL`
)

func authURL(state string) {
	http.Get("http://" + bindAddress + "/auth?state=" + state)
	http.Get("http://" + uploadHost + "/auth?state=" + state) // want `go-plain-http-url.*passed to http.Get`
}
