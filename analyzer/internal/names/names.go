// Package names classifies identifiers, map keys and header names by their
// word parts: whether a name denotes a credential (apiKey, DB_PASSWORD,
// X-Eflow-API-Key) or a URL setting (BaseURL, postbackURL).
//
// Names are judged by words, not substrings, and by the last word, which in
// English and in code names what the thing is: apiKey and clientSecret are
// credentials, while keyName, tokenizer, passwordPolicy, tokenURL and
// apiKeyHeader are not (they name a name, a tool, a policy, a URL and a
// header).
package names

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words splits s into lower-case words at camel-case humps, digits and any
// separator: "parseHTTPHeader2" → parse, http, header, 2; "X-Eflow-API-Key"
// → x, eflow, api, key.
func Words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r):
			if len(cur) > 0 {
				prev := cur[len(cur)-1]
				switch {
				case unicode.IsDigit(prev):
					flush()
				case unicode.IsUpper(r) && unicode.IsLower(prev):
					// fooBar: a hump starts a word.
					flush()
				case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
					// HTTPHeader: the last capital of a run starts the next word.
					flush()
				}
			}
			cur = append(cur, r)
		case unicode.IsDigit(r):
			if len(cur) > 0 && !unicode.IsDigit(cur[len(cur)-1]) {
				flush()
			}
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// credentialNouns are words that, ending a name, make it a credential.
var credentialNouns = map[string]bool{
	"secret": true, "secrets": true, "token": true, "password": true, "passwd": true,
	"pwd": true, "passphrase": true, "credential": true, "credentials": true, "creds": true,
	"apikey": true, "bearer": true, "authorization": true, "privatekey": true,
	"accesskey": true, "secretkey": true, "passcode": true,
}

// keyQualifiers are words that, before "key", make a key a credential:
// apiKey and signingKey are secrets, cacheKey and keyName are not.
var keyQualifiers = map[string]bool{
	"api": true, "private": true, "secret": true, "access": true, "signing": true,
	"client": true, "encryption": true, "hmac": true, "master": true, "license": true,
	"auth": true, "webhook": true, "app": true, "consumer": true, "shared": true,
	"session": true, "sign": true, "crypto": true, "aes": true, "jwt": true,
	"service": true, "account": true, "subscription": true, "ssh": true, "rsa": true,
	"ecdsa": true, "ed25519": true, "gpg": true, "pgp": true, "write": true, "admin": true,
	"root": true, "deploy": true, "integration": true, "partner": true, "affiliate": true,
	"network": true, "advertiser": true, "everflow": true, "ef": true,
}

// fillers end names without changing what they denote: apiKeyValue and
// passwordStr are still credentials.
var fillers = map[string]bool{
	"value": true, "val": true, "str": true, "string": true, "raw": true, "b64": true,
	"base64": true, "hex": true, "bytes": true, "literal": true, "const": true,
}

// Credential reports whether a Go identifier, map key or header name denotes
// a credential by its words.
func Credential(name string) bool {
	ws := Words(name)
	for len(ws) > 1 && fillers[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 {
		return false
	}
	last := ws[len(ws)-1]
	if credentialNouns[last] {
		return true
	}
	var prev string
	if len(ws) > 1 {
		prev = ws[len(ws)-2]
	}
	switch last {
	case "key":
		return keyQualifiers[prev]
	case "auth":
		// basicAuth, proxyAuth hold credentials; a lone "auth" is usually
		// a header value or a mode, but X-Auth and auth= keys carry one.
		return true
	case "pass":
		// dbPass, userPass, smtp_pass; "pass" alone is a verb too often.
		return prev != ""
	case "sig", "signature":
		return false
	}
	return false
}

// urlNouns are words that, ending a name, make it a URL setting.
var urlNouns = map[string]bool{
	"url": true, "urls": true, "uri": true, "endpoint": true, "endpoints": true,
	"webhook": true, "postback": true, "callback": true, "baseurl": true,
	"href": true, "origin": true, "upstream": true,
}

// URL reports whether a name denotes a URL setting: BaseURL, postbackURL,
// WebhookEndpoint, EVERFLOW_API_URL, Callback.
func URL(name string) bool {
	ws := Words(name)
	for len(ws) > 1 && fillers[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 {
		return false
	}
	return urlNouns[ws[len(ws)-1]]
}

// LooksLikeName reports whether s reads as the name of a credential rather
// than as one: an identifier, environment variable, header, flag or config
// key such as "EVERFLOW_API_KEY", "X-Eflow-API-Key", "api-key" or
// "everflow.api_key".
func LooksLikeName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		nameRune := r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
		if r >= utf8.RuneSelf || !nameRune {
			return false
		}
	}
	if Credential(s) {
		return true
	}
	// An environment variable: upper case, digits and underscores.
	if strings.ToUpper(s) == s && strings.ContainsRune(s, '_') {
		return true
	}
	// A header: capitalised words or acronyms joined by hyphens
	// (X-Request-Id, Content-MD5, X-B3-TraceId).
	if strings.ContainsRune(s, '-') {
		title := true
		for _, w := range strings.Split(s, "-") {
			if !headerWord.MatchString(w) {
				title = false
				break
			}
		}
		if title {
			return true
		}
	}
	return false
}

var headerWord = regexp.MustCompile(`^(?:(?:[A-Z][a-z]*)+|[A-Z0-9]+)$`)
