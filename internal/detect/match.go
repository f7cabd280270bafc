package detect

import (
	"math"
	"strings"

	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/allowmark"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/placeholder"
	"github.com/tightlip/tightlip/internal/rule"
)

// matcher runs rules over one file.
type matcher struct {
	e       *Engine
	p       *pass
	path    string
	content []byte
	lines   lineIndex
	found   []candidate
	// skippedBy, when set, is the key of a user's allowlist that excludes
	// the current rule for this path: its matches are only counted.
	skippedBy string
	// perLine counts the matches kept on each line (by where they start),
	// for MaxFindingsPerLine.
	perLine map[int]int
	// around caches the last lineAround: many matches on one long line
	// would each copy it.
	aroundFrom, aroundTo int
	around               string
	// aroundAllowed remembers, for the line around, what each allowlist
	// whose regexes test the line answered: each would otherwise scan the
	// whole line again for every match on it.
	aroundAllowed map[*glconfig.Allowlist]bool
}

// candidate is a finding with the line its whole match starts on, which is
// what gitleaks compares when a specific rule shadows a generic one.
type candidate struct {
	finding.Finding
	matchLine int
	// allowed marks a finding an inline marker hides. It still takes part in
	// generic shadowing, so that only findings that would have been
	// reported are counted as suppressed.
	allowed bool
	// droppedBy is the key (see AllowlistKey) of the allowlist that drops
	// the finding, "" when none does. Such candidates are kept only to be
	// counted, and shadow nothing.
	droppedBy string
	// decoded marks a match found in decoded text (see decode.go).
	decoded bool
}

// windows runs cr's regex over the lines each keyword hit can reach, merging
// windows that overlap so no region is searched twice. Only rules whose
// every match holds a keyword come here (see keywordInMatch): a match
// holding a hit on line L lies within lines L±reach.
func (m *matcher) windows(cr *contentRule, hits []int) {
	ctx := cr.plan().reach
	ws, we := -1, -1
	for i, h := range hits {
		if i%64 == 0 && m.p.done() {
			return
		}
		l := m.lines.line(h)
		s, e := m.lines.start(l-ctx), m.lines.end(l+ctx)
		if ws >= 0 && s <= we {
			we = max(we, e)
			continue
		}
		if ws >= 0 {
			m.run(cr, ws, we)
		}
		ws, we = s, e
	}
	if ws >= 0 {
		m.run(cr, ws, we)
	}
}

// anchoredGroupMax is how many keyword hits whose regions overlap are
// tried one by one; a longer run of them is searched once, whole, so that
// no byte is searched more than anchoredGroupMax times. A variable so
// that tests can compare both ways.
var anchoredGroupMax = 8

// useTail says anchored drops the hits no match can contain (see tail).
// A variable so that tests can compare both ways.
var useTail = true

