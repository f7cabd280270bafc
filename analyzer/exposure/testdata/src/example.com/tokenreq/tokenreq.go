// Package tokenreq sends OAuth token requests: Exchange in a form body,
// as RFC 6749 asks, ExchangeInQuery in the URL's query.
package tokenreq

import (
	"bytes"
	"net/http"
	"net/url"
)

// Exchange posts params as a form: nothing in it reaches a URL.
func Exchange(tokenURL string, params map[string]string) (*http.Response, error) {
	req, err := http.NewRequest("POST", tokenURL, nil)
	if err != nil {
		return nil, err
	}
	q := req.URL.Query()
	q.Add("grant_type", "client_credentials")
	for k, v := range params {
		q.Add(k, v)
	}
	req, err = http.NewRequest("POST", tokenURL, bytes.NewBuffer([]byte(q.Encode())))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return http.DefaultClient.Do(req)
}

// ExchangeInQuery puts params into the URL's query.
func ExchangeInQuery(tokenURL string, params map[string]string) (*http.Response, error) { // want ExchangeInQuery:`reaches\(.*1→secret-in-url Values.Add \(tokenreq.go:\d+\)\)`
	u, err := url.Parse(tokenURL)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	for k, v := range params {
		q.Add(k, v)
	}
	u.RawQuery = q.Encode()
	return http.Post(u.String(), "text/plain", nil)
}
