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

// altEnvName turns a variable's name into its older name: it reads
// nothing, and what it returns is a name.
func altEnvName(name string) string {
	return strings.ReplaceAll(name, "CLOUDFLARE_", "CF_")
}

func checkEnv() error {
	name := altEnvName("CLOUDFLARE_API_KEY")
	if os.Getenv(name) == "" {
		return fmt.Errorf("%s is not set", name)
	}
	log.Printf("using %s", name)
	return nil
}

type serverConfig struct {
	// AuthToken is the token provider's options: "simple", or
	// "jwt,pub-key=…".
	AuthToken string
}

func newServer(cfg serverConfig) { tokenProvider(cfg.AuthToken) }

// tokenType is a mode ("simple", "jwt"), chosen by words: logging an
// unknown one tells nothing of a key.
func tokenProvider(opts string) {
	tokenType := strings.Split(opts, ",")[0]
	switch tokenType {
	case "simple", "jwt":
	default:
		log.Printf("unknown token type %q", tokenType)
	}
}

// An option list whose first item names the provider, handed back by
// splitProviderOpts and chosen among words by newProvider, is a setting
// however its field is named: logging it whole when malformed shows no
// key.
func newProvider(cfg serverConfig) string {
	kind, rest := splitProviderOpts(cfg.AuthToken)
	switch kind {
	case "simple":
		return kind
	case "jwt":
		return kind + " " + rest
	}
	return ""
}

func splitProviderOpts(optstr string) (string, string) {
	kind, rest, _ := strings.Cut(optstr, ",")
	if rest != "" && !strings.Contains(rest, "=") {
		log.Printf("invalid token options %q", optstr)
	}
	return kind, rest
}

// The same list checked where it is split.
func checkProviderOpts(cfg serverConfig) bool {
	opts := cfg.AuthToken
	switch strings.SplitN(opts, ",", 2)[0] {
	case "simple", "jwt":
		return true
	}
	log.Printf("unknown token provider in %q", opts)
	return false
}

// A credential pair split on the same comma is a key when nothing chooses
// among words by its first item: an account ID only checked for being set.
type twilioConfig struct{ AuthToken string }

func loginTwilio(cfg twilioConfig, sid string) {
	creds := sid + "," + cfg.AuthToken
	if parts := strings.Split(creds, ","); parts[0] == "" {
		log.Printf("no account SID in %q", creds) // want `secret-in-log.*field AuthToken`
	}
}

// A key checked against one placeholder is still a key.
func checkKey(apiKey string) {
	if apiKey == "" || apiKey == "changeme" {
		log.Printf("API key %q is not set", apiKey) // want `secret-in-log`
	}
}
