package a

import (
	"log"
	"log/slog"
	"net/http"
	"os"
)

// A request or header map whose headers carry a key prints the key when it
// is logged whole. Keys here are read from the environment; none is
// written in this file.

func headersLogged() {
	key := os.Getenv("EVERFLOW_API_KEY")
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("X-Eflow-API-Key", key)
	req.Header.Set("Content-Type", "application/json")
	slog.Info("out", "headers", req.Header)          // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(headers.go:\d+\) reaches slog.Info`
	log.Printf("%v", req.Header)                     // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(headers.go:\d+\) reaches log.Printf`
	log.Println(req)                                 // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(headers.go:\d+\) reaches log.Println`
	log.Printf("calling %s %s", req.Method, req.URL) // the method and URL carry no key
	log.Printf("type %s", req.Header.Get("Content-Type"))
}

// Headers that never got a credential stay clean.
func headersClean() {
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Add("Accept", "application/json")
	slog.Info("out", "headers", req.Header)
	log.Println(req)
}

// A bare token sent as a bearer token is a credential; Add and a map
// assignment put it in the header as Set does.
func headerAdd(token string) {
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Add("Authorization", "Bearer "+token)
	log.Printf("request %+v", req) // want `secret-in-log.*parameter token of headerAdd`
	other, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	other.Header["X-Api-Key"] = []string{os.Getenv("PARTNER_API_KEY")}
	log.Printf("headers %v", other.Header) // want `secret-in-log.*PARTNER_API_KEY from os.Getenv`
}

// A header map built on its own.
func headerMap() {
	h := make(http.Header)
	h.Set("X-Api-Key", os.Getenv("PARTNER_API_KEY"))
	log.Printf("headers %v", h) // want `secret-in-log.*PARTNER_API_KEY from os.Getenv`
	clean := http.Header{}
	clean.Set("Accept", "text/html")
	log.Printf("headers %v", clean)
}

// Set in a helper and logged by its caller; set by a caller and logged in
// a helper.
type apiClient struct{ apiKey string }

func (c *apiClient) authorize(req *http.Request) { req.Header.Set("X-Api-Key", c.apiKey) }

func (c *apiClient) send(req *http.Request) {
	c.authorize(req)
	log.Printf("sending %v", req) // want `secret-in-log.*field apiKey`
}

func logHeaders(h http.Header) {
	log.Printf("sending %v", h) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv`
}

func callLogHeaders() {
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("Authorization", "Bearer "+os.Getenv("EVERFLOW_API_KEY"))
	logHeaders(req.Header)
}

// A copy with the key's header deleted is clean.
func headersRedacted() {
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("X-Eflow-API-Key", os.Getenv("EVERFLOW_API_KEY"))
	h := req.Header.Clone()
	h.Del("x-eflow-api-key")
	log.Printf("headers %v", h)
	log.Printf("headers %v", req.Header.Clone()) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv`
}

// Ranging over the headers and logging each one logs the key too; a loop
// that logs only the names, or skips the credential header, does not.
func headersRanged() {
	key := os.Getenv("EVERFLOW_API_KEY")
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("X-Eflow-API-Key", key)
	for name, values := range req.Header {
		log.Printf("%s: %v", name, values) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(headers.go:\d+\) reaches log.Printf`
	}
	for name := range req.Header {
		log.Printf("header %s", name)
	}
}
