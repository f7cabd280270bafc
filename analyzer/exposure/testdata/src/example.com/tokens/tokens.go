// Package tokens starts the token provider a server's auth option names,
// and logs in to services with credentials. Its settings are split on
// separators and checked, and what is malformed is logged whole: an
// option list that names a provider by its first item carries no key, a
// credential pair or a DSN does.
package tokens

import (
	"errors"
	"log"
	"strings"
)

var errInvalid = errors.New("invalid options")

// NewProvider takes the provider's options: "simple", or
// "jwt,sign-method=RS256,pub-key=path". splitOpts logs them whole when an
// item is malformed, and hands back their first item, which NewProvider
// chooses the provider by: a list of options, not a key, so no fact.
func NewProvider(opts string) (string, error) {
	kind, params, err := splitOpts(opts)
	if err != nil {
		return "", err
	}
	switch kind {
	case "simple":
		return "simple", nil
	case "jwt":
		return "jwt " + params["sign-method"], nil
	}
	return "", errInvalid
}

func splitOpts(optstr string) (string, map[string]string, error) {
	items := strings.Split(optstr, ",")
	params := map[string]string{}
	for _, item := range items[1:] {
		k, v, ok := strings.Cut(item, "=")
		if !ok {
			log.Printf("invalid token option %q", optstr)
			return "", nil, errInvalid
		}
		params[k] = v
	}
	return items[0], params, nil
}

// Login takes a service's credentials as "ACCOUNT_SID,AUTH_TOKEN", split on
// a comma as the options are, but nothing is chosen by the first item:
// the token is the second, and a malformed pair is logged with it.
func Login(pair string) error { // want Login:`reaches\(0→secret-in-log log.Printf \(tokens.go:\d+\)\)`
	sid, token, err := splitPair(pair)
	if err != nil {
		return err
	}
	if sid == "" || token == "" {
		return errInvalid
	}
	return nil
}

func splitPair(pair string) (string, string, error) {
	parts := strings.Split(pair, ",")
	if len(parts) != 2 {
		log.Printf("malformed credentials %q", pair)
		return "", "", errInvalid
	}
	return parts[0], parts[1], nil
}

// Connect takes a database's DSN, "postgres://user:password@host/db". Its
// scheme is chosen among words too, but it is split off at "://", not
// from a list: the rest holds the password, and an unknown scheme is
// logged with the DSN whole.
func Connect(dsn string) error { // want Connect:`reaches\(0→secret-in-log log.Printf \(tokens.go:\d+\)\)`
	scheme, _, _ := strings.Cut(dsn, "://")
	switch scheme {
	case "postgres", "mysql":
		return nil
	}
	log.Printf("unsupported database in %q", dsn)
	return errInvalid
}
