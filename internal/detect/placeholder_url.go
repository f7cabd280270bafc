package detect

import "strings"

// placeholderTarget returns the part of a matched secret that decides
// whether it is a placeholder. For a plain-http URL (what the
// insecure-transport rules report) that is its host: the finding is about
// where traffic goes, so http://${HOST}/pb is a template, but
// http://svc:${PASS}@api.corp.io is a real host with a templated password,
// and http://api.corp.io/${PATH} a real host with a templated path.
func placeholderTarget(secret string) string {
	const scheme = "http://"
	if len(secret) <= len(scheme) || !strings.EqualFold(secret[:len(scheme)], scheme) {
		return secret
	}
	authority := secret[len(scheme):]
	if i := strings.IndexAny(authority, "/?#"); i >= 0 {
		authority = authority[:i]
	}
	host := authority[strings.LastIndexByte(authority, '@')+1:]
	// A port (or a templated one) says nothing about the host; an IPv6
	// literal keeps its colons.
	if i := strings.LastIndexByte(host, ':'); i > 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	if host == "" {
		// http:///x or http://user@: nothing to judge but the whole.
		return secret
	}
	return host
}
