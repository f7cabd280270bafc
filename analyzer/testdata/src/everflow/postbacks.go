package everflow

import (
	"context"
	"crypto/tls"
	"net/http"
)

// Postback is a server-to-server conversion URL registered with Everflow.
type Postback struct {
	OfferID     int    `json:"network_offer_id"`
	PostbackURL string `json:"postback_url"`
	Method      string `json:"http_method"`
}

// Postbacks registered for the partner network.
var (
	conversionPostback = Postback{OfferID: 1, PostbackURL: "https://tracking.partner-network.com/pb?click={transaction_id}", Method: "GET"}
	legacyPostback     = Postback{OfferID: 2, PostbackURL: "http://tracking.partner-network.com/pb?click={transaction_id}", Method: "GET"} // want `go-plain-http-url.*assigned to PostbackURL`
	devPostback        = Postback{OfferID: 3, PostbackURL: "http://localhost:8080/pb?click={transaction_id}", Method: "GET"}
)

// RegisterPostback registers a postback for an offer.
func (c *Client) RegisterPostback(ctx context.Context, p Postback) error {
	return c.do(ctx, "POST", "/networks/pixels", p, nil)
}

// sandboxClient talks to the partner's staging box, whose certificate
// nobody renewed.
func sandboxClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // want `go-insecure-skip-verify`
	}}
}
