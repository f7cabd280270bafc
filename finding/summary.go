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
}
