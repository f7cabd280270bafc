// Package placeholder tells a stand-in for a secret (<your-api-key>,
// ${API_KEY}, changeme, xxxx …) from a value that may be one. It is the
// one judgement every part of tightlip applies: the content engine to every
// match, the gitignore checks to the values of a committed .env, the Go
// analyzers to string constants. It imports nothing of tightlip, so any of
// them can use it without pulling in the engine.
package placeholder

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Is reports whether a matched secret is a stand-in that documentation,
// templates and sample configs use instead of a real value. Placeholders
// are never findings, for any rule, gitleaks' included.
//
// It runs on every candidate that survived a rule's regex, entropy and
// allowlists, so it uses no regular expressions and allocates little. Five
// signs make a placeholder:
//
//   - a reference to a value kept elsewhere: ${VAR}, $VAR, %VAR%, {{ .Key }},
//     <API_KEY>, #{var}, ((var)), __VAR__, %s, process.env.X …;
//   - a mask: xxxxx, ****, ...., ••, sk_live_xxx or one character repeated;
//   - a marker word such as "your", "example", "placeholder", "redacted",
//     "dummy" or "changeme" standing as a word of its own (between
//     separators, or as a camel-case or ALL-CAPS segment): --your-api-key--,
//     sk_live_EXAMPLE, AKIAIOSFODNN7EXAMPLE;
//   - nothing but vocabulary: every word is one of the words placeholders
//     are made of (api, key, secret, token, password, here, replace, me,
//     none, null, admin …), as in YOUR_API_KEY, REPLACE_ME, password; a
//     run-together word counts when it splits into vocabulary with a filler
//     such as "your", "my" or "test" among it (yourapikey,
//     mysecretpassword), not otherwise (rootpasswd is a weak password, but
//     a password);
//   - a sequence typed instead of a key: 1234567890, abcdef123456,
//     0123456789abcdef, A1B2C3D4E5F6 (see isSequence).
//
// A random token is none of these: it has no separators around an English
// marker word, and its segments are not vocabulary. A token that merely
// contains the letters of a marker inside a longer run (q8ZrexampleK7x) is
// kept; TestIsPlaceholderRandomTokens measures it.
func Is(secret string) bool {
	s := TrimQuotes(strings.TrimSpace(secret))
	if s == "" {
		return true
	}
	if isReference(s) || isMask(s) {
		return true
	}
	if strings.EqualFold(s, "n/a") || isSequence(s) {
		return true
	}
	for _, m := range upperMarkers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return wordsArePlaceholder(s)
}

// TrimQuotes removes matching quotes around s when they enclose one string
// ("abc", not "a":"b"), and the space inside them: the value a judgement
// of a quoted match looks at.
func TrimQuotes(s string) string {
	for len(s) >= 2 {
		f, l := s[0], s[len(s)-1]
		if f != l || (f != '"' && f != '\'' && f != '`') || strings.IndexByte(s[1:len(s)-1], f) >= 0 {
			break
		}
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// isReference reports whether s names a value instead of being one: a shell,
// template, build-system or environment reference, or a format verb.
func isReference(s string) bool {
	// Template syntax anywhere means the real value is substituted later.
	if strings.Contains(s, "${") || strings.Contains(s, "{{") || strings.Contains(s, "<%") {
		return true
	}
	n := len(s)
	first, last := s[0], s[n-1]
	switch {
	case first == '$' && n > 1:
		// $VAR, $1, $(command), $$VAR
		rest := strings.TrimLeft(s[1:], "$")
		if rest == "" {
			return false
		}
		if rest[0] == '(' && last == ')' {
			return true
		}
		return isVarName(rest)
	case first == '%' && n > 1:
		// %VAR%, %%VAR%%, %(name)s, %s, %v, %+v, %d
		if last == '%' && isIdent(strings.Trim(s, "%")) {
			return true
		}
		if s[1] == '(' && strings.Contains(s, ")") && n < 48 {
			return true
		}
		return n <= 3
	case first == '<' && last == '>':
		return true
	case first == '{' && last == '}':
		// {0}, {token}, {api_key}, { .Key }; not {ZqL5kVrX1n8tA2}, which
		// some vendors' docs wrap real values in.
		return isTemplateName(s[1 : n-1])
	case first == '#' && n > 2 && s[1] == '{' && last == '}':
		return true
	case first == '@' && last == '@' && n > 2 && isIdent(strings.Trim(s, "@")):
		return true
	case first == '(' && last == ')' && strings.HasPrefix(s, "((") && strings.HasSuffix(s, "))"):
		return true
	case first == '[' && last == ']' && strings.HasPrefix(s, "[[") && strings.HasSuffix(s, "]]"):
		return true
	case strings.HasPrefix(s, "__") && strings.HasSuffix(s, "__") && n > 4 && isIdent(s):
		return true
	}
	lower := strings.ToLower(s)
	for _, p := range referencePrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// referencePrefixes start expressions that read a value from the
// environment or a secret store at run time.
var referencePrefixes = []string{
	"process.env.", "import.meta.env.", "os.environ", "os.getenv(", "env.", "secrets.", "vars.",
	"env(", "getenv(",
}

// isVarName reports whether s reads as a variable name after a $: $VAR,
// $db_pass, $apiKey, $1, but not $ecr3tPa55, which is a password.
func isVarName(s string) bool {
	if !isIdent(s) {
		return false
	}
	var lower, upper, digit bool
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case isDigit(c):
			digit = true
		}
	}
	return !digit || !lower || !upper
}

// isTemplateName reports whether s, found between braces, names a template
// or format variable: a position ({0}), a word without digits ({token},
// {apiKey}) or a snake-case or dotted name ({api_key2}, { .Values.key }).
func isTemplateName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true
	}
	digits, named := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
		case c == '_' || c == '.' || c == ' ' || c == '|':
			named = true
		case !isLetter(c):
			return false
		}
	}
	return digits == len(s) || digits == 0 || named
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// isMask reports whether s hides a value behind filler characters.
func isMask(s string) bool {
	for _, m := range maskRuns {
		if strings.Contains(s, m) {
			return true
		}
	}
	// One character repeated: aaaaaa, 000000, ------.
	r0, size := utf8.DecodeRuneInString(s)
	if utf8.RuneCountInString(s) >= 3 && strings.Count(s, string(r0))*size == len(s) {
		return true
	}
	return false
}

