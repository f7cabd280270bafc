// Package settings expands its keys with package expand: a key reaches
// expand's error only through the functions that return that error, and
// only where this package uses it.
package settings

import (
	"errors"
	"fmt"
	"os"

	"example.com/expand"
)

func load() (string, error) {
	key := os.Getenv("EVERFLOW_API_KEY")
	_ = expand.All(key)
	if !expand.Valid(key) {
		return "", errors.New("the key has an unknown placeholder")
	}
	if _, err := expand.OrErr(key); err != nil { // only compared
		return "", errors.New("the key has an unknown placeholder")
	}
	expand.OrErr(key) // dropped
	go expand.Check(key)
	v, err := expand.OrErr(key) // want `secret-in-error.*EVERFLOW_API_KEY from os.Getenv \(settings.go:\d+\) reaches expand.OrErr, which passes it to fmt.Errorf \(expand.go:\d+\)`
	if err != nil {
		return "", fmt.Errorf("loading: %w", err)
	}
	_ = expand.Must(key)      // want `secret-in-error.*reaches expand.Must, which passes it to fmt.Errorf`
	_, _ = expand.Strict(key) // want `secret-in-error.*reaches expand.Strict, which passes it to fmt.Errorf`
	return v, nil
}

// expandToken returns expand's error: its callers decide.
func expandToken(v string) error {
	return expand.Check(v) // want `secret-in-error.*EVERFLOW_API_TOKEN from os.Getenv \(settings.go:\d+\) reaches expand.Check, which passes it to fmt.Errorf`
}

func tokens() error {
	_ = expandToken(os.Getenv("DB_PASSWORD")) // dropped: not named above
	return expandToken(os.Getenv("EVERFLOW_API_TOKEN"))
}
