package a

import (
	"fmt"
	"net/http"
	"net/url"
)

// A query parameter whose name says credential makes whatever it is given
// a credential in the URL, whatever the variable is called.

// sandboxKey is a constant: a literal key in a URL is the hardcoded
// analyzer's finding (url-query-secret), not this one's. TLFAKE: not a key.
const sandboxKey = "TLFAKE-sandbox"

func rawQuery(c *http.Client, v string, cfg map[string]string) {
	u, _ := url.Parse(base + "/offers")
	u.RawQuery = "api_key=" + v // want `secret-in-url.*the value of query parameter api_key reaches URL.RawQuery`
	u.RawQuery = "page=" + v
	u.RawQuery = "api_key=" + sandboxKey
	q := url.Values{}
	q.Set("api_key", cfg["everflow"]) // want `secret-in-url.*query parameter api_key reaches Values.Set`
	q.Set("page", cfg["page"])
	q.Add("client_secret", v) // want `secret-in-url.*query parameter client_secret reaches Values.Add`
	q.Set("api_key", sandboxKey)
	_ = url.Values{"access_token": {v}, "page": {v}}               // want `secret-in-url.*query parameter access_token reaches url.Values`
	c.Get(fmt.Sprintf("%s/offers?page=%d&api_key=%s", base, 2, v)) // want `secret-in-url.*query parameter api_key reaches fmt.Sprintf of a URL`
	c.Get(fmt.Sprintf("%s/offers?page=%s&sort=%s", base, v, v))
	c.Get(base + "/offers?api_key=" + v) // want `secret-in-url.*query parameter api_key reaches a URL built by concatenation`
	c.Get(base + "/offers?page=" + v)
	// A bare token= may be a page token.
	c.Get(base + "/offers?token=" + v)
	c.Get(fmt.Sprintf("%s/offers?page=%d", base, len(v)))
	// access_key in a URL is an API key (ZeroSSL, apilayer's APIs).
	q.Set("access_key", v) // want `secret-in-url.*query parameter access_key reaches Values.Set`
	// A presigned URL carries the key's ID and scope by design.
	q.Set("X-Amz-Credential", v+"/20260101/us-east-1/s3/aws4_request")
}

// A server verifying a presigned URL reads the credential's ID and scope
// from it, and rebuilds the query to sign it again.
func presignedVerify(c *http.Client, r *http.Request) {
	q := url.Values{}
	q.Set("X-Amz-Credential", r.URL.Query().Get("X-Amz-Credential"))
	c.Get(base + "/verify?" + q.Encode())
	q.Set("X-Amz-Signature", r.URL.Query().Get("X-Api-Key")) // want `secret-in-url.*X-Api-Key from Values.Get`
}

// A value also sent as a bearer token is a credential under token= too.
func rawQueryToken(c *http.Client, req *http.Request, t string) {
	req.Header.Set("Authorization", "Bearer "+t)
	c.Get(base + "/offers?token=" + t) // want `secret-in-url.*query parameter token reaches a URL built by concatenation`
}
