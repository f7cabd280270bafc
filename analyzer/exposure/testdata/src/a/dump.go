package a

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httputil"
	"os"
)

// A dump of a request prints its headers, its URL and its basic auth.
// Keys here are read from the environment or parameters.

func dumps(w http.ResponseWriter, r *http.Request) error {
	key := os.Getenv("EVERFLOW_API_KEY")
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("X-Eflow-API-Key", key)
	dump, _ := httputil.DumpRequestOut(req, true)
	log.Printf("request:\n%s", dump) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(dump.go:\d+\) reaches log.Printf`
	w.Write(dump)                    // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv`
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("everflow: %w\n%s", err, dump) // want `secret-in-error.*EVERFLOW_API_KEY from os.Getenv`
	}
	defer resp.Body.Close()
	// The response was fetched with the key, but its dump holds none.
	rd, _ := httputil.DumpResponse(resp, true)
	log.Printf("response:\n%s", rd)
	return nil
}

func dumpBasicAuth() {
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.SetBasicAuth("admin", os.Getenv("DB_PASSWORD"))
	d, _ := httputil.DumpRequest(req, false)
	log.Print(string(d)) // want `secret-in-log.*DB_PASSWORD from os.Getenv`
}

func dumpURL(apiKey string) {
	req, _ := http.NewRequest("GET", base+"/offers?api_key="+apiKey, nil) // want `secret-in-url.*parameter apiKey`
	d, _ := httputil.DumpRequestOut(req, false)
	log.Printf("%s", d) // want `secret-in-log.*parameter apiKey`
}

func dumpClean() {
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("Accept", "application/json")
	d, _ := httputil.DumpRequestOut(req, true)
	log.Printf("%s", d)
}

// Debug transports redact before they dump: a copy with the header
// deleted, overwritten with a constant, or replaced by a redacting
// function's result is clean; a copy that keeps it is not.
func dumpRedacted(req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+os.Getenv("EVERFLOW_API_KEY"))
	deleted := req.Clone(req.Context())
	deleted.Header.Del("Authorization")
	d, _ := httputil.DumpRequestOut(deleted, true)
	log.Printf("%s", d)
	overwritten := req.Clone(req.Context())
	overwritten.Header.Set("Authorization", "REDACTED")
	o, _ := httputil.DumpRequestOut(overwritten, true)
	log.Printf("%s", o)
	anonymized := req.Clone(req.Context())
	anonymized.Header = anonymizeHeaders(anonymized.Header.Clone())
	an, _ := httputil.DumpRequestOut(anonymized, true)
	log.Printf("%s", an)
	kept := req.WithContext(req.Context())
	k, _ := httputil.DumpRequestOut(kept, true)
	log.Printf("%s", k) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv`
}

func anonymizeHeaders(h http.Header) http.Header {
	h.Del("Authorization")
	return h
}
