// Package detect matches content against the catalogue's regex rules
// (gitleaks' defaults, tightlip's own and a user's) and turns matches into
// findings.
//
// It keeps gitleaks' rule semantics (keywords, secretGroup, entropy, path,
// allowlists, stopwords, gitleaks:allow) and changes how the work is done: one
// case-folded Aho-Corasick pass finds every keyword in a file, and each rule's
// regex then runs only on the few lines around its keywords' hits, as far as
// the regex can reach (see newlineReach), instead of over the whole file.
package detect

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/coregx/ahocorasick"
	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// Engine matches content. It is safe for concurrent use.
type Engine struct {
	catalogue *rule.Catalogue
	global    []*glconfig.Allowlist
	rules     []*contentRule // rules with a regex, in catalogue order
	pathOnly  []*contentRule // rules that match a file name alone
	// keywords finds every keyword in lowercased text; nil when no rule
	// has one.
	keywords *ahocorasick.Automaton
	// byKeyword[i] lists the rules (indexes into rules) gated by keyword i.
	byKeyword [][]int
	// always lists rules without keywords: they see every file.
	always []int
	bufs   sync.Pool
	// maxDecodeDepth is how many rounds of base64/hex/percent/unicode
	// decoding are searched for encoded secrets (see decode.go).
	maxDecodeDepth int
	// paths holds the global allowlists' path patterns, for PathAllowed.
	paths pathFilter
	// origins names each allowlist, for counting what it drops.
	origins map[*glconfig.Allowlist]contentrules.Origin
	// set is what the engine was built from, for LongReach.
	set *contentrules.Set
	// allowFilters holds each allowlist's *allowFilter, made on first use.
	allowFilters sync.Map
	// everyRule reports what each rule matched, one secret matched by
	// several rules included (see mergeSameSecret): for tests that judge
	// rules one by one.
	everyRule bool
}

// Options tune an engine.
type Options struct {
	// MaxDecodeDepth bounds recursive decoding of encoded text, as gitleaks'
	// --max-decode-depth does; 0 turns decoding off.
	MaxDecodeDepth int
}

// DefaultMaxDecodeDepth is gitleaks' default.
const DefaultMaxDecodeDepth = 5

type contentRule struct {
	glconfig.Rule
	meta rule.Rule
	// planned is how the engine searches with the regex; see plan.
	planned  *regexPlan
	planOnce sync.Once
}

// plan returns how the engine searches with the rule's regex, derived on
// first use: a scan meets the keywords of few rules, and deriving every
// rule's plan up front was a sixth of tightlip's start-up.
func (cr *contentRule) plan() *regexPlan {
	cr.planOnce.Do(func() { cr.planned = planFor(cr.Regex.String(), cr.Keywords) })
	return cr.planned
}

// Result is what Detect found in one file.
type Result struct {
	Findings []finding.Finding
	// Suppressed counts matches dropped by a tightlip:allow or
	// gitleaks:allow comment on their line.
	Suppressed int
	// Allowlisted counts matches dropped by an allowlist, keyed by the
	// allowlist's origin and what in it matched, such as
	// `.tightlip.toml: [[allowlists]] #1 (regexes)` (see AllowlistKey); nil
	// when none was. Only matches that would otherwise have been reported
	// count: not placeholders, not generic matches a specific rule shadows.
	Allowlisted map[string]int
	// OverLineCap counts matches beyond MaxFindingsPerLine on one line:
	// not reported, not checked against allowlists, only counted.
	OverLineCap int
	// Placeholders counts the values dropped as placeholders
	// (<your-api-key>, changeme, ${VAR} …): each value on a line once,
	// however many rules matched it.
	Placeholders int
}

// MaxFindingsPerLine bounds the matches kept on one line (all rules
// together); the rest are counted in Result.OverLineCap. A line holding
// thousands of matches is generated data, and every match costs work
// proportional to its line: without a cap, such a line costs time
// quadratic in its length.
const MaxFindingsPerLine = 100

