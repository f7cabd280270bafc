// Package nested receives Everflow's webhooks.
package nested

import (
	"errors"
	"fmt"
	"net/http"
)

// Verify checks a webhook's shared secret.
func Verify(r *http.Request, want string) error {
	got := r.Header.Get("X-Eflow-API-Key")
	if got != want {
		return fmt.Errorf("webhook: bad key %s", got)
	}
	return errors.New("webhook: not implemented")
}

// fallback is a GitHub token pasted where it should never be; its name
// says nothing, a content rule recognises it.
var fallback = "ghp_TLFAKEq8Zr2mN4vK7xW1pJ9sLb3Xc5Vd7Hy0"
