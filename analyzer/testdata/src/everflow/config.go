package everflow

// Keys that ended up in code anyway.
const (
	// exampleKey is what the README shows.
	exampleKey = "<your-everflow-api-key>"
	// sandboxAPIKey was pasted in "for a quick test".
	sandboxAPIKey = "TLFAKEq8Zr2mN4vK7xW1pJ9s" // want `go-hardcoded-credential.*assigned to sandboxAPIKey`
)

// staging points at the partner's staging API, over plain HTTP.
var staging = Options{
	BaseURL: "http://staging-api.partner-network.com/v1", // want `go-plain-http-url.*assigned to BaseURL`
	APIKey:  sandboxAPIKey,
}

// Options configure a client explicitly.
type Options struct {
	BaseURL string
	APIKey  string
}
