// Package server hands its settings to package tokens: the token
// provider's options, which are named like a credential (AuthToken) and
// are not one, and a service's credentials and a database's password,
// which are.
package server

import (
	"os"

	"example.com/tokens"
)

// Config is a server's configuration.
type Config struct {
	// AuthToken names the token provider and its options: "simple", or
	// "jwt,sign-method=RS256,pub-key=path".
	AuthToken string
	Twilio    TwilioConfig
}

// TwilioConfig holds a Twilio account's credentials: its AuthToken is a
// key.
type TwilioConfig struct {
	AccountSID string
	AuthToken  string
}

func start(cfg Config) {
	_, _ = tokens.NewProvider(cfg.AuthToken)

	_ = tokens.Login(cfg.Twilio.AccountSID + "," + cfg.Twilio.AuthToken) // want `secret-in-log.*field AuthToken \(server.go:\d+\) reaches tokens.Login, which passes it to log.Printf \(tokens.go:\d+\)`
	// The DSN built here is a URL holding the password (secret-in-url),
	// and Connect logs it (secret-in-log).
	dsn := "postgres://app:" + os.Getenv("DB_PASSWORD") + "@db/app" // want `secret-in-url.*DB_PASSWORD`
	_ = tokens.Connect(dsn)                                         // want `secret-in-log.*DB_PASSWORD from os.Getenv \(server.go:\d+\) reaches tokens.Connect, which passes it to log.Printf \(tokens.go:\d+\)`
}