// maskRuns are runs no random token contains but masked examples do. Five x
// of one case in a row occur in a random base62 token of 40 characters about
// once in 10^7 tokens; the others not at all. Shorter runs of x count when
// they are a word of their own (sk_live_xxx) or the whole value.
var maskRuns = []string{"xxxxx", "XXXXX", "****", "...", "…", "••", "●●", "####"}

// upperMarkers are markers that stand out in capitals even inside a longer
// run of letters, as in AWS's documentation key
// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY. A random token of 40 base62
// characters holds one of them about once in 10^7 tokens.
var upperMarkers = []string{"EXAMPLE", "PLACEHOLDER", "REDACTED", "CHANGEME", "DUMMY"}

// markers are words that by themselves mark a placeholder when they stand as
// a word of their own.
var markers = map[string]bool{
	"your": true, "yours": true, "example": true, "examples": true,
	"placeholder": true, "placeholders": true, "dummy": true, "redacted": true,
	"changeme": true, "changeit": true, "replaceme": true,
}

// vocabulary lists the words placeholders are made of. A secret made only
// of them (YOUR_API_KEY, REPLACE_ME, password, mysecretpassword) is not a
// secret. Every word has at least two characters, so that a short random
// string does not split into vocabulary by chance. Default credentials
// (root, admin, guest, postgres, notasecret — the fixed password of Google's
// .p12 keys) are here too: they are documentation, not leaks.
var vocabulary = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		api apikey key keys secret secrets token tokens password passwords passwd pass passphrase
		pwd pw access auth authorization bearer basic client id app application private public
		account user username usr login credential credentials cred creds signing shared
		webhook service server database db admin administrator root toor guest host port name
		my our the your yours here goes insert enter put paste add fill replace replaceme
		change changeme changeit me with value values placeholder placeholders dummy example
		examples sample samples redacted hidden masked removed omitted censored todo tbd fixme
		none null nil undefined empty blank not no yes on off true false set notset unset
		default env var variable string str text foo bar baz qux quux test testing demo fake
		mock some any this that real actual valid own new generated random long super very
		strong secure everflow eflow ef dev prod production staging stage live sandbox
		postgres mysql redis rabbitmq mongo mongodb sa oracle qwerty notasecret xxx psw pword passw
		to of for and or
		123 1234 12345 123456 1234567 12345678 123456789 1234567890 0123456789
	`) {
		m[w] = true
	}
	return m
}()

// wordsArePlaceholder splits s into words at separators, case changes and
// letter/digit boundaries and applies the marker and vocabulary tests.
func wordsArePlaceholder(s string) bool {
	allVocab := true
	words := 0
	marker := false
	var buf [maxSplitLen]byte
	EachWord(s, func(w string, separated bool) {
		if len(w) <= 2 && isDigit(w[0]) {
			return // a counter (MYTOKEN1, key_2) says nothing either way
		}
		words++
		lw, lowered := lowerWord(buf[:0], w)
		switch {
		case markers[string(lw)] && (separated || lowered):
			// A marker between separators, or a capitalised or upper-case
			// segment of its own (ExampleKey, AKIA…EXAMPLE), is deliberate.
			marker = true
		case separated && len(lw) >= 3 && allX(lw):
			marker = true // sk_live_xxx, XXX-XXX
		}
		if allVocab && !vocabulary[string(lw)] && !splitsIntoPlaceholder(lw) {
			allVocab = false
		}
	})
	return marker || (words > 0 && allVocab)
}

// lowerWord lower-cases an ASCII word into dst (without allocating for
// words that fit) and says whether it had capitals.
func lowerWord(dst []byte, w string) ([]byte, bool) {
	lowered := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
			lowered = true
		}
		dst = append(dst, c)
	}
	return dst, lowered
}

func allX(w []byte) bool {
	for _, c := range w {
		if c != 'x' {
			return false
		}
	}
	return true
}

// EachWord calls fn for every word of s: runs of letters or digits, split
// also where a lower-case letter meets an upper-case one and between letters
// and digits. separated says whether the word is bounded by separators (or
// the ends of s) on both sides, not merely by a case or digit change.
func EachWord(s string, fn func(w string, separated bool)) {
	start := -1
	startSep := true
	var prev rune
	for i, r := range s {
		alnum := r < utf8.RuneSelf && (isLetter(byte(r)) || isDigit(byte(r))) || unicode.IsLetter(r)
		if !alnum {
			if start >= 0 {
				fn(s[start:i], startSep)
				start = -1
			}
			startSep = true
			prev = r
			continue
		}
		if start >= 0 && boundary(prev, r) {
			fn(s[start:i], false)
			start = i
			startSep = false
		} else if start < 0 {
			start = i
		}
		prev = r
	}
	if start >= 0 {
		fn(s[start:], startSep)
	}
}

// boundary reports a word boundary between two adjacent alphanumerics:
// lower to upper case (apiKey), or letter to digit and back (key2, 7EXAMPLE).
func boundary(prev, r rune) bool {
	pl, rl := unicode.IsLetter(prev), unicode.IsLetter(r)
	if pl != rl {
		return true
	}
	return pl && unicode.IsLower(prev) && unicode.IsUpper(r)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// maxSplitLen bounds the dynamic programme below; placeholder words are short.
const maxSplitLen = 48

// fillers are the vocabulary words that make a run-together word a
// placeholder (yourapikey, mysecretpassword, testpass). Without one, a
// run-together word is kept: rootpasswd or adminsecret are weak passwords,
// but real ones.
var fillers = map[string]bool{
	"your": true, "my": true, "our": true, "here": true, "goes": true, "insert": true, "enter": true,
	"put": true, "paste": true, "replace": true, "change": true, "example": true, "sample": true,
	"placeholder": true, "dummy": true, "fake": true, "test": true, "demo": true, "mock": true,
	"some": true, "super": true, "xxx": true, "foo": true, "bar": true, "todo": true, "not": true,
	"set": true, "value": true,
}

// splitsIntoPlaceholder reports whether a lower-case word is a concatenation
// of vocabulary words with at least one filler among them (yourapikey,
// mysecretpassword).
func splitsIntoPlaceholder(w []byte) bool {
	n := len(w)
	if n < 4 || n > maxSplitLen {
		return false
	}
	// ok[i]: w[:i] splits into vocabulary; filler[i]: some such split has a
	// filler word.
	var ok, filler [maxSplitLen + 1]bool
	ok[0] = true
	for i := 2; i <= n; i++ {
		for j := max(0, i-maxVocabLen); j <= i-2; j++ {
			if !ok[j] || !vocabulary[string(w[j:i])] {
				continue
			}
			ok[i] = true
			if filler[j] || fillers[string(w[j:i])] {
				filler[i] = true
				break
			}
		}
	}
	return ok[n] && filler[n]
}

// maxVocabLen is the length of the longest vocabulary word.
var maxVocabLen = func() int {
	n := 0
	for w := range vocabulary {
		n = max(n, len(w))
	}
	return n
}()

// isSequence reports whether s (at least 10 characters) is an example key
// typed as a sequence rather than drawn at random: ascending runs of four
// or more letters or digits (1234567890, abcdef123456,
// 0123456789abcdef0123…), or two such runs interleaved (A1B2C3D4E5…).
// Case, and - or _ between runs, do not matter.
func isSequence(s string) bool {
	// A provider's prefix before a long typed run
	// (dop_v1_1234567890abcdef1234567890abcdef): the run alone decides.
	// Short runs after a prefix (acme_0123456789abcdef, xoxp-1234567890)
	// stay the rules' to judge.
	if i := strings.LastIndexAny(s, "_-"); i >= 0 && len(s)-i-1 >= 24 && isSequence(s[i+1:]) {
		return true
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= 'a' && c <= 'z', isDigit(c):
			b = append(b, c)
		case c == '-' || c == '_':
		default:
			return false
		}
	}
	if len(b) < 10 {
		return false
	}
	if runsOfAscending(b) {
		return true
	}
	even, odd := make([]byte, 0, len(b)/2+1), make([]byte, 0, len(b)/2)
	for i, c := range b {
		if i%2 == 0 {
			even = append(even, c)
		} else {
			odd = append(odd, c)
		}
	}
	return runsOfAscending(even) && runsOfAscending(odd)
}

// runsOfAscending reports whether b is made of runs of at least four
// consecutive letters (a…z) or digits (0…9, then 0 again).
func runsOfAscending(b []byte) bool {
	run := 1
	for i := 1; i <= len(b); i++ {
		if i < len(b) && succ(b[i-1]) == b[i] {
			run++
			continue
		}
		if run < 4 {
			return false
		}
		run = 1
	}
	return len(b) >= 4
}

// succ is the character after c in an ascending sequence.
func succ(c byte) byte {
	switch c {
	case '9':
		return '0'
	case 'z':
		return 0
	}
	return c + 1
}
