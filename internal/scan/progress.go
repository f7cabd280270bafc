package scan

import "sync/atomic"

// Progress counts a running scan's work, for a progress display. The scan
// updates it as it goes; a reader may look at any time.
type Progress struct {
	// Files counts files (or blobs) scanned, Bytes their size, Commits the
	// commits a git scan walks.
	Files, Bytes, Commits atomic.Int64
	// GoModules counts the Go modules the analyzers will run on (0 until
	// they start), GoModulesDone those analysed.
	GoModules, GoModulesDone atomic.Int64
}
