// Package a holds webhook receivers, compared right and wrong. The secrets
// are made up for the test.
package a

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
)

var secret = []byte("test-only-webhook-secret")

// sign is the package's own signing helper: its callers get an HMAC sum.
func sign(body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// signRaw calls sign: a helper of a helper.
func signRaw(body []byte) string { return "sha256=" + sign(body) }

func github(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	expected := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	got := r.Header.Get("X-Hub-Signature-256")
	if got == "" { // a presence check: not reported
		http.Error(w, "unsigned", http.StatusUnauthorized)
		return
	}
	if !strings.HasPrefix(got, "sha256=") { // not a comparison of the two
		return
	}
	if got != expected { // want `\[webhook-signature-compare\] a webhook signature is compared with the != operator`
		http.Error(w, "bad signature", http.StatusUnauthorized)
	}
}

func stripe(r *http.Request, body []byte) bool {
	return sign(body) == r.Header.Get("Stripe-Signature") // want `webhook-signature-compare`
}

func helperOfHelper(r *http.Request, body []byte) bool {
	return strings.EqualFold(signRaw(body), r.Header.Get("X-Signature")) // want `compared with strings.EqualFold`
}

func rawBytes(r *http.Request, body []byte) bool {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	sent, err := hex.DecodeString(r.Header.Get("X-Shopify-Hmac-Sha256"))
	if err != nil {
		return false
	}
	return bytes.Equal(mac.Sum(nil), sent) // want `compared with bytes.Equal`
}

func base64Sum(r *http.Request, body []byte) bool {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	sum := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	return strings.Compare(sum, r.Header["X-Slack-Signature"][0]) == 0 // want `compared with strings.Compare`
}

func deepEqual(r *http.Request, body []byte) bool {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return reflect.DeepEqual(mac.Sum(nil), []byte(r.Header.Get("X-Sig"))) // want `compared with reflect.DeepEqual`
}

func sprintfSum(r *http.Request, body []byte) bool {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	expected := fmt.Sprintf("%x", mac.Sum(nil))
	return r.Header.Get("X-Signature") == expected // want `compared with the == operator`
}

// The right forms stay clean.
func constantTime(r *http.Request, body []byte) bool {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	expected := mac.Sum(nil)
	sent, _ := hex.DecodeString(r.Header.Get("X-Signature"))
	if hmac.Equal(expected, sent) {
		return true
	}
	return subtle.ConstantTimeCompare([]byte(sign(body)), []byte(r.Header.Get("X-Hub-Signature-256"))) == 1
}

// Headers that are no signature, compared with ==, stay clean.
func notSignatures(r *http.Request) bool {
	if r.Header.Get("Content-Type") != r.Header.Get("Accept") {
		return false
	}
	event := r.Header.Get("X-GitHub-Event")
	design := r.Header.Get("X-Design") // "sig" only as a whole word
	return event == r.URL.Query().Get("event") || design == event
}

// A hash that is no HMAC is no signature.
func plainHash(body []byte, want string) bool {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:]) == want
}

func allowed(r *http.Request, body []byte) bool {
	return sign(body) == r.Header.Get("X-Signature") //tightlip:allow reviewed: replaced in the next release
}