// anchored tries cr's regex at each keyword hit (see anchor). Hits inside an
// earlier match are passed over, as a left-to-right regex search would.
//
// Hits whose regions (see regionEnd) overlap form a group. Trying each hit
// of a group costs up to its region; a line of "ey" repeated, where every
// region runs to the end of the line, would cost time quadratic in its
// length. So a group of more than anchoredGroupMax hits is searched once,
// from its first hit's possible start to its last region's end: every match
// contains a hit and lies in that hit's region, so the search finds the
// same matches.
func (m *matcher) anchored(cr *contentRule, hits []int) {
	anc := cr.plan().anchor
	if t := anc.tail; t != nil && useTail && len(hits) > 0 {
		ts := t.scan(m.content)
		kept := make([]int, 0, len(hits))
		for _, h := range hits {
			if ts.possible(h, m.regionEnd(cr, h)) {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	lastEnd := 0
	for i := 0; i < len(hits); {
		if m.p.done() {
			return
		}
		end := m.groupEnd(cr, hits[i])
		j := i + 1
		for j < len(hits) && hits[j]-anc.prefixMax <= end {
			end = max(end, m.groupEnd(cr, hits[j]))
			j++
		}
		group := hits[i:j]
		i = j
		if len(group) <= anchoredGroupMax {
			if lastEnd = m.anchoredHits(cr, group, lastEnd); lastEnd < 0 {
				return
			}
			continue
		}
		from := max(lastEnd, group[0]-anc.prefixMax)
		ctx := from
		if ctx > lastEnd {
			ctx--
		}
		m.run(cr, ctx, end)
		lastEnd = end
	}
}

// groupEnd is regionEnd, with an unbounded region running to the end of
// the file.
func (m *matcher) groupEnd(cr *contentRule, h int) int {
	if to := m.regionEnd(cr, h); to >= 0 {
		return to
	}
	return len(m.content)
}

// anchoredHits tries the hits one by one and returns where the last match
// ended, or -1 when the rest of the file was searched.
func (m *matcher) anchoredHits(cr *contentRule, hits []int, lastEnd int) int {
	anc := cr.plan().anchor
	for _, h := range hits {
		if h < lastEnd || !anc.skel.holds(m.content[h:]) {
			continue
		}
		// The filter sees no further than a match can reach, so that a
		// failing hit costs a few bytes of a backtracking search, not an
		// automaton over the rest of the file. Cutting can only make it
		// pass more often ($ and \b at the cut), never less: the full regex
		// below decides. Match stops at the first match it finds, where
		// Find would run on to the longest.
		to := m.regionEnd(cr, h)
		filter := m.content[h:]
		if to >= 0 {
			filter = m.content[h:to]
		}
		re := anc.filterAt(m.content[h:])
		if re == nil {
			continue
		}
		m.p.searched += len(filter)
		if !re.Match(filter) {
			continue
		}
		// One byte before the search start gives \b and (?m)^ their context.
		from := max(lastEnd, h-anc.prefixMax)
		ctx := from
		if ctx > lastEnd {
			ctx--
		}
		if to < 0 {
			// Neither the match length nor its lines are bounded.
			m.run(cr, ctx, len(m.content))
			return -1
		}
		m.p.searched += to - ctx
		loc := cr.regexFor(ctx, to, len(m.content)).FindIndex(m.content[ctx:to])
		if loc == nil || ctx+loc[0] > h {
			continue
		}
		start, end := ctx+loc[0], ctx+loc[1]
		m.match(cr, start, end)
		lastEnd = end
	}
	return lastEnd
}

// regionEnd bounds the matches that can contain a keyword hit at h: by the
// longest possible match, or by the lines a match can span. -1 when neither
// is bounded.
func (m *matcher) regionEnd(cr *contentRule, h int) int {
	p := cr.plan()
	to := -1
	if p.anchor.matchMax != unbounded {
		to = min(len(m.content), h+p.anchor.matchMax+1)
	}
	if p.reach != unbounded {
		byLines := m.lines.end(m.lines.line(h) + p.reach)
		if to < 0 || byLines < to {
			to = byLines
		}
	}
	return to
}

// run applies cr's regex to content[from:to] and keeps what gitleaks' rule
// semantics keep.
func (m *matcher) run(cr *contentRule, from, to int) {
	m.p.searched += to - from
	for _, loc := range cr.regexFor(from, to, len(m.content)).FindAllIndex(m.content[from:to], -1) {
		m.match(cr, from+loc[0], from+loc[1])
	}
}

func (m *matcher) match(cr *contentRule, start, end int) {
	raw := string(m.content[start:end])
	matchText := strings.Trim(raw, "\n")
	if matchText == "" {
		return
	}
	start += strings.Index(raw, matchText)
	end = start + len(matchText)

	secret := matchText
	// offset is where the secret starts in matchText: the group's own
	// position, so a secret whose text also occurs earlier in the match
	// (redis://pw:pw@host) is still pointed at where it is.
	offset := 0
	if idx := cr.Regex.FindStringSubmatchIndex(matchText); len(idx) >= 4 {
		group := -1
		if cr.SecretGroup > 0 {
			if len(idx) <= 2*cr.SecretGroup+1 {
				return
			}
			group = cr.SecretGroup
		} else {
			for g := 1; 2*g+1 < len(idx); g++ {
				if idx[2*g] >= 0 && idx[2*g+1] > idx[2*g] {
					group = g
					break
				}
			}
		}
		if group > 0 {
			if idx[2*group] < 0 {
				secret = ""
			} else {
				secret, offset = matchText[idx[2*group]:idx[2*group+1]], idx[2*group]
			}
		}
	}
	if cr.Entropy != 0 && shannonEntropy(secret) <= cr.Entropy {
		return
	}
	if m.placeholder(cr, secret) || m.inExampleURL(cr, start+offset, start+offset+len(secret)) {
		if m.p.capLines { // a scan, not Scrub
			line, _ := m.lines.position(start + offset)
			m.p.placeholder(line, secret)
		}
		return
	}
	lineText := m.lineAround(start, end)
	if rule.NamedGeneric(cr.RuleID) && notGenericKey(m.path, matchText[:offset], secret, lineText) {
		return
	}
	matchLine, _ := m.lines.position(start)
	if m.p.capLines {
		if m.perLine == nil {
			m.perLine = map[int]int{}
		}
		if m.perLine[matchLine] >= MaxFindingsPerLine {
			m.p.overCap++
			return
		}
		m.perLine[matchLine]++
	}
	dropped := m.skippedBy
	a, kind := m.allowedBy(m.e.global, secret, matchText)
	if a == nil {
		a, kind = m.allowedBy(cr.Allowlists, secret, matchText)
	}
	if a != nil {
		dropped = AllowlistKey(m.e.origin(a), kind)
	}

	// Point at the secret itself, not at the start of the match: that is where
	// the fix goes.
	at := start + offset
	line, col := m.lines.position(at)
	endLine, endCol := m.lines.position(at + len(secret))
	m.found = append(m.found, candidate{
		Finding:   m.e.newFinding(cr, m.path, secret, line, col, endLine, endCol),
		matchLine: matchLine,
		allowed:   allowmark.In(lineText),
		droppedBy: dropped,
	})
}

// placeholder reports whether a rule's matched secret is dropped as a
// placeholder: in a file the rule names as a credential file, only a
// structural placeholder is; elsewhere, anything placeholder.Is judges one.
func (m *matcher) placeholder(cr *contentRule, secret string) bool {
	if cr.meta.CredentialFiles != nil && cr.meta.CredentialFiles.MatchString(m.path) {
		return placeholder.IsStructural(secret)
	}
	return placeholder.Is(placeholderTarget(secret))
}

// lineAround returns the full lines holding content[start:end], with the
// newline before them as gitleaks includes it, for line-targeted allowlists
// and inline markers.
func (m *matcher) lineAround(start, end int) string {
	from := m.lines.start(m.lines.line(start))
	if from > 0 {
		from--
	}
	to := m.lines.end(m.lines.line(max(start, end-1)))
	if to > from && to <= len(m.content) && m.content[to-1] == '\n' {
		to--
	}
	if from != m.aroundFrom || to != m.aroundTo || m.around == "" {
		m.aroundFrom, m.aroundTo, m.around = from, to, string(m.content[from:to])
		clear(m.aroundAllowed)
	}
	return m.around
}

// lineAllowed reports whether allowlist a's regexes match the line around
// the current match (see lineAround), asking them once per line.
func (m *matcher) lineAllowed(a *glconfig.Allowlist) bool {
	ok, seen := m.aroundAllowed[a]
	if !seen {
		ok = m.e.regexAllowed(a, m.around)
		if m.aroundAllowed == nil {
			m.aroundAllowed = map[*glconfig.Allowlist]bool{}
		}
		m.aroundAllowed[a] = ok
	}
	return ok
}

// shannonEntropy is the entropy in bits per character, as gitleaks computes it.
func shannonEntropy(s string) float64 {
	if s == "" {
		return 0
	}
	counts := map[rune]int{}
	for _, r := range s {
		counts[r]++
	}
	n := float64(len(s))
	var h float64
	for _, c := range counts {
		p := float64(c) / n
		h -= p * math.Log2(p)
	}
	return h
}
