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
	"math"
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
// apiKey and signingKey are secrets, cacheKey and keyName are not; "access"
// only after another of them (Credential says why). Not
// "root": a Go program's RootKey is far more often the prefix of a
// key-value store (traefik's KV providers) than a cryptographic root key.
var keyQualifiers = map[string]bool{
	"api": true, "private": true, "secret": true, "access": true, "signing": true,
	"client": true, "encryption": true, "hmac": true, "master": true, "license": true,
	"auth": true, "webhook": true, "app": true, "consumer": true, "shared": true,
	"session": true, "sign": true, "crypto": true, "aes": true, "jwt": true,
	"service": true, "account": true, "subscription": true, "ssh": true, "rsa": true,
	"ecdsa": true, "ed25519": true, "gpg": true, "pgp": true, "write": true, "admin": true,
	"deploy": true, "integration": true, "partner": true, "affiliate": true,
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
		if prev == "access" {
			// S3 and its kin pair an access key (the ID, public like a
			// user name: minio's accessKey, AWS's AccessKeyId) with a
			// secret key; secretAccessKey and sharedAccessKey are secrets.
			return len(ws) > 2 && keyQualifiers[ws[len(ws)-3]]
		}
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

// pathNouns are words that, ending a name, make it a file's path: keyFile
// and htpasswdPath name where a key is kept, not the key.
var pathNouns = map[string]bool{
	"path": true, "paths": true, "file": true, "filename": true, "filepath": true,
	"dir": true, "directory": true,
}

// Path reports whether a name denotes a file's or directory's path:
// keyFile, certPath, tokenFilename, CONFIG_DIR.
func Path(name string) bool {
	ws := Words(name)
	for len(ws) > 1 && fillers[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	return len(ws) > 0 && pathNouns[ws[len(ws)-1]]
}

// identityNouns are words that, ending a name, make it who someone is,
// not what proves it.
var identityNouns = map[string]bool{"user": true, "username": true, "email": true, "name": true, "id": true}

// Identity reports whether a name denotes a user's or thing's identity
// (user, userName, email, clientID) rather than a credential.
func Identity(name string) bool {
	ws := Words(name)
	return len(ws) > 0 && identityNouns[ws[len(ws)-1]]
}

// QueryCredential reports whether a URL query parameter's name says its
// value is a credential: Credential, and access_key, which APIs take their
// API key as (ZeroSSL, apilayer's), unlike S3's accessKey in code, which
// is the key's ID.
func QueryCredential(name string) bool {
	if Credential(name) {
		return true
	}
	ws := Words(name)
	return len(ws) == 2 && ws[0] == "access" && ws[1] == "key"
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
	if QueryCredential(s) {
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

// tokenQualifiers are words that, before "token" or "auth", say the token
// authenticates someone: accessToken, githubToken and basicAuth are
// credentials, while a bare token, pageToken, clusterToken or nextToken
// may be a pagination cursor, a namespace or a lexer's token.
var tokenQualifiers = map[string]bool{
	"access": true, "auth": true, "api": true, "bearer": true, "refresh": true, "id": true,
	"oauth": true, "oauth2": true, "session": true, "github": true, "gh": true, "gitlab": true,
	"slack": true, "bot": true, "personal": true, "service": true, "account": true, "jwt": true,
	"secret": true, "security": true, "client": true, "app": true, "admin": true, "root": true,
	"deploy": true, "webhook": true, "private": true, "signing": true, "registry": true,
	"bootstrap": true, "csrf": true, "xsrf": true, "user": true, "install": true, "upload": true,
	"vault": true, "sts": true, "identity": true, "impersonation": true, "everflow": true, "ef": true,
	"basic": true, "proxy": true, "http": true, "digest": true, "x": true, "npm": true, "pypi": true,
	"password": true, "login": true, "sa": true, "kube": true, "docker": true, "hub": true,
}

// Ambiguous reports whether a credential name rests on a word that names a
// credential only sometimes: a bare "token" or "auth", or one qualified by
// a word that is not about authentication (pageToken, clusterToken,
// discoveryToken, nextToken, tokens). Such a name alone is no evidence that
// the value is a secret; the analyzers want to see where the value comes
// from or goes to.
func Ambiguous(name string) bool {
	if !Credential(name) {
		return false
	}
	ws := Words(name)
	for len(ws) > 1 && fillers[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	last := ws[len(ws)-1]
	if last != "token" && last != "auth" && last != "bearer" {
		return false
	}
	return len(ws) == 1 || !tokenQualifiers[ws[len(ws)-2]]
}

// Strong reports whether a name denotes a credential without help from its
// value's provenance: Credential, and not Ambiguous.
func Strong(name string) bool { return Credential(name) && !Ambiguous(name) }

// keyFileSuffixes end file names, which credential-named constants often
// hold instead of a credential: "tls.key", "ca.crt", "token.json".
var keyFileSuffixes = []string{".key", ".pem", ".crt", ".cert", ".csr", ".der", ".p12", ".pfx",
	".jks", ".json", ".yaml", ".yml", ".toml", ".txt", ".conf", ".pub", ".asc", ".gpg", ".env"}

// wordSegment is one word of a name: letters, maybe a short number after
// them (etcd-cluster-1, v2, tls13), or a short number alone.
var wordSegment = regexp.MustCompile(`^(?:[A-Za-z]+[0-9]{0,3}|[0-9]{1,4})$`)

// CredentialShaped reports whether a constant is shaped like a credential
// rather than like a word, a name or a mode: long enough, not made of
// words joined by separators ("simple", "priv-key", "tls.key",
// "RequireAndVerifyClientCert", "etcd-cluster"), of more than one kind of
// character and not of a few repeated ones. A name proves nothing: the
// value must look like something a credential could be.
func CredentialShaped(s string) bool {
	if len(s) < 8 {
		return false
	}
	low := strings.ToLower(s)
	for _, suf := range keyFileSuffixes {
		if strings.HasSuffix(low, suf) {
			return false
		}
	}
	var lower, upper, digit, other bool
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 2 && (len(s) < 16 || digit || other) {
		return false // all digits: a port, a number, an ID; or a short word
	}
	if wordsOnly(s) {
		return false
	}
	return entropy(s) >= 2.5
}

// wordsOnly reports whether s is made of words joined by separators, or is
// one word or camel-case identifier: something named, not generated.
func wordsOnly(s string) bool {
	segs := strings.FieldsFunc(s, func(r rune) bool {
		return r == '-' || r == '_' || r == '.' || r == ':' || r == '/' || r == ' '
	})
	if len(segs) == 0 {
		return true
	}
	for _, seg := range segs {
		if !wordSegment.MatchString(seg) {
			return false
		}
	}
	// Letters only: a word or identifier, unless it reads as random
	// mixed case (aZqRtBnm…), whose camel-case "words" are mostly one or
	// two letters long.
	letters := 0
	for _, seg := range segs {
		for _, w := range Words(seg) {
			if w[0] < '0' || w[0] > '9' {
				letters += len(w)
			}
		}
	}
	ws := 0
	for _, seg := range segs {
		ws += len(Words(seg))
	}
	return len(s) < 16 || ws == 0 || letters/ws >= 3
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}
