package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Kind is what a scan reads.
type Kind int

// The kinds of scan.
const (
	// Tree is a directory (or one file) on disk: every file with the
	// content rules, the tree with the gitignore rules, its Go modules
	// with the analyzers.
	Tree Kind = iota
	// Input is a stream: standard input.
	Input
	// History is every commit reachable from the repository's refs (or
	// from Options.Branch).
	History
	// Range is what the commits of Base..Head added: a pull request.
	Range
	// Staged is what the next commit would add: the index against HEAD.
	Staged
)

// Source says what one scan reads.
type Source struct {
	Kind Kind
	// Path is the directory or file (Tree) or a path in the repository
	// (History, Range, Staged); for Input, the name findings are reported
	// under.
	Path string
	// Input is the stream an Input scan reads.
	Input io.Reader
	// Base and Head bound a Range.
	Base, Head string
}

// Run runs the scan src names with opts: the one entry point of every
// kind of scan. See docs/architecture.md, "One scan pipeline".
func Run(ctx context.Context, src Source, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if err := src.check(opts); err != nil {
		return nil, err
	}
	switch src.Kind {
	case Input:
		return scanReader(ctx, src.Input, src.Path, opts)
	case History:
		return scanHistory(ctx, src.Path, opts)
	case Range:
		return scanRange(ctx, src.Path, src.Base, src.Head, opts)
	case Staged:
		return scanStaged(ctx, src.Path, opts)
	}
	return scanDir(ctx, src.Path, opts)
}

// check rejects a source that cannot be scanned, or options that only
// another kind of scan uses and that would otherwise be ignored in silence.
func (src Source) check(opts Options) error {
	switch {
	case src.Kind < Tree || src.Kind > Staged:
		return fmt.Errorf("scan: unknown kind of scan %d", src.Kind)
	case src.Kind == Input && src.Input == nil:
		return errors.New("scan: no input to read")
	case src.Kind == Range && (src.Base == "" || src.Head == ""):
		return errors.New("scan: a range needs a base and a head")
	case src.Kind != History && (opts.Branch != "" || opts.Since != nil || opts.Remember):
		return errors.New("scan: a branch or a history state goes with a history scan")
	case src.Kind != Staged && opts.IndexFile != "":
		return errors.New("scan: an index file goes with a staged scan")
	}
	return nil
}
