// Package everflow is a small client for Everflow's network API, written the
// way integrators write one: mostly right, with the mistakes tightlip is for.
// Every `want` comment marks one finding; the test checks that exactly these
// are reported. Secrets here are fake, made for the test and marked TLFAKE.
package everflow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"time"
)

// Base URLs of the API.
const (
	DefaultBaseURL = "https://api.eflow.team/v1"
	EUBaseURL      = "https://api-eu.eflow.team/v1"
)

// apiKeyHeader is the header every call carries the key in.
const apiKeyHeader = "X-Eflow-API-Key"

// envAPIKey names the environment variable that holds the key.
const envAPIKey = "EVERFLOW_API_KEY"

// Client calls the Everflow API.
type Client struct {
	baseURL string
	apiKey  string
	http    *http.Client
	logger  *log.Logger
}

// New returns a client for the key in EVERFLOW_API_KEY.
func New() (*Client, error) {
	key := os.Getenv(envAPIKey)
	if key == "" {
		return nil, fmt.Errorf("everflow: %s is not set", envAPIKey)
	}
	base := DefaultBaseURL
	if os.Getenv("EVERFLOW_REGION") == "eu" {
		base = EUBaseURL
	}
	c := &Client{
		baseURL: base,
		apiKey:  key,
		http:    &http.Client{Timeout: 30 * time.Second},
		logger:  log.New(os.Stderr, "everflow ", log.LstdFlags),
	}
	c.logger.Printf("client ready for %s (key set: %t)", base, key != "")
	c.logger.Printf("client ready, key=%s", key) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(client.go:\d+\) reaches Logger.Printf`
	return c, nil
}

// do sends a request with the key in its header, where it belongs.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("everflow: encode %s %s: %w", method, path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, body)
	if err != nil {
		return fmt.Errorf("everflow: %w", err)
	}
	req.Header.Set(apiKeyHeader, c.apiKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("everflow: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		// Repeated 401/403s are how a leaked or revoked key shows; say so
		// without the key.
		return fmt.Errorf("everflow: %s %s: status %d; check %s", method, path, resp.StatusCode, envAPIKey)
	case resp.StatusCode >= 300:
		return fmt.Errorf("everflow: %s %s: status %d (key %q)", method, path, resp.StatusCode, c.apiKey) // want `secret-in-error.*EVERFLOW_API_KEY from os.Getenv \(client.go:\d+\) reaches fmt.Errorf`
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
