// Package oauthapp hands its client secret to example.com/tokenreq: in a
// form body it is in no URL, in the query it is.
package oauthapp

import (
	"os"

	"example.com/tokenreq"
)

func token(tokenURL string) {
	secret := os.Getenv("OAUTH_CLIENT_SECRET")
	tokenreq.Exchange(tokenURL, map[string]string{"client_secret": secret})
	tokenreq.ExchangeInQuery(tokenURL, map[string]string{"client_secret": secret}) // want `secret-in-url.*OAUTH_CLIENT_SECRET from os.Getenv.*reaches tokenreq.ExchangeInQuery, which passes it to Values.Add`
}
