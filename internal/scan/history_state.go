package scan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// HistoryState is what an incremental history scan (--since-state)
// remembers between runs: the commits whose whole ancestry a complete scan
// read, as the tips it started from, and what makes those reads still
// valid (see docs/architecture.md, "Incremental history").
type HistoryState struct {
	// Format is HistoryStateFormat; a state of another format is an error.
	Format int `json:"tightlip_history_state"`
	// Rules is the digest of the rules and settings the scans used
	// (Options.RulesDigest); a state with another digest is not
	// used: every commit is scanned again.
	Rules string `json:"rules"`
	// Roots are the root commits of the history scanned: the repository's
	// identity. A state none of whose roots this repository holds is
	// another repository's.
	Roots []string `json:"roots"`
	// Tips are the commits the refs pointed to: everything reachable from
	// them was scanned.
	Tips []string `json:"tips"`
	// Commits counts the commits the scans that built this state read,
	// for the summary's note (refs deleted since make it an upper bound).
	Commits int `json:"commits"`
}

// HistoryStateFormat is the format HistoryState writes and reads.
const HistoryStateFormat = 1

// MaxHistoryStateSize bounds the read of a state file: 40 bytes of a hash
// per tip, so this holds about a million refs.
const MaxHistoryStateSize = 64 << 20

// ParseHistoryState reads a state file's content. Everything in it is
// checked (format, hashes, counts); the error says what is wrong and never
// quotes the content.
func ParseHistoryState(data []byte) (*HistoryState, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s HistoryState
	if err := dec.Decode(&s); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, fmt.Errorf("not a tightlip history state: invalid JSON at byte %d", se.Offset)
		case errors.As(err, &te):
			return nil, fmt.Errorf("not a tightlip history state: field %q has the wrong type", te.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return nil, errors.New("not a tightlip history state: unknown field")
		}
		return nil, errors.New("not a tightlip history state: invalid JSON")
	}
	if dec.More() {
		return nil, errors.New("not a tightlip history state: more than one JSON value")
	}
	switch {
	case s.Format == 0:
		return nil, errors.New("not a tightlip history state: no tightlip_history_state format number")
	case s.Format != HistoryStateFormat:
		return nil, fmt.Errorf("history state format %d: this tightlip reads format %d (delete the file to scan the whole history again)", s.Format, HistoryStateFormat)
	case s.Rules == "":
		return nil, errors.New("history state: no rules digest")
	case len(s.Rules) > 128:
		return nil, errors.New("history state: rules digest too long")
	case s.Commits < 0 || s.Commits > 1<<40:
		return nil, errors.New("history state: commit count out of range")
	}
	for _, list := range [][]string{s.Roots, s.Tips} {
		for i, h := range list {
			if !isFullHash(h) {
				return nil, fmt.Errorf("history state: entry %d is not a full commit hash", i+1)
			}
		}
	}
	return &s, nil
}

// Marshal returns the state as written to its file.
func (s *HistoryState) Marshal() []byte {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		// Strings, ints and lists of strings always marshal.
		panic(err)
	}
	return append(data, '\n')
}

func isFullHash(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func commitHashes(list []string) []plumbing.Hash {
	out := make([]plumbing.Hash, len(list))
	for i, s := range list {
		out[i] = plumbing.NewHash(s)
	}
	return out
}

func hashStrings(list []plumbing.Hash) []string {
	out := make([]string, len(list))
	for i, h := range list {
		out[i] = h.String()
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// since decides which of the state's tips a scan may leave out: the ones
// the repository still holds, when the state is this repository's and was
// made with the same rules. Anything else means scanning more, never less,
// and a note says why.
func (g *gitScan) since(repo *gitrepo.Repo) (hidden []plumbing.Hash) {
	s, name := g.opts.Since, g.opts.SinceName
	if s == nil {
		return nil
	}
	if s.Rules != g.opts.RulesDigest {
		g.sum.Notes = append(g.sum.Notes, fmt.Sprintf(
			"history state %s was written with other rules, settings or tightlip version: every commit scanned again", name))
		return nil
	}
	rootKnown := len(s.Roots) == 0
	for _, r := range commitHashes(s.Roots) {
		if repo.HasCommit(r) {
			rootKnown = true
			break
		}
	}
	if !rootKnown {
		g.sum.Notes = append(g.sum.Notes, fmt.Sprintf(
			"history state %s is another repository's (this one holds none of its root commits): every commit scanned again", name))
		return nil
	}
	gone := 0
	for _, t := range commitHashes(s.Tips) {
		if repo.HasCommit(t) {
			hidden = append(hidden, t)
		} else {
			gone++
		}
	}
	if gone > 0 {
		g.sum.Notes = append(g.sum.Notes, fmt.Sprintf(
			"history state %s: %d of its %d commits are no longer in the repository (history rewritten, or garbage collected): what they reached is scanned again unless another recorded commit reaches it",
			name, gone, len(s.Tips)))
	}
	if len(hidden) > 0 {
		g.known = s
	}
	return hidden
}

// state is the state to write after this scan, or nil when it must not
// advance: a scan that did not read everything, or a truncated history,
// leaves the old state as it was.
func (g *gitScan) state(tips []plumbing.Hash, truncated bool) *HistoryState {
	if !g.opts.Remember || g.sum.Incomplete || truncated {
		return nil
	}
	s := &HistoryState{Format: HistoryStateFormat, Rules: g.opts.RulesDigest, Tips: hashStrings(tips), Commits: len(g.commits)}
	var roots []plumbing.Hash
	for i := range g.commits {
		if len(g.commits[i].ParentTrees) == 0 {
			roots = append(roots, g.commits[i].Hash)
		}
	}
	s.Roots = hashStrings(roots)
	if g.known != nil {
		s.Roots = slices.Compact(slices.Sorted(slices.Values(append(s.Roots, g.known.Roots...))))
		s.Commits += g.known.Commits
	}
	if s.Roots == nil {
		s.Roots = []string{}
	}
	return s
}
