package scan

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// Skip reasons of the git scans; a git scan counts blobs, not files.
const (
	SkipSubmodule = "submodule (not followed)"
	SkipLFS       = "Git LFS pointer (content not in git)"
	SkipMissing   = "missing or corrupt object"
	SkipUnmerged  = "unmerged path (conflict not resolved)"
)

// scanHistory scans every commit reachable from any ref of the repository
// holding repoPath (or from opts.Branch). Each finding names the oldest
// commit that introduced its secret at its path; a secret that stays in a
// file for 500 commits is one finding, the same secret in two files is two.
//
// Each unique blob is read once. A blob that the history only ever shows as
// an edit of the previous version at the same path is not scanned whole:
// only the edited lines and their context are (see changedRegions), since the
// rest was scanned with the older version.
func scanHistory(ctx context.Context, repoPath string, opts Options) (*Result, error) {
	start := time.Now()
	repo, err := gitrepo.Open(repoPath)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	g := newGitScan(repo, opts, repoPath)
	var tips []plumbing.Hash
	if opts.Branch != "" {
		h, err := repo.Resolve(opts.Branch)
		if err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		tips = []plumbing.Hash{h}
	} else {
		t, err := repo.Tips()
		if err != nil {
			return nil, err
		}
		tips = t.Commits
		g.sum.Notes = append(g.sum.Notes, t.Notes...)
		g.problem(t.Problems...)
	}
	copts := gitrepo.ChangeOptions{Workers: opts.Workers}
	if opts.Progress != nil {
		copts.Walked = &opts.Progress.Commits
	}
	var (
		hist    *gitrepo.History
		changes *gitrepo.Changes
	)
	if hidden := g.since(repo); len(hidden) > 0 {
		// Only the commits the state's tips do not reach: the walk stops
		// where the old history begins (see gitrepo.Walk).
		hist, err = repo.Walk(ctx, tips, hidden)
		if err == nil {
			changes, err = repo.ChangesOf(ctx, hist, copts)
		}
	} else {
		hist, changes, err = repo.WalkChanges(ctx, tips, copts)
	}
	if err == nil {
		err = g.history(ctx, hist, changes)
	}
	if err != nil && !g.stopped(ctx, err) {
		return nil, err
	}
	if g.known != nil && hist != nil {
		g.sum.Notes = append(g.sum.Notes, fmt.Sprintf(
			"history: %s already scanned (state %s), %d new", commits(g.known.Commits), opts.SinceName, len(hist.Commits)))
	}
	res := g.finish(start)
	if hist != nil {
		res.State = g.state(tips, hist.Truncated)
	}
	return res, nil
}

// scanRange scans what the commits reachable from head and not from base
// added, as a pull-request check wants: blobs new in the range, and for a
// file the range edited, only findings on lines it added or changed. An
// exact rename adds nothing. When base is not an ancestor of head, the
// range starts at their merge base, and a note says so; when they share no
// history (a shallow clone that lacks it), it is an error.
func scanRange(ctx context.Context, repoPath, base, head string, opts Options) (*Result, error) {
	start := time.Now()
	repo, err := gitrepo.Open(repoPath)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	b, err := repo.Resolve(base)
	if err != nil {
		return nil, fmt.Errorf("range %s..%s: base: %w", base, head, err)
	}
	h, err := repo.Resolve(head)
	if err != nil {
		return nil, fmt.Errorf("range %s..%s: head: %w", base, head, err)
	}
	g := newGitScan(repo, opts, repoPath)
	g.addedOnly = true
	hist, err := repo.Walk(ctx, []plumbing.Hash{h}, []plumbing.Hash{b})
	if err != nil {
		if g.stopped(ctx, err) {
			return g.finish(start), nil
		}
		return nil, err
	}
	if !hist.Reaches(b) {
		common := hist.Common()
		if common.IsZero() {
			hint := ""
			if repo.Shallow() {
				hint = " (this is a shallow clone: fetch more history, e.g. actions/checkout with fetch-depth: 0)"
			}
			return nil, fmt.Errorf("range %s..%s: %s and %s share no history in %s%s",
				base, head, short(b), short(h), repo.Root(), hint)
		}
		g.sum.Notes = append(g.sum.Notes, fmt.Sprintf(
			"range base %s (%s) is not an ancestor of %s (%s): scanned the commits since their merge base %s",
			base, short(b), head, short(h), short(common)))
	}
	changes, err := repo.ChangesOf(ctx, hist, gitrepo.ChangeOptions{Workers: opts.Workers, DetectMoves: true})
	if err != nil {
		if g.stopped(ctx, err) {
			return g.finish(start), nil
		}
		return nil, err
	}
	// The Go analyzers run on the work tree beside the content scan.
	var rg *rangeGo
	if opts.Go {
		mergeBase := b
		if !hist.Reaches(b) {
			mergeBase = hist.Common()
		}
		rg = prepareRangeGo(repo, h, mergeBase, head, changedGoFiles(changes.List))
	}
	var gores goResult
	var gwg sync.WaitGroup
	var box crash.Box
	if rg.ready() {
		gwg.Go(func() {
			defer box.Catch()
			gores = rg.analyze(ctx, opts)
		})
	}
	err = g.history(ctx, hist, changes)
	gwg.Wait()
	box.Rethrow()
	if err != nil && !g.stopped(ctx, err) {
		return nil, err
	}
	res := g.finish(start)
	if rg != nil {
		for _, p := range rg.incomplete {
			res.Summary.MarkIncomplete(p)
		}
		if rg.ready() {
			// What the range did not add is neither reported nor
			// counted as silenced.
			gores.findings = rg.filter(gores.findings)
			rg.attribute(gores.findings, hist.Commits)
			gores.silenced = rg.filter(gores.silenced)
			res.Findings = addGoFindings(res.Findings, &res.Summary, gores, opts.Engine)
			slices.SortFunc(res.Findings, finding.Compare)
			slices.Sort(res.Summary.Problems)
		}
	}
	// A secret the range added that the head tree holds in another
	// directory too: reuse, as a tree scan of the head would report it.
	g.reusedIn(ctx, res, "head tree ("+short(h)+")", func() ([]gitrepo.File, []string, error) {
		return repo.FilesAt(ctx, h)
	})
	res.Summary.Duration = time.Since(start)
	return res, nil
}