// pass is the state of one Detect: what stops it, and what it counted.
type pass struct {
	ctx context.Context // nil: never stops
	// capLines applies MaxFindingsPerLine; Scrub, which must find every
	// secret in a short text, does not.
	capLines bool
	overCap  int
	// placeholders holds each placeholder value dropped, with its line.
	placeholders map[placeholderAt]bool
	stopped      bool
	// searched counts the bytes handed to regex searches: tests check it
	// grows linearly with the input.
	searched int
}

// placeholderAt is a placeholder value and the line it starts on.
type placeholderAt struct {
	line  int
	value string
}

// placeholder records a value dropped as a placeholder.
func (p *pass) placeholder(line int, value string) {
	if p.placeholders == nil {
		p.placeholders = map[placeholderAt]bool{}
	}
	p.placeholders[placeholderAt{line, value}] = true
}

// done reports whether the pass must stop: its context is done.
func (p *pass) done() bool {
	if !p.stopped && p.ctx != nil && p.ctx.Err() != nil {
		p.stopped = true
	}
	return p.stopped
}

// AllowlistKey is the key under which Result.Allowlisted counts what an
// allowlist dropped, and how: "NAME (regexes)".
func AllowlistKey(o contentrules.Origin, kind string) string {
	return o.Name + " (" + kind + ")"
}

// New builds an engine for a rule set with default options.
func New(set *contentrules.Set) *Engine {
	return NewWithOptions(set, Options{MaxDecodeDepth: DefaultMaxDecodeDepth})
}

// NewWithOptions builds an engine for a rule set.
func NewWithOptions(set *contentrules.Set, opts Options) *Engine {
	e := &Engine{
		catalogue: set.Catalogue, global: set.Content.Allowlists, maxDecodeDepth: opts.MaxDecodeDepth,
		paths: newPathFilter(set.Content.Allowlists), origins: set.Origins, set: set,
	}
	kwIndex := map[string]int{}
	var kws []string
	ids := slices.Clone(set.Content.OrderedRules)
	slices.Sort(ids)
	for _, id := range ids {
		r := set.Content.Rules[id]
		meta, _ := set.Catalogue.Lookup(id)
		cr := &contentRule{Rule: r, meta: meta}
		if r.Regex == nil {
			if r.Path != nil {
				e.pathOnly = append(e.pathOnly, cr)
			}
			continue
		}
		idx := len(e.rules)
		e.rules = append(e.rules, cr)
		if len(r.Keywords) == 0 || slices.Contains(r.Keywords, "") {
			// An empty keyword is in every text, as gitleaks reads it.
			e.always = append(e.always, idx)
			continue
		}
		for _, k := range r.Keywords {
			k = strings.ToLower(k)
			ki, ok := kwIndex[k]
			if !ok {
				ki = len(kws)
				kwIndex[k] = ki
				kws = append(kws, k)
				e.byKeyword = append(e.byKeyword, nil)
			}
			if !slices.Contains(e.byKeyword[ki], idx) {
				e.byKeyword[ki] = append(e.byKeyword[ki], idx)
			}
		}
	}
	if len(kws) > 0 {
		// Only an empty list or an empty pattern fails, and neither is
		// passed.
		e.keywords, _ = ahocorasick.NewBuilder().AddStrings(kws).Build()
	}
	return e
}

// regexPlan is how an engine searches with one rule's regex: what
// planFor derives from the regex and its keywords alone.
type regexPlan struct {
	// reach is how many newlines a match can span (or unbounded).
	reach int
	// whole means the regex must see the whole file: its reach is
	// unbounded, or its matches need not contain a keyword.
	whole bool
	// cut holds the regex for windows cut out of a file when it uses ^ or $
	// (see textAnchored); nil when the rule has neither.
	cut func(k int) *regexp.Regexp
	// anchor, when set, replaces windows: the regex is tried at keyword hits.
	anchor *anchor
}

type planKey struct {
	expr     string
	keywords string // the keywords, each quoted: a keyword's own bytes cannot fake a boundary
}

