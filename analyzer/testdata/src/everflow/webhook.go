package everflow

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"sync"
)

// Event is a webhook notification from Everflow.
type Event struct {
	ID            string `json:"event_id"`
	TransactionID string `json:"transaction_id"`
	Type          string `json:"event_type"`
}

// WebhookHandler receives Everflow webhooks: it checks the shared secret's
// HMAC, answers 2xx fast and drops retries it has already seen.
type WebhookHandler struct {
	secret []byte
	mu     sync.Mutex
	seen   map[string]bool
	events chan<- Event
}

// NewWebhookHandler reads the shared secret from the environment.
func NewWebhookHandler(events chan<- Event) *WebhookHandler {
	secret := os.Getenv("EVERFLOW_WEBHOOK_SECRET")
	if secret == "" {
		log.Fatal("EVERFLOW_WEBHOOK_SECRET is not set")
	}
	log.Printf("webhook secret loaded (%d bytes)", len(secret))
	return &WebhookHandler{secret: []byte(secret), seen: map[string]bool{}, events: events}
}

func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	mac := hmac.New(sha256.New, h.secret)
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	got := r.Header.Get("X-Eflow-Signature")
	if !hmac.Equal([]byte(want), []byte(got)) {
		log.Printf("webhook: bad signature %q from %s", got, r.RemoteAddr)
		log.Printf("webhook: expected HMAC with secret %s", h.secret) // want `secret-in-log.*EVERFLOW_WEBHOOK_SECRET from os.Getenv \(webhook.go:\d+\) reaches log.Printf`
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent) // answer fast, work later
	h.mu.Lock()
	dup := h.seen[ev.TransactionID]
	h.seen[ev.TransactionID] = true
	h.mu.Unlock()
	if !dup {
		h.events <- ev
	}
}
