package finding

import "time"

// Summary is what a scan reports besides its findings: how much it read and
// what it could not or would not read, so nothing is skipped silently.
type Summary struct {
	// Root is the scanned path as given by the user.
	Root string
	// FilesScanned and BytesScanned count the content that went through the
	// rules.
	FilesScanned int
	BytesScanned int64
	// Skipped counts files not scanned, by reason ("binary", "too large", ...).
	Skipped map[string]int
	// Problems are per-file errors that did not stop the scan, each naming the
	// file and the cause ("config.yml: permission denied").
	Problems []string
	// Suppressed counts findings dropped by an inline allow comment or the
	// baseline, by reason.
	Suppressed map[string]int
	Duration   time.Duration

	// Commits counts the commits a git source walked (0 for other sources).
	// Its files are blobs then: FilesScanned counts unique blobs.
	Commits int
	// Notes say what a reader must know to trust the result, such as a
	// history truncated by a shallow clone or a range scanned from a merge
	// base instead of the base asked for.
	Notes []string
	// Incomplete is set when content that should have been scanned could
	// not be read (an unreadable file, missing or corrupt git objects, Go
	// packages the analyzers could not load): findings may be missing, and
	// the scan exits with status 2 unless the user accepts a partial scan.
	// Problems name what; set it with MarkIncomplete.
	Incomplete bool
	// FingerprintKey says where the key of the findings' fingerprints came
	// from, and FingerprintKeyID names that key without revealing it (see
	// Fingerprinter): a baseline is only valid with the same key.
	FingerprintKey   KeySource
	FingerprintKeyID string
	// VCS names the repository and revision a git scan read; nil for other
	// sources.
	VCS *VCS
}

// VCS is the version-control provenance of a scan.
type VCS struct {
	// RepositoryURI is an absolute URI without credentials.
	RepositoryURI string
	// Revision is the commit HEAD was at; Branch the branch HEAD was on.
	Revision, Branch string
}

// MarkIncomplete records a problem that leaves content unscanned: it is
// listed with the problems, and the scan is incomplete.
func (s *Summary) MarkIncomplete(problem string) {
	s.Problems = append(s.Problems, problem)
	s.Incomplete = true
}
