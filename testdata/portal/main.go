// Command portal serves a partner dashboard and receives the payment
// provider's webhooks.
package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
)

// webhookSecret is shared with the payment provider, which signs each
// delivery with it.
var webhookSecret = []byte(os.Getenv("PAYMENTS_WEBHOOK_SECRET"))

// reportsKey is the reporting API's key, which the dashboard's charts
// need.
var reportsKey = os.Getenv("REPORTS_API_KEY")

// dashboard hands the reporting key to the browser, for its charts to
// call the API: every visitor can read it.
func dashboard(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "<h1>Partner dashboard</h1><script>const reportsKey = %q;</script>", reportsKey)
}

// status tells the browser only whether a key is configured.
func status(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, `{"reports": %t}`, reportsKey != "")
}

// sign is the HMAC of a delivery's body, as the provider computes it.
func sign(body []byte) string {
	mac := hmac.New(sha256.New, webhookSecret)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// payments compares the signature with ==: the time of a rejection tells
// an attacker how much of a forged signature is right.
func payments(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	if r.Header.Get("X-Payments-Signature") != sign(body) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// refunds compares in constant time.
func refunds(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	if !hmac.Equal([]byte(r.Header.Get("X-Payments-Signature")), []byte(sign(body))) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "want JSON", http.StatusUnsupportedMediaType)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/", dashboard)
	http.HandleFunc("/status", status)
	http.HandleFunc("/webhooks/payments", payments)
	http.HandleFunc("/webhooks/refunds", refunds)
	if resp, err := fetchSummary(); err == nil {
		resp.Body.Close()
	}
	log.Fatal(http.ListenAndServe(":8080", nil))
}
