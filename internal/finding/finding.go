// Package finding defines the one value every tightlip source produces and
// every report consumes.
package finding

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/tightlip/tightlip/internal/rule"
)

// Finding is one reported problem.
type Finding struct {
	RuleID   string
	Category rule.Category
	Severity rule.Severity
	Message  string

	// File is a slash path relative to the scanned root ("-" for stdin).
	File string
	// Line and Column are 1-based. Lines break at "\n", "\r\n" and a lone
	// "\r", as editors break them; Column counts Unicode code points (SARIF's
	// unicodeCodePoints), in every report format. EndLine/EndColumn close
	// the region (EndColumn exclusive, as SARIF wants).
	Line, Column       int
	EndLine, EndColumn int

	// Secret is the matched secret in full. Reports redact it unless told
	// otherwise; nothing else may print it.
	Secret string

	// Identity tells the finding apart from every other across runs and
	// line moves: see IdentityOf. It is never printed, since it is an
	// unkeyed hash from which a short secret could be guessed.
	Identity string
	// Fingerprint is what reports and baselines show of Identity: its
	// keyed hash (see Fingerprinter).
	Fingerprint string

	// Git provenance; empty for working-tree scans.
	Commit  string
	Author  string
	Email   string
	Date    time.Time
	Subject string

	// Entries lists what a finding that stands for several things names
	// one by one: for gitignore-missing, every entry its .gitignore lacks.
	Entries []string
	// Also lists the other rules that matched the same secret at the same
	// place; the finding's own rule is the most specific of them.
	Also []string

	// Related are other places the finding points at: for secret-reused,
	// the other files that hold the same secret.
	Related []Location

	// Context is ContextTest for a finding in test code or a fixture
	// (see IsTestPath), ContextExample for one in an example or sample
	// (see IsExamplePath), else empty.
	Context string

	// Fix, when set, is a change that resolves the finding; SARIF reports
	// carry it and `tightlip scan --fix` applies it.
	Fix *Fix
}

// Location is a place in a scanned file, for a finding that points at
// others (SARIF's relatedLocations).
type Location struct {
	// File is a slash path relative to the scanned root.
	File         string
	Line, Column int
}

// Fix is a change that resolves a finding: SARIF's fix object. It inserts
// text, or replaces a few bytes it names exactly (the scheme of a URL
// literal), because an automatic fix must never delete or reorder what the
// user wrote.
type Fix struct {
	// Description says what the fix does ("Add .env to .gitignore").
	Description string
	// Inserts are the changes, in the order they apply.
	Inserts []Insert
	// Replaces are the replacements, each of bytes the scan read.
	Replaces []Replace
}

// Replace swaps the bytes Old, at one place of a file as it was scanned,
// for Text. Whoever applies it must find the file as it was (Digest) and
// Old where it was.
type Replace struct {
	// File is a slash path relative to the scanned root.
	File string
	// Line and Column (1-based, counted as Finding's are) and Offset
	// (0-based, in bytes) name where Old starts; EndLine and EndColumn
	// where it ends (exclusive).
	Line, Column       int
	EndLine, EndColumn int
	Offset             int64
	// Old is the text replaced, exactly as it is in the file; Text what
	// replaces it.
	Old, Text string
	// Digest is the SHA-256 of the whole file as scanned, in hex.
	Digest string
}

// Insert adds Text at one point of a file, as the file was when scanned.
type Insert struct {
	// File is a slash path relative to the scanned root. It need not exist:
	// an insert at offset 0 of a missing file creates it.
	File string
	// Line and Column (1-based, counted as Finding's are) and Offset
	// (0-based, in bytes) all name the insertion point, for consumers that
	// count either.
	Line, Column int
	Offset       int64
	// Text is inserted as is, already in the file's line endings.
	Text string
}

// IdentityOf is a finding's identity, stable under edits that move the
// line: it hashes the rule, the file and the secret (or whatever else tells
// findings of one rule in one file apart), plus the occurrence number of
// that text for that rule in that file (0 for the first), so two equal keys
// in one file stay two. It is unkeyed: only Fingerprinter's keyed hash of
// it may be printed.
func IdentityOf(ruleID, file, text string, occurrence int) string {
	h := sha256.New()
	for _, part := range []string{ruleID, file, text} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	h.Write([]byte{byte(occurrence), byte(occurrence >> 8), byte(occurrence >> 16)})
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Redact keeps a short prefix of a secret and hides the rest: at most four
// characters, and never more than a quarter of the secret.
func Redact(secret string) string {
	r := []rune(secret)
	keep := len(r) / 4
	if keep > 4 {
		keep = 4
	}
	return string(r[:keep]) + "…"
}

// RedactAll returns text with every occurrence of each secret shortened by
// Redact, longest secrets first so that a secret inside another does not
// leave part of the longer one shown.
func RedactAll(text string, secrets []string) string {
	if len(secrets) == 0 || text == "" {
		return text
	}
	sorted := slices.Clone(secrets)
	slices.SortFunc(sorted, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	for _, s := range slices.Compact(sorted) {
		if s != "" && strings.Contains(text, s) {
			text = strings.ReplaceAll(text, s, Redact(s))
		}
	}
	return text
}