// scanStaged scans what the next commit would add: the index compared with
// HEAD (every staged file is new in a repository without commits). Only
// findings on lines the index adds or changes are reported, with the
// file's path from the top of the work tree. It reads the index, HEAD's
// trees and the staged blobs, nothing else, so a small change in a large
// repository is scanned in milliseconds.
func scanStaged(ctx context.Context, repoPath string, opts Options) (*Result, error) {
	start := time.Now()
	repo, err := gitrepo.Open(repoPath)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	st, err := repo.StagedIndex(opts.IndexFile)
	if err != nil {
		return nil, err
	}
	g := newGitScan(repo, opts, repoPath)
	g.addedOnly = true
	g.problem(st.Problems...)
	for range st.Unmerged {
		g.sum.Skipped[SkipUnmerged]++
	}
	if err := g.run(ctx, st.Changes); err != nil && !g.stopped(ctx, err) {
		return nil, err
	}
	res := g.finish(start)
	// The index is the tree the next commit will have: a secret it adds
	// that another directory of it holds too is reuse.
	g.reusedIn(ctx, res, "index", func() ([]gitrepo.File, []string, error) { return st.Files, nil, nil })
	res.Summary.Duration = time.Since(start)
	return res, nil
}

// history scans changes, what the commits of hist introduced.
func (g *gitScan) history(ctx context.Context, hist *gitrepo.History, changes *gitrepo.Changes) error {
	g.commits = hist.Commits
	g.sum.Commits = len(hist.Commits)
	if g.opts.Progress != nil {
		g.opts.Progress.Commits.Store(int64(len(hist.Commits)))
	}
	g.problem(hist.Problems...)
	if g.repo.Partial() {
		g.sum.Notes = append(g.sum.Notes,
			"this is a partial clone: blobs its filter left out are not in the repository and could not be scanned (problems name any the history needed)")
	}
	if hist.Truncated {
		// A shallow clone (actions/checkout's default) holds only the
		// newest commits: a history scan of it did not read the history.
		msg := "history is truncated (shallow clone): older commits are not in the repository; secrets in the oldest commits present are attributed to them (fetch full history, e.g. actions/checkout with fetch-depth: 0, to go further back)"
		if g.opts.AllowShallow {
			g.sum.Notes = append(g.sum.Notes, msg+"; accepted by --allow-shallow")
		} else {
			g.sum.MarkIncomplete(msg + "; --allow-shallow accepts it")
		}
	}
	g.problem(changes.Problems...)
	return g.run(ctx, changes.List)
}

func short(h plumbing.Hash) string { return h.String()[:12] }

// commits is "1 commit" or "N commits".
func commits(n int) string {
	if n == 1 {
		return "1 commit"
	}
	return fmt.Sprintf("%d commits", n)
}
