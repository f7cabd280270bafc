package a

import (
	"encoding/json"
	"net/http"
	"os"
)

// writeJSON is the package's own response helper. A key in a value it is
// given is reported on its Encode line, once, as any flow within the
// package; a key only in the fields of a struct it is given is reported
// where the struct is handed over (the struct's fields are not followed
// into the helper).
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v) // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv \(helpers.go:\d+\) reaches the HTTP response \(json.Encoder.Encode\)`
}

// respond passes v on to writeJSON.
func respond(w http.ResponseWriter, code int, v any) {
	w.WriteHeader(code)
	writeJSON(w, v)
}

func helperHandler(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	writeJSON(w, map[string]string{"key": key})
	writeJSON(w, pageData{Title: "Dashboard", APIKey: key})              // want `secret-in-response.*reaches a.writeJSON, which passes it to the HTTP response \(json.Encoder.Encode\) \(helpers.go:\d+\)`
	respond(w, http.StatusOK, pageData{Title: "Dashboard", APIKey: key}) // want `secret-in-response.*reaches a.respond, which passes it to the HTTP response \(json.Encoder.Encode\) \(helpers.go:\d+\)`
	writeJSON(w, status{Configured: key != ""})
	respond(w, http.StatusOK, pageData{Title: "Dashboard"})
	writeJSON(w, map[string]int{"length": len(key)})
}
