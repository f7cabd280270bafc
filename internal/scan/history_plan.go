package scan

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/source"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// unit is one unique blob and everywhere it was introduced.
type unit struct {
	blob plumbing.Hash
	occs []occurrence
}

// occurrence is one introduction of a blob: by a commit (or the index,
// commit -1) at a path, editing base (zero for a new file) and, in a
// merge, others.
type occurrence struct {
	commit int
	path   string
	base   plumbing.Hash
	others []plumbing.Hash
}

// run scans the blobs that changes introduced.
func (g *gitScan) run(ctx context.Context, changes []gitrepo.Change) error {
	jobs := g.plan(changes)
	next := make(chan []*unit)
	var wg sync.WaitGroup
	// A bug that panics in a worker comes back here, then to the command.
	var box crash.Box
	for range g.workers {
		wg.Go(func() {
			w := g.newWorker()
			defer w.close()
			for job := range next {
				for _, u := range job {
					if ctx.Err() != nil {
						break
					}
					func() {
						defer box.Catch()
						w.unit(ctx, u)
					}()
				}
			}
		})
	}
	var err error
	for _, job := range jobs {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- job
	}
	close(next)
	wg.Wait()
	box.Rethrow()
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// plan groups changes into units, one per blob, and units into jobs, one
// per path: a worker then reads the versions of one file in history order,
// so the base of each edit is the blob it read just before (and go-git's
// delta-base cache holds what the next version needs). Jobs come largest
// first, so that no worker is left with a long one at the end.
func (g *gitScan) plan(changes []gitrepo.Change) [][]*unit {
	allowed := g.allowlisted(changes)
	units := map[plumbing.Hash]*unit{}
	skipped := map[plumbing.Hash]bool{}
	jobIndex := map[string]int{}
	var jobs [][]*unit
	for _, ch := range changes {
		var reason string
		switch {
		case ch.Mode == filemode.Submodule:
			reason = SkipSubmodule
		case ch.Mode == filemode.Symlink:
			reason = source.SkipSymlink
		case allowed[ch.Path] != "":
			reason = allowed[ch.Path]
		case g.addedOnly && ch.Moved:
			// Renamed or copied unchanged: nothing in it is new.
			continue
		}
		if reason != "" {
			if !skipped[ch.Blob] {
				skipped[ch.Blob] = true
				g.sum.Skipped[reason]++
			}
			continue
		}
		u := units[ch.Blob]
		if u == nil {
			u = &unit{blob: ch.Blob}
			units[ch.Blob] = u
			j, ok := jobIndex[ch.Path]
			if !ok {
				j = len(jobs)
				jobIndex[ch.Path] = j
				jobs = append(jobs, nil)
			}
			jobs[j] = append(jobs[j], u)
		}
		u.occs = append(u.occs, occurrence{commit: ch.Commit, path: ch.Path, base: ch.Base, others: ch.Others})
	}
	slices.SortStableFunc(jobs, func(a, b []*unit) int { return cmp.Compare(len(b), len(a)) })
	return jobs
}

// allowlisted decides the global path allowlist once per path, on every
// core: it runs a few dozen regexes, which adds up over a history's paths.
// It maps each path to its skip reason (see allowlistedBy), "" for none.
func (g *gitScan) allowlisted(changes []gitrepo.Change) map[string]string {
	seen := map[string]bool{}
	var paths []string
	for _, ch := range changes {
		if !seen[ch.Path] {
			seen[ch.Path] = true
			paths = append(paths, ch.Path)
		}
	}
	out := make([]string, len(paths))
	var wg sync.WaitGroup
	var box crash.Box
	n := min(g.workers, runtime.NumCPU())
	for w := range n {
		wg.Go(func() {
			defer box.Catch()
			for i := w; i < len(paths); i += n {
				if o, ok := g.opts.Engine.PathAllowedBy(paths[i]); ok {
					out[i] = allowlistedBy(o)
				}
			}
		})
	}
	wg.Wait()
	box.Rethrow()
	m := make(map[string]string, len(paths))
	for i, p := range paths {
		m[p] = out[i]
	}
	return m
}
