package ignore

import "strings"

// wildmatch matches text against a glob pattern as git's wildmatch does
// (git's wildmatch.c, which .gitignore matching uses): byte by byte, with
// "?", "*", "[...]" (negated by "!" or "^", with ranges, backslash escapes
// and POSIX classes such as "[:alpha:]") and backslash escapes. With
// pathname, "*", "?" and classes never match a "/", and a "**" that is a
// whole path component matches any number of components.
//
// go-git's matcher, which tightlip used before, uses filepath.Match: no
// "!" negation in classes, no POSIX classes, and "?" matching a whole
// UTF-8 character, so "[!a]*" or "?.env" hid files that git adds.
func wildmatch(pattern, text string, pathname bool) bool {
	return dowild(pattern, text, pathname) == wmMatch
}

// The results of dowild: the two aborts tell a caller trying a "*" at
// later positions that no later position can match either.
const (
	wmMatch = iota
	wmNoMatch
	wmAbortAll
	wmAbortToStarStar
)

// at is s[i], or 0 past its end (git's patterns are C strings).
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isGlobSpecial(c byte) bool { return c == '*' || c == '?' || c == '[' || c == '\\' }

func dowild(p, text string, pathname bool) int {
	pi, ti := 0, 0
	for ; pi < len(p); pi, ti = pi+1, ti+1 {
		pch := p[pi]
		if ti >= len(text) && pch != '*' {
			return wmAbortAll
		}
		tch := at(text, ti)
		switch pch {
		case '\\':
			// The next byte literally; a backslash at the end matches
			// nothing.
			pi++
			if at(p, pi) != tch {
				return wmNoMatch
			}
			continue
		case '?':
			if pathname && tch == '/' {
				return wmNoMatch
			}
			continue
		case '[':
			if !matchClass(p, &pi, tch) || pathname && tch == '/' {
				if pi < 0 {
					return wmAbortAll
				}
				return wmNoMatch
			}
			continue
		case '*':
		default:
			if tch != pch {
				return wmNoMatch
			}
			continue
		}
		// A run of stars.
		matchSlash := !pathname
		pi++
		if at(p, pi) == '*' {
			prev := pi - 2
			for pi++; at(p, pi) == '*'; pi++ {
			}
			if (prev < 0 || p[prev] == '/') && (pi >= len(p) || p[pi] == '/' || p[pi] == '\\' && at(p, pi+1) == '/') {
				// A whole-component "**": "a/**/b" matches a/b too.
				if at(p, pi) == '/' && dowild(p[pi+1:], text[ti:], pathname) == wmMatch {
					return wmMatch
				}
				matchSlash = true
			} else {
				matchSlash = false
			}
		}
		if pi >= len(p) {
			// A trailing "**" matches everything, a trailing "*" only
			// what holds no more slashes.
			if !matchSlash && strings.IndexByte(text[ti:], '/') >= 0 {
				return wmNoMatch
			}
			return wmMatch
		}
		if !matchSlash && p[pi] == '/' {
			// "*/" matches the rest of one component.
			slash := strings.IndexByte(text[ti:], '/')
			if slash < 0 {
				return wmNoMatch
			}
			ti += slash
			continue // the loop steps over both slashes
		}
		for ti < len(text) {
			tch := text[ti]
			if !isGlobSpecial(p[pi]) {
				// Skip to where the literal after the stars occurs.
				for ti < len(text) && (matchSlash || text[ti] != '/') && text[ti] != p[pi] {
					ti++
				}
				tch = at(text, ti)
				if tch != p[pi] {
					if matchSlash {
						return wmAbortAll
					}
					return wmAbortToStarStar
				}
			}
			if m := dowild(p[pi:], text[ti:], pathname); m != wmNoMatch {
				if !matchSlash || m != wmAbortToStarStar {
					return m
				}
			} else if !matchSlash && tch == '/' {
				return wmAbortToStarStar
			}
			ti++
		}
		return wmAbortAll
	}
	if ti < len(text) {
		return wmNoMatch
	}
	return wmMatch
}

// matchClass matches c against the bracket expression at p[*pi] ("["),
// leaving *pi on its closing "]". A malformed expression (unclosed, or an
// unknown "[:class:]") sets *pi to -1: git's pattern then matches nothing.
func matchClass(p string, pi *int, c byte) bool {
	i := *pi + 1
	pch := at(p, i)
	if pch == '^' {
		pch = '!'
	}
	negated := pch == '!'
	if negated {
		i++
		pch = at(p, i)
	}
	var prev byte
	matched := false
	for {
		if pch == 0 {
			*pi = -1
			return false
		}
		switch {
		case pch == '\\':
			i++
			if pch = at(p, i); pch == 0 {
				*pi = -1
				return false
			}
			if c == pch {
				matched = true
			}
		case pch == '-' && prev != 0 && at(p, i+1) != 0 && p[i+1] != ']':
			i++
			pch = p[i]
			if pch == '\\' {
				i++
				if pch = at(p, i); pch == 0 {
					*pi = -1
					return false
				}
			}
			if prev <= c && c <= pch {
				matched = true
			}
			pch = 0 // no range may start here
		case pch == '[' && at(p, i+1) == ':':
			start := i + 2
			end := start
			for end < len(p) && p[end] != ']' {
				end++
			}
			if end >= len(p) {
				*pi = -1
				return false
			}
			if end-start-1 < 0 || p[end-1] != ':' {
				// No ":]": a literal "[".
				if c == '[' {
					matched = true
				}
				break
			}
			in, known := posixClass(p[start:end-1], c)
			if !known {
				*pi = -1
				return false
			}
			if in {
				matched = true
			}
			i = end
			pch = 0
		case c == pch:
			matched = true
		}
		prev = pch
		i++
		if pch = at(p, i); pch == ']' {
			break
		}
	}
	*pi = i
	return matched != negated
}

// posixClass reports whether c is in the named class, with git's ASCII
// definitions, and whether the class is known.
func posixClass(name string, c byte) (in, known bool) {
	lower, upper, digit := 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9'
	switch name {
	case "alnum":
		return lower || upper || digit, true
	case "alpha":
		return lower || upper, true
	case "blank":
		return c == ' ' || c == '\t', true
	case "cntrl":
		return c < 0x20 || c == 0x7f, true
	case "digit":
		return digit, true
	case "graph":
		return 0x21 <= c && c <= 0x7e, true
	case "lower":
		return lower, true
	case "print":
		return 0x20 <= c && c <= 0x7e, true
	case "punct":
		return 0x21 <= c && c <= 0x7e && !lower && !upper && !digit, true
	case "space":
		return c == ' ' || c == '\t' || c == '\n' || c == '\r', true
	case "upper":
		return upper, true
	case "xdigit":
		return digit || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F', true
	}
	return false, false
}
