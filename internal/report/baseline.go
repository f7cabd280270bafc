package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/safefile"
)

// Baseline is the set of findings an earlier JSON report recorded. A team
// adopting tightlip on an old codebase saves one report as the baseline;
// later scans then report only findings that are not in it. Findings are
// matched by fingerprint, which survives edits that move the line, and
// which only a scan with the same fingerprint key reproduces.
type Baseline struct {
	path         string
	fingerprints map[string]bool
	// keySource and keyID are the summary's record of the fingerprint key.
	keySource finding.KeySource
	keyID     string
}

// MaxBaselineSize bounds a baseline file: a report of a million findings
// fits; a larger file, or a device behind a link, is refused unread.
const MaxBaselineSize = 256 * safefile.MiB

// LoadBaseline reads a report written with --format json. A file that is
// missing, not JSON, or not shaped like that report is an error naming the
// file: a baseline that silently matched nothing would let every old
// finding fail the build, and one that silently matched everything would
// hide new ones. For the same reason CheckKey refuses a baseline whose
// fingerprints were made with another key than the scan's.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := safefile.ReadPath(path, MaxBaselineSize)
	var refused *safefile.RefusedError
	if errors.As(err, &refused) {
		return nil, fmt.Errorf("baseline %w", err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("baseline %s: no such file (create it with: tightlip scan --format json -o %s)", path, path)
	}
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}

	// Only the fingerprints matter; pointers tell a missing field from an
	// empty one.
	var doc struct {
		Findings *[]struct {
			Fingerprint *string `json:"fingerprint"`
		} `json:"findings"`
		Summary struct {
			FingerprintKey   finding.KeySource `json:"fingerprint_key"`
			FingerprintKeyID string            `json:"fingerprint_key_id"`
		} `json:"summary"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("baseline %s: not a tightlip JSON report: %s", path, describeJSONError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("baseline %s: not a tightlip JSON report: unexpected data after the report object", path)
	}
	if doc.Findings == nil {
		return nil, fmt.Errorf(`baseline %s: not a tightlip JSON report: no "findings" array`, path)
	}

	b := &Baseline{
		path: path, fingerprints: make(map[string]bool, len(*doc.Findings)),
		keySource: doc.Summary.FingerprintKey, keyID: doc.Summary.FingerprintKeyID,
	}
	for i, f := range *doc.Findings {
		if f.Fingerprint == nil || *f.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: finding %d has no fingerprint", path, i+1)
		}
		b.fingerprints[*f.Fingerprint] = true
	}
	return b, nil
}

// CheckKey refuses a baseline made with another fingerprint key than fp,
// the scan's, or by a tightlip that did not key fingerprints: none of its
// fingerprints could match, and every old finding would be new again. A
// baseline without findings matches nothing with any key.
func (b *Baseline) CheckKey(fp finding.Fingerprinter) error {
	if b == nil || len(b.fingerprints) == 0 || b.keyID == fp.KeyID() {
		return nil
	}
	if b.keyID == "" {
		return fmt.Errorf("baseline %s has no fingerprint key: it was made by a tightlip older than keyed fingerprints, so none of its fingerprints can match; make it again with: tightlip scan --format json -o %s", b.path, b.path)
	}
	return fmt.Errorf("baseline %s was made with another fingerprint key (%s) than this scan's (%s), so none of its fingerprints can match; scan with the key it was made with, or make it again with: tightlip scan --format json -o %s",
		b.path, describeKey(b.keySource), describeKey(fp.Source()), b.path)
}

// describeKey says where a key came from, in the user's terms.
func describeKey(s finding.KeySource) string {
	switch s {
	case finding.KeyEnv:
		return "TIGHTLIP_FINGERPRINT_KEY"
	case finding.KeyRepository:
		return "derived from the repository's root commit"
	case finding.KeyNone:
		return "no key: not a git repository, or a shallow clone without its root commit"
	}
	return fmt.Sprintf("unknown key source %q", s)
}

// describeJSONError says where the fault is, in the file's terms rather
// than in terms of the Go type it was decoded into.
func describeJSONError(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("%v (at byte %d)", err, syn.Offset)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		where := typ.Field
		if where == "" {
			where = "the top level"
		}
		return fmt.Sprintf("unexpected JSON %s at %s (at byte %d)", typ.Value, where, typ.Offset)
	}
	if errors.Is(err, io.EOF) {
		return "the file is empty"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends in the middle of the JSON (truncated?)"
	}
	return err.Error()
}

// Contains reports whether the baseline holds a finding with this
// fingerprint. A nil Baseline holds nothing, so callers need no check when
// no baseline was given.
func (b *Baseline) Contains(fingerprint string) bool {
	return b != nil && b.fingerprints[fingerprint]
}

// Filter returns the findings not in the baseline, and how many it dropped
// (for the summary's Suppressed["baseline"]).
func (b *Baseline) Filter(fs []finding.Finding) (kept []finding.Finding, dropped int) {
	kept = make([]finding.Finding, 0, len(fs))
	for _, f := range fs {
		if b.Contains(f.Fingerprint) {
			dropped++
			continue
		}
		kept = append(kept, f)
	}
	return kept, dropped
}
