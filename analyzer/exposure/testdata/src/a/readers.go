package a

import (
	"fmt"
	"log"
	"os"
	"strings"
)

// trimID names the kind of object it checks an ID for: "secret" here is
// a kind (a Docker secret's ID), not a credential read by name.
func trimID(kind, id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", fmt.Errorf("%s ID is empty", kind)
	}
	return id, nil
}

func removeSecret(id string) {
	sid, err := trimID("secret", id)
	if err != nil {
		return
	}
	log.Printf("removing secret %s", sid)
}

// getenv reads a variable with a constant fallback: a reader still.
func getenv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func logGetenv() {
	key := getenv("EVERFLOW_API_KEY", "")
	log.Printf("calling with %s", key) // want `secret-in-log`
}