// plans holds every regexPlan built in this process. Deriving them (parsing
// and walking each regex, skeletons, reach) is most of an engine's cost, a
// few tenths of a second for the defaults, and a run builds several
// engines from the same rules: the scan's, the report redactor's, the
// analyzers'. A plan is read-only once built (its compiled regexes are
// built on first use, each behind a sync.OnceValue or sync.Map), so
// engines share it. The key is the regex's text with its keywords; the
// map holds at most the distinct rules one process loads.
var plans sync.Map // planKey → *regexPlan

// planFor returns the plan for a rule with regex expr and keywords,
// built once per process.
func planFor(expr string, keywords []string) *regexPlan {
	key := planKey{expr, fmt.Sprintf("%q", keywords)}
	if p, ok := plans.Load(key); ok {
		return p.(*regexPlan)
	}
	p := &regexPlan{reach: newlineReach(expr)}
	p.whole = p.reach == unbounded
	if v, ok := textAnchored(expr); ok {
		p.cut = v
	}
	p.anchor = newAnchor(expr, keywords)
	if p.anchor == nil && len(keywords) > 0 && !keywordInMatch(expr, keywords) {
		// A keyword anywhere in the file lets the regex match anywhere.
		p.whole = true
	}
	actual, _ := plans.LoadOrStore(key, p)
	return actual.(*regexPlan)
}

// NewDefault builds an engine with the built-in rules: gitleaks' defaults and
// tightlip's own. Its catalogue holds those content rules only; a scan
// that reports the Go analyzers' findings builds its engine with New from
// rules.Build, whose catalogue holds every rule.
func NewDefault() (*Engine, error) {
	set, err := contentrules.Build(nil)
	if err != nil {
		return nil, err
	}
	return New(set), nil
}

// MaxReach returns the most newlines a match can span, over the rules whose
// matches span at most limit: an edit's changed lines widened by that many
// on each side hold every match of those rules that touches them.
func (e *Engine) MaxReach(limit int) int {
	most := 0
	for _, cr := range e.rules {
		if r := cr.plan().reach; r != unbounded && r <= limit {
			most = max(most, r)
		}
	}
	return most
}

// Catalogue returns the catalogue the engine reports through.
func (e *Engine) Catalogue() *rule.Catalogue { return e.catalogue }

// PathAllowed reports whether a global allowlist excludes path, so a source
// can skip the file without reading it.
func (e *Engine) PathAllowed(path string) bool {
	return e.paths.by(path) != nil
}

// PathAllowedBy is PathAllowed that also says which allowlist excludes the
// path, so a source can count the skip under it.
func (e *Engine) PathAllowedBy(path string) (contentrules.Origin, bool) {
	a := e.paths.by(path)
	if a == nil {
		return contentrules.Origin{}, false
	}
	return e.origin(a), true
}

// origin names an allowlist; one the rule set did not name (a set built
// by hand) is just "allowlist".
func (e *Engine) origin(a *glconfig.Allowlist) contentrules.Origin {
	if o, ok := e.origins[a]; ok {
		return o
	}
	return contentrules.Origin{Name: "allowlist"}
}

// Scan returns the findings in one file's content; path is the slash path
// relative to the scanned root and is matched by path rules and allowlists.
func (e *Engine) Scan(path string, content []byte) []finding.Finding {
	return e.Detect(path, content).Findings
}

type scratch struct {
	lower []byte
	nl    []int
	hits  [][]int // per rule: offsets of keyword hits
	// pathOK says, per rule with a path, whether this file's path is one
	// it reads: 0 not yet asked, 1 yes, -1 no. It is asked at the rule's
	// first keyword hit, so that a rule scoped to .netrc files collects no
	// hits of common keywords (password, key) in every other file.
	pathOK []int8
}

// Detect is Scan with the count of suppressed matches.
func (e *Engine) Detect(path string, content []byte) Result {
	res, _ := e.DetectContext(context.Background(), path, content)
	return res
}

