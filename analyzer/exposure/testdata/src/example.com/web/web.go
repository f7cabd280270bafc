// Package web has the JSON response helper of a service's handlers.
package web

import (
	"encoding/json"
	"net/http"
)

// JSON encodes v into the response.
func JSON(w http.ResponseWriter, v any) { // want JSON:`reaches\(1→secret-in-response the HTTP response \(json.Encoder.Encode\) \(web.go:\d+\)\)`
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// Status writes only a status code: v is not sent.
func Status(w http.ResponseWriter, code int, v any) {
	_ = v
	w.WriteHeader(code)
}
