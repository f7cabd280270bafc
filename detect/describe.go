package detect

import (
	"strings"

	"github.com/tightlip/tightlip/finding"
	"github.com/tightlip/tightlip/rules"
)

// nameHosts adds the host to the message of every insecure-transport
// finding whose match is a URL ("… instead of https:// (host
// api.partner.io)."). Reports do not show such a finding's match, which is
// no secret to hide but may carry one (user:password@, ?key=); the host is
// what a reader needs to find and fix the setting.
func nameHosts(fs []finding.Finding) {
	for i := range fs {
		f := &fs[i]
		if f.Category != rules.InsecureTransport {
			continue
		}
		host := urlHost(f.Secret)
		if host == "" {
			continue
		}
		msg, tail := f.Message, ""
		// A decoded match says where it was found last: "(in base64 text)".
		if i := strings.LastIndex(msg, " (in "); i >= 0 && strings.HasSuffix(msg, " text)") {
			msg, tail = msg[:i], msg[i:]
		}
		f.Message = strings.TrimSuffix(msg, ".") + " (host " + host + ")" + tail
		if !strings.HasSuffix(f.Message, ".") {
			f.Message += "."
		}
	}
}

// urlHost is the host (and port) of a URL such as http://u:p@host:8080/x,
// without its user information; "" when s is not scheme://host.
func urlHost(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	return rest
}