// DetectContext is Detect that stops when ctx is done, checked between
// rules and between the regions a rule searches (a single regex search is
// not interrupted). stopped reports that it did: the result then holds
// what was found before, and the file was not searched in full.
func (e *Engine) DetectContext(ctx context.Context, path string, content []byte) (res Result, stopped bool) {
	if e.PathAllowed(path) {
		return Result{}, false
	}
	p := &pass{ctx: ctx, capLines: true}
	if ctx.Done() == nil {
		p.ctx = nil // never done: no need to ask
	}
	cands := e.candidates(p, path, content)
	if e.maxDecodeDepth > 0 && !p.done() {
		cands = append(cands, e.decodedCandidates(p, path, content)...)
	}
	res = e.result(content, cands)
	res.OverLineCap = p.overCap
	// A value one rule dropped as a placeholder but another matched (a
	// credential file's rule finds the admin a generic rule drops) is
	// counted where it went, not also as a placeholder.
	for _, c := range cands {
		delete(p.placeholders, placeholderAt{c.Line, c.Secret})
	}
	res.Placeholders = len(p.placeholders)
	return res, p.done()
}

// result turns candidates into findings and counts.
func (e *Engine) result(content []byte, cands []candidate) Result {
	var res Result
	for _, c := range e.mergeSameSecret(dropShadowedGeneric(cands)) {
		switch {
		case c.droppedBy != "":
			if res.Allowlisted == nil {
				res.Allowlisted = map[string]int{}
			}
			res.Allowlisted[c.droppedBy]++
		case c.allowed:
			res.Suppressed++
		default:
			res.Findings = append(res.Findings, c.Finding)
		}
	}
	reportPositions(content, res.Findings)
	nameHosts(res.Findings)
	// One file: finding.Compare orders by line, column and rule.
	slices.SortStableFunc(res.Findings, finding.Compare)
	finding.Identify(res.Findings, secretOf)
	return res
}

// candidates runs every rule over content as it is, without decoding.
func (e *Engine) candidates(p *pass, path string, content []byte) []candidate {
	var found []candidate
	for _, cr := range e.pathOnly {
		if !cr.Path.MatchString(path) {
			continue
		}
		c := candidate{Finding: e.newFinding(cr, path, "", 1, 1, 1, 1), matchLine: 1}
		if a := ruleSkipsPath(cr, path); a != nil {
			o := e.origin(a)
			if o.BuiltIn {
				continue
			}
			c.droppedBy = AllowlistKey(o, "paths")
		}
		found = append(found, c)
	}

	s, _ := e.bufs.Get().(*scratch)
	if s == nil {
		s = &scratch{hits: make([][]int, len(e.rules)), pathOK: make([]int8, len(e.rules))}
	}
	defer e.bufs.Put(s)
	for i := range s.hits {
		s.hits[i] = s.hits[i][:0]
	}
	clear(s.pathOK)
	reads := func(ri int) bool {
		cr := e.rules[ri]
		if cr.Path == nil {
			return true
		}
		if s.pathOK[ri] == 0 {
			s.pathOK[ri] = -1
			if cr.Path.MatchString(path) {
				s.pathOK[ri] = 1
			}
		}
		return s.pathOK[ri] > 0
	}
	any := len(e.always) > 0
	if e.keywords != nil {
		s.lower = lowerASCII(s.lower, content)
		for _, kw := range e.keywords.FindAllOverlapping(s.lower) {
			for _, ri := range e.byKeyword[kw.PatternID] {
				if !reads(ri) {
					continue
				}
				s.hits[ri] = append(s.hits[ri], kw.Start)
				any = true
			}
		}
	}
	if !any {
		return found
	}
	for ri, h := range s.hits {
		// Hits come by where they end; rules take them by where they start.
		// Several keywords of a rule often hit at one offset: one entry is
		// enough.
		if len(h) > 1 {
			slices.Sort(h)
			s.hits[ri] = slices.Compact(h)
		}
	}
	for _, ri := range e.always {
		s.hits[ri] = append(s.hits[ri][:0], 0)
	}

	lines := newLineIndex(content, s.nl)
	s.nl = lines.nl
	m := matcher{e: e, p: p, path: path, content: content, lines: lines, found: found}
	for ri, hits := range s.hits {
		if len(hits) == 0 {
			continue
		}
		if p.done() {
			break
		}
		cr := e.rules[ri]
		if !reads(ri) {
			continue
		}
		// A user's allowlist that skips the rule for this path still lets
		// it run, so that what it hides is counted; the built-in ones skip
		// unseen, as they always did.
		m.skippedBy = ""
		if a := ruleSkipsPath(cr, path); a != nil {
			o := e.origin(a)
			if o.BuiltIn {
				continue
			}
			m.skippedBy = AllowlistKey(o, "paths")
		}
		switch {
		case slices.Contains(e.always, ri):
			m.run(cr, 0, len(content))
		case cr.plan().anchor != nil:
			m.anchored(cr, hits)
		case cr.plan().whole:
			m.run(cr, 0, len(content))
		default:
			m.windows(cr, hits)
		}
	}
	return m.found
}

