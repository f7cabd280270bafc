package detect

import (
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/placeholder"
)

// notGenericKey reports whether a generic rule's match is something that
// is known not to be an API key although it has the shape generic rules
// look for: gitleaks' generic-api-key reports them, tightlip does not.
// Rules that know their secret's format are not asked.
//
//   - a go.sum-format hash line (`module version h1:base64=`), in any file
//     (.bingo/*.sum, tools/go.sum …): a checksum, published in the Go
//     checksum database;
//   - anything in third-party code (finding.IsThirdPartyPath: vendor/,
//     node_modules/, a committed Go or CUE module cache at any depth):
//     third-party code, whose keys are its authors' examples and test
//     values, not this repository's credentials (gitleaks skips only some
//     vendor trees);
//   - a git object name: exactly 40 or 64 hex digits (SHA-1, SHA-256) on
//     a line that says so, with a word such as commit, sha, rev, ref,
//     version, digest, hash or checkout (googleapi_commit=…, git checkout
//     …) or after an @ (go install x@…). A hex secret of those lengths on
//     a line that does not say so stays reported (client_secret: <64 hex>
//     is an HMAC key's shape), and so do hex keys of other lengths;
//   - a UUID (8-4-4-4-12 hex) whose key names it an identifier (uuid,
//     guid, id: apiKeyId, token_uuid). A UUID under a key or token name
//     stays reported: codecov upload tokens, Heroku and Octopus API keys
//     are UUIDs.
func notGenericKey(file, key, secret, line string) bool {
	if finding.IsThirdPartyPath(file) || isGoSumLine(line) {
		return true
	}
	s := placeholder.TrimQuotes(strings.TrimSpace(secret))
	if isHexDigest(s) && (saysDigest(line) || strings.Contains(line, "@"+s)) {
		return true
	}
	return isUUID(s) && namesID(key) || isSnakeIdentifier(s)
}

// isSnakeIdentifier reports whether s is lower-case words joined by _, -
// or . (prometheus_api_v1_foo, user-service.internal): a name, not a
// generated key, which mixes case or digits throughout.
func isSnakeIdentifier(s string) bool {
	segs := 0
	for seg := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
		letters := len(seg) - len(strings.TrimLeft(seg, "abcdefghijklmnopqrstuvwxyz"))
		digits := strings.TrimLeft(seg, "abcdefghijklmnopqrstuvwxyz")
		if letters < 1 || len(digits) > 2 || strings.Trim(digits, "0123456789") != "" {
			return false
		}
		segs++
	}
	return segs >= 2 && strings.Trim(s, "_-.") == s
}

// digestWords are the words that say a hex value on their line is a
// commit, a revision or a content digest.
var digestWords = map[string]bool{
	"commit": true, "commits": true, "sha": true, "rev": true, "revision": true,
	"ref": true, "version": true, "digest": true, "hash": true,
	"checksum": true, "checkout": true, "pin": true, "pinned": true,
}

// saysDigest reports whether a word of line is one of digestWords.
func saysDigest(line string) bool {
	found := false
	var buf []byte
	placeholder.EachWord(line, func(w string, _ bool) {
		if found || len(w) > 10 {
			return
		}
		buf = append(buf[:0], strings.ToLower(w)...)
		found = digestWords[string(buf)]
	})
	return found
}

// namesID reports whether the key before a value names it an identifier.
func namesID(key string) bool {
	found := false
	placeholder.EachWord(key, func(w string, _ bool) {
		switch strings.ToLower(w) {
		case "id", "ids", "uuid", "guid":
			found = true
		}
	})
	return found
}

// isGoSumLine reports whether the line holding a match (with the newline
// before it) is a go.sum line: `module version h1:<base64 sha256>=`.
func isGoSumLine(line string) bool {
	line = strings.TrimSpace(line)
	f := strings.Fields(line)
	if len(f) != 3 || !strings.HasPrefix(f[2], "h1:") {
		return false
	}
	h := f[2][len("h1:"):]
	if len(h) != 44 || h[43] != '=' {
		return false
	}
	for i := 0; i < 43; i++ {
		c := h[i]
		if !isAlnum(c) && c != '+' && c != '/' {
			return false
		}
	}
	return strings.HasPrefix(f[1], "v")
}

// isHexDigest reports whether s is exactly 40 or 64 hex digits.
func isHexDigest(s string) bool {
	return (len(s) == 40 || len(s) == 64) && allHex(s)
}

// isUUID reports whether s is a UUID written 8-4-4-4-12 in hex.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return s != ""
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
