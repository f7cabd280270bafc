package scan

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source"
)

// Fragment is one piece of content for the rules: a file of a tree, a
// stream, and later an archive's member or an image's layer file. Every
// such source hands its bytes to the engine this one way (see
// docs/architecture.md, "One scan pipeline"); the git scans, whose
// deltas and attribution need more, are the one specialised source.
type Fragment struct {
	// Path is what findings and skips name: a slash path from the
	// scanned root, or a stream's name.
	Path string
	// Size is the size the source knows before reading; a fragment
	// larger than the size limit is skipped unread.
	Size int64
	// Read returns the content; past limit bytes it fails with an error
	// satisfying errors.Is(err, safefile.ErrTooLarge), having read no
	// more than limit+1 bytes. A source that swaps a file for a link is
	// refused with safefile.ErrLink.
	Read func(limit int64) ([]byte, error)
	// Release, when set, is called once, when the scan is done with the
	// fragment, read or not.
	Release func()
}

func (f Fragment) release() {
	if f.Release != nil {
		f.Release()
	}
}

// Fragments is a source: it yields the fragments of one scan in order and
// stops, returning yield's error, as soon as yield returns one. What it
// cannot read it reports to the collector (skipFile, problem).
type Fragments func(ctx context.Context, yield func(Fragment) error) error

// scanFragments runs the content rules over every fragment src yields,
// on opts' workers, into c: each fragment a global allowlist excludes, too
// large, unreadable or binary is counted and named, never dropped in
// silence. It returns src's error.
func scanFragments(ctx context.Context, src Fragments, opts Options, c *collector, box *crash.Box) error {
	maxSize := opts.maxSize()
	workers := opts.workers()
	frags := make(chan Fragment, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for f := range frags {
				func() {
					defer box.Catch()
					scanFragment(ctx, opts, f, c)
				}()
			}
		})
	}
	err := src(ctx, func(f Fragment) error {
		if o, ok := opts.Engine.PathAllowedBy(f.Path); ok {
			f.release()
			c.skipFile(f.Path, allowlistedBy(o), nil)
			return nil
		}
		if f.Size > maxSize {
			f.release()
			c.skipFile(f.Path, SkipTooLarge, nil)
			return nil
		}
		select {
		case frags <- f: // scanFragment releases it
			return nil
		case <-ctx.Done():
			f.release()
			return ctx.Err()
		}
	})
	close(frags)
	wg.Wait()
	return err
}

// scanFragment reads one fragment and runs the rules over it.
func scanFragment(ctx context.Context, opts Options, f Fragment, c *collector) {
	defer f.release()
	if ctx.Err() != nil {
		return // the scan stopped: the fragments left are not read
	}
	// Read through a limit: a file may have grown since it was listed,
	// and nothing larger than the limit+1 bytes is allocated.
	data, err := f.Read(opts.maxSize())
	switch {
	case errors.Is(err, safefile.ErrTooLarge):
		c.skipFile(f.Path, SkipTooLarge, nil)
		return
	case errors.Is(err, safefile.ErrLink):
		// Swapped for a link since it was listed.
		c.skipFile(f.Path, source.SkipSymlink, nil)
		return
	case err != nil:
		c.skipFile(f.Path, source.SkipUnreadable, errors.New(safefile.Why(err)))
		return
	}
	text, _, ok := decodeText(data)
	if !ok {
		c.skipFile(f.Path, SkipBinary, nil)
		return
	}
	limit := opts.fileTimeout()
	switch res, stopped := detectFile(ctx, opts.Engine, limit, f.Path, text); stopped {
	case "":
		c.add(res, int64(len(data)))
	case "file":
		c.addPartial(res, SkipFileTimeout, fileTimeoutProblem(f.Path, limit))
	default:
		// The scan stopped: what was found is kept, and the source's scan
		// says what was not read.
		c.addPartial(res, "", "")
	}
}

// treeFragments is the working tree's source: the files the walker finds
// under root (see source.Walker: .gitignore honoured, links not
// followed, every directory opened by handle).
func treeFragments(w *source.Walker) Fragments {
	return func(ctx context.Context, yield func(Fragment) error) error {
		return w.Walk(ctx, func(f source.File) error {
			return yield(Fragment{Path: f.Path, Size: f.Size, Read: f.Read, Release: f.Release})
		})
	}
}

// bytesFragment is a source of one fragment already in memory.
func bytesFragment(name string, data []byte) Fragments {
	return func(_ context.Context, yield func(Fragment) error) error {
		return yield(Fragment{Path: name, Size: int64(len(data)), Read: func(limit int64) ([]byte, error) {
			if int64(len(data)) > limit {
				return nil, fmt.Errorf("%s: %w", name, safefile.ErrTooLarge)
			}
			return data, nil
		}})
	}
}
