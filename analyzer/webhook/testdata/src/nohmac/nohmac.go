// Package nohmac compares a signature header without importing
// crypto/hmac: reported, with no fix (it would need an import).
package nohmac

import "net/http"

func check(r *http.Request, expected string) bool {
	return r.Header.Get("X-Signature") == expected // want `webhook-signature-compare`
}
