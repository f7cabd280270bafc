package a

import (
	"crypto/tls"
	"net/http"
	"testing"
)

// Tests talk to test servers; they are not checked.
func TestCalls(t *testing.T) {
	http.Get("http://api.eflow.team/v1/networks/offers")
	_ = &tls.Config{InsecureSkipVerify: true}
}
