// Package expand replaces {placeholders} in configuration values, as
// caddy's Replacer does: one replace that can fail, naming what it could
// not expand, and exported functions that return that error or drop it.
// A key formatted into an error leaks only where the error is used: the
// functions that drop it export no fact, and a key they expand inside this
// package is not reported on replace's fmt.Errorf.
package expand

import (
	"fmt"
	"os"
	"strings"
)

func replace(in string, strict bool) (string, error) {
	if strict && strings.Contains(in, "{") {
		return "", fmt.Errorf("unknown placeholder in %q", in) // want `secret-in-error.*PAYMENT_API_KEY from os.Getenv \(expand.go:\d+\) reaches fmt.Errorf`
	}
	return in, nil
}

// All expands in and drops the error.
func All(in string) string {
	out, _ := replace(in, false)
	return out
}

// OrErr returns the error, and leaks in wherever its caller uses it.
func OrErr(in string) (string, error) { // want OrErr:`reaches\(0→secret-in-error fmt.Errorf \(expand.go:\d+\) in the error returned\)`
	return replace(in, true)
}

// Valid only compares the error.
func Valid(in string) bool {
	_, err := replace(in, true)
	return err == nil
}

// Check wraps the error into its own: the key is in it either way.
func Check(in string) error { // want Check:`reaches\(0→secret-in-error fmt.Errorf \(expand.go:\d+\) in the error returned\)`
	if _, err := replace(in, true); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	return nil
}

// Must panics with the error: no caller decides where it goes.
func Must(in string) string { // want Must:`reaches\(0→secret-in-error fmt.Errorf \(expand.go:\d+\)\)`
	out, err := replace(in, true)
	if err != nil {
		panic(err)
	}
	return out
}

// Strict returns the first error and panics with the second: the key
// leaks whatever its caller does with the error.
func Strict(in string) (string, error) { // want Strict:`reaches\(0→secret-in-error fmt.Errorf \(expand.go:\d+\)\)`
	if _, err := replace(in, true); err != nil {
		return "", err
	}
	if _, err := replace(in+"/", true); err != nil {
		panic(err)
	}
	return in, nil
}

// Only the caller that returns OrErr's error hands the key to an error:
// the token dropped by All, only compared by Valid, and dropped after
// OrErr, is not named on replace's line above.
func fromEnv() (string, error) {
	_ = All(os.Getenv("EVERFLOW_API_KEY"))
	if !Valid(os.Getenv("EVERFLOW_API_TOKEN")) {
		return "", fmt.Errorf("token has an unknown placeholder")
	}
	_, _ = OrErr(os.Getenv("DB_PASSWORD"))
	return OrErr(os.Getenv("PAYMENT_API_KEY"))
}
