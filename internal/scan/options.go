package scan

import (
	"errors"
	"runtime"
	"time"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/gitignore"
)

// Options configure every kind of scan: the working tree, standard input,
// the history, a range and the index. A field that a kind of scan has no
// use for is ignored by it (Branch by a working-tree scan, say); Validate
// rejects values that mean nothing for any.
type Options struct {
	Engine *detect.Engine
	// MaxFileSize in bytes; 0 means config.DefaultMaxFileSize. Larger
	// files and blobs are skipped without being read.
	MaxFileSize int64
	// Workers defaults to the number of CPUs.
	Workers int
	// Progress, when set, is kept up to date as files are scanned, or
	// commits walked and blobs scanned.
	Progress *Progress
	// FileTimeout bounds the time the rules spend on one file or blob
	// (DefaultFileTimeout when 0): a file they do not finish in time is
	// named in a problem and the scan is incomplete.
	FileTimeout time.Duration

	// Gitignore configures the gitignore rules: on a directory, the tree's
	// checks; on a git scan, the credential files (.env, private keys …) a
	// commit added, reported with that commit. The zero value applies the
	// default list. NoGitignore turns them off.
	Gitignore   gitignore.Options
	NoGitignore bool

	// Go runs the Go analyzers on the Go modules under a scanned directory,
	// or for a Range on the work tree (which must be at the range's head,
	// keeping only their findings on lines the range added), through go
	// vet with VetTool: a binary that speaks go vet's -vettool protocol and
	// runs tightlip's analyzers (tightlip and tightlip-vet do). go vet works
	// offline unless GoDownload lets it fetch the modules a go.mod
	// requires; GoTimeout (DefaultGoTimeout when 0) bounds the whole Go
	// analysis. Code it could not analyse makes the scan incomplete.
	Go         bool
	VetTool    string
	GoDownload bool
	GoTimeout  time.Duration

	// Branch limits History to the ancestry of one revision: a branch,
	// tag, remote branch or commit. Empty means every ref.
	Branch string
	// AllowShallow accepts a history truncated by a shallow clone: a note
	// says so instead of the scan being incomplete.
	AllowShallow bool
	// IndexFile is the index Staged compares with HEAD, as GIT_INDEX_FILE
	// names it (relative to the work tree's top); empty means the
	// repository's own. Hooks of `git commit -a` and `git commit PATH…`
	// run with a temporary index that holds what is being committed.
	IndexFile string
	// Since, when set, is the state of earlier complete History scans
	// (--since-state): the commits its tips reach are not read again,
	// unless the state was made with other rules (RulesDigest) or in
	// another repository; SinceName names it in notes. Remember makes
	// History return the state of this scan in Result.State when the scan
	// is complete. See docs/architecture.md, "Incremental history".
	Since       *HistoryState
	SinceName   string
	RulesDigest string
	Remember    bool
}

// Validate reports options that no scan can run with.
func (o Options) Validate() error {
	var errs []error
	if o.Engine == nil {
		errs = append(errs, errors.New("scan options: no engine"))
	}
	if o.MaxFileSize < 0 {
		errs = append(errs, errors.New("scan options: negative maximum file size"))
	}
	if o.Workers < 0 {
		errs = append(errs, errors.New("scan options: negative number of workers"))
	}
	if o.FileTimeout < 0 || o.GoTimeout < 0 {
		errs = append(errs, errors.New("scan options: negative time limit"))
	}
	if o.Go && o.VetTool == "" {
		errs = append(errs, errors.New("scan options: the Go analyzers need a vet tool"))
	}
	if (o.Since != nil || o.Remember) && o.RulesDigest == "" {
		errs = append(errs, errors.New("scan options: a history state needs the digest of the rules"))
	}
	return errors.Join(errs...)
}

func (o Options) maxSize() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return config.DefaultMaxFileSize
}

func (o Options) fileTimeout() time.Duration {
	if o.FileTimeout > 0 {
		return o.FileTimeout
	}
	return DefaultFileTimeout
}

func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.NumCPU()
}

// credentialFiles is the list a git scan reports committed credential
// files by, nil when the gitignore rules are off.
func (o Options) credentialFiles() gitignore.List {
	if o.NoGitignore {
		return nil
	}
	if o.Gitignore.List != nil {
		return o.Gitignore.List
	}
	return gitignore.Default()
}