// lowerASCII folds ASCII letters only, so byte offsets stay those of the
// original content (keywords are ASCII).
func lowerASCII(dst, src []byte) []byte {
	dst = slices.Grow(dst[:0], len(src))[:len(src)]
	for i, c := range src {
		dst[i] = lowerByte(c)
	}
	return dst
}

// newFinding fills a finding's rule fields from the catalogue.
func (e *Engine) newFinding(cr *contentRule, path, secret string, line, col, endLine, endCol int) finding.Finding {
	msg := cr.meta.Short
	if msg == "" {
		msg = cr.Description
	}
	return finding.Finding{
		RuleID:    cr.RuleID,
		Category:  cr.meta.Category,
		Severity:  cr.meta.Severity,
		Message:   msg,
		File:      path,
		Line:      line,
		Column:    col,
		EndLine:   endLine,
		EndColumn: endCol,
		Secret:    secret,
	}
}

// dropShadowedGeneric removes the finding of a rule named generic
// (rule.NamedGeneric) when a specific rule found a secret containing it
// in a match that starts on the same line, as gitleaks does.
// Only matches no allowlist dropped shadow others, as only they did before
// dropped ones were kept for counting; a dropped generic match is not
// counted when any specific match shadows it, as it would not have been
// reported either.
func dropShadowedGeneric(cs []candidate) []candidate {
	// Only candidates on one line compare: index the specific ones by
	// line, so that many findings cost time linear in their number.
	specific := map[int][]int{}
	for i, c := range cs {
		if !rule.NamedGeneric(c.RuleID) {
			specific[c.matchLine] = append(specific[c.matchLine], i)
		}
	}
	out := make([]candidate, 0, len(cs))
	for _, c := range cs {
		if !rule.NamedGeneric(c.RuleID) || !shadowed(c, cs, specific[c.matchLine], c.droppedBy != "") {
			out = append(out, c)
		}
	}
	return out
}

// shadowed reports whether a specific match (of those at the indexes on,
// all on c's line) shadows c; dropped ones count only when byDropped is
// set.
func shadowed(c candidate, all []candidate, on []int, byDropped bool) bool {
	for _, i := range on {
		o := all[i]
		if o.droppedBy != "" && !byDropped {
			continue
		}
		if o.matchLine == c.matchLine && o.RuleID != c.RuleID && strings.Contains(o.Secret, c.Secret) && !rule.NamedGeneric(o.RuleID) {
			return true
		}
	}
	return false
}

// secretOf is what tells a content rule's findings in one file apart: the
// secret alone, even for a rule that matches a file name (whose findings
// have none), so that each repeated secret keeps its own identity (and so
// its own fingerprint), numbered by finding.Identify.
func secretOf(f finding.Finding) string { return f.Secret }

// regexFor returns the rule's regex for a search over content[from:to] of a
// file of length n.
func (cr *contentRule) regexFor(from, to, n int) *regexp.Regexp {
	if cr.plan().cut == nil {
		return cr.Regex
	}
	k := 0
	if from == 0 {
		k |= 1
	}
	if to == n {
		k |= 2
	}
	return cr.plan().cut(k)
}
