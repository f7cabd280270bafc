package detect

import (
	"bytes"
	"strings"

	"github.com/tightlip/tightlip/internal/rule"
)

// A secret written into a URL whose host is one documentation makes up
// (https://user:pw@db.example.com, http://api.mycompany.org,
// ?key=…@svc.test) is a sample, not a credential or an endpoint anybody
// calls: it is dropped and counted with the placeholders. This is the one
// list of such hosts; the rules' allowlists do not repeat it.

// inExampleURL reports whether the match of cr at content[start:end] is
// written in a URL to an example host and cr judges by where a value is
// written, not by its format: the generic rules (a password in a URL's
// user information, a key in its query) and the plain-http rules. A
// provider's key keeps its finding in any URL: its format says it is one,
// and samples with real-looking keys are still keys.
func (m *matcher) inExampleURL(cr *contentRule, start, end int) bool {
	if !cr.meta.Generic && cr.meta.Category != rule.InsecureTransport {
		return false
	}
	return exampleHost(hostAround(m.content, start, end))
}

// reservedTLDs are the top-level names RFC 2606 and RFC 6761 keep out of
// the DNS for documentation and testing.
var reservedTLDs = map[string]bool{"example": true, "invalid": true, "test": true, "localhost": true}

// exampleDomains are the names, without their top-level domain, that
// documentation and vendors' samples use for a made-up organisation:
// example.com and IANA's siblings, "your/my company" forms, and the
// fictitious companies of Microsoft's documentation. Matched as the label
// before the top-level domain, so api.mycompany.org and
// db.contoso.co are examples while mycompany-api.io is not.
var exampleDomains = map[string]bool{
	"example": true, "examples": true,
	"mycompany": true, "yourcompany": true, "my-company": true, "your-company": true,
	"mydomain": true, "yourdomain": true, "my-domain": true, "your-domain": true,
	"mysite": true, "yoursite": true, "mywebsite": true, "yourwebsite": true,
	"myserver": true, "yourserver": true, "myhost": true, "yourhost": true,
	"myorg": true, "yourorg": true, "yourapp": true, "your-app": true,
	"default-url": true, "some-domain": true, "somedomain": true, "somehost": true,
	"contoso": true, "fabrikam": true, "northwindtraders": true, "adventure-works": true,
	"wingtiptoys": true, "tailspintoys": true, "woodgrovebank": true, "litwareinc": true,
	"foo": true, "foobar": true,
}

// exampleHost reports whether host (a URL's host, without user
// information or port) is made up for documentation.
func exampleHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	labels := strings.Split(host, ".")
	n := len(labels)
	if n < 2 {
		return false // single-label names are container and service names
	}
	if reservedTLDs[labels[n-1]] {
		return true
	}
	// example.com, db.example.co.uk: the label before the TLD, or before
	// a two-letter country code's second level.
	if exampleDomains[labels[n-2]] {
		return true
	}
	return n >= 3 && len(labels[n-1]) == 2 && len(labels[n-2]) <= 3 && exampleDomains[labels[n-3]]
}

// urlDelims end the text a URL can be part of: white space, quotes and
// angle brackets.
const urlDelims = " \t\r\n\"'`<>"

// maxURLReach bounds how far from a secret its URL is looked for, so that
// a long line without delimiters costs each finding a bounded walk.
const maxURLReach = 2048

func isURLDelim(b byte) bool { return strings.IndexByte(urlDelims, b) >= 0 }

// hostAround returns the host of the URL that the secret at
// content[start:end] is written in: the URL holding it in its user
// information, path or query, or the URL that is the secret itself
// (plain-http-url). "" when the secret is in no URL.
func hostAround(content []byte, start, end int) string {
	from := start
	for from > 0 && !isURLDelim(content[from-1]) {
		if start-from >= maxURLReach {
			return ""
		}
		from--
	}
	to := end
	for to < len(content) && !isURLDelim(content[to]) {
		if to-end >= maxURLReach {
			break
		}
		to++
	}
	// The URL's scheme separator is the last one before the secret, or
	// at its start when the secret is a URL (https:// is 8 bytes).
	upTo := min(end, start+len("https://"))
	sep := bytes.LastIndex(content[from:upTo], []byte("://"))
	if sep < 0 {
		return ""
	}
	authority := string(content[from+sep+3 : to])
	if i := strings.IndexAny(authority, "/?#\\"); i >= 0 {
		authority = authority[:i]
	}
	host := authority[strings.LastIndexByte(authority, '@')+1:]
	if strings.HasPrefix(host, "[") {
		return "" // an IPv6 literal
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return host
}
