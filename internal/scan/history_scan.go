package scan

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// gitScan is one scan of git content: the history, a range or the index.
type gitScan struct {
	opts    Options
	repo    *gitrepo.Repo
	maxSize int64
	workers int
	// credentialFiles reports committed credential files (nil: off).
	credentialFiles gitignore.List
	// fileTimeout bounds the rules' time on one blob.
	fileTimeout time.Duration
	// margin is how many lines around an edit are scanned with it.
	margin int
	// long holds the rules whose matches reach further than margin; they
	// see the whole of an edited file (nil when there are none).
	long *detect.LongReach
	// commits are what occurrence.commit indexes (none for the index).
	commits []gitrepo.Commit
	// addedOnly keeps only findings on lines that no base version has
	// (Range, Staged); History keeps every finding of what it scans.
	addedOnly bool
	// known is the state whose tips History left out (see since); nil
	// for a scan of every commit.
	known *HistoryState

	// tally's mu also guards best and classes.
	tally
	// best holds, per path, rule and secret, the finding from the oldest
	// commit that introduced it.
	best map[findingKey]attributed
	// classes caches detect's PathClass by path.
	classes map[string]string
}

type findingKey struct{ path, rule, secret string }

type attributed struct {
	finding.Finding
	commit int
}

func newGitScan(repo *gitrepo.Repo, opts Options, root string) *gitScan {
	return &gitScan{
		opts:            opts,
		repo:            repo,
		maxSize:         opts.maxSize(),
		fileTimeout:     opts.fileTimeout(),
		workers:         opts.workers(),
		credentialFiles: opts.credentialFiles(),
		margin:          opts.Engine.MaxReach(maxMargin),
		long:            opts.Engine.LongReach(maxMargin),
		tally:           newTally(root, opts.Progress),
		best:            map[findingKey]attributed{},
		classes:         map[string]string{},
	}
}

// unreadable counts a blob that could not be read and names it, with where
// it was introduced.
func (g *gitScan) unreadable(u *unit, err error) {
	g.skip(SkipMissing, fmt.Sprintf("%s (%s): %v", u.occs[0].path, g.where(u.occs[0].commit), err))
}

// where names a commit in a problem.
func (g *gitScan) where(commit int) string {
	if commit < 0 {
		return "index"
	}
	return "commit " + short(g.commits[commit].Hash)
}

// stopped ends a git scan whose context ended (err is what the step that
// noticed returned): the result holds what was found, incomplete. It
// reports false, and does nothing, for any other error.
func (g *gitScan) stopped(ctx context.Context, err error) bool {
	if !stoppedBy(ctx, err) {
		return false
	}
	g.interrupted(ctx, "blobs")
	return true
}

// class returns detect's PathClass of path, computed once.
func (g *gitScan) class(path string) string {
	g.mu.Lock()
	c, ok := g.classes[path]
	g.mu.Unlock()
	if ok {
		return c
	}
	c = g.opts.Engine.PathClass(path)
	g.mu.Lock()
	g.classes[path] = c
	g.mu.Unlock()
	return c
}

// attribute keeps f, found in what occurrence o introduced, unless an
// older commit introduced the same secret at the same path.
func (g *gitScan) attribute(f finding.Finding, o occurrence) {
	k := findingKey{f.File, f.RuleID, f.Secret}
	g.mu.Lock()
	defer g.mu.Unlock()
	if prev, ok := g.best[k]; ok && !g.older(o.commit, prev.commit) {
		return
	}
	g.best[k] = attributed{f, o.commit}
}

// older reports whether commit a comes before commit b (see
// gitrepo.Older; the index, -1, comes after every commit).
func (g *gitScan) older(a, b int) bool {
	switch {
	case a == b:
		return false
	case a < 0:
		return false
	case b < 0:
		return true
	}
	return gitrepo.Older(&g.commits[a], &g.commits[b]) < 0
}

// finish builds the result: one finding per path, rule and secret, with
// the provenance of the commit that introduced it.
func (g *gitScan) finish(start time.Time) *Result {
	res := &Result{Summary: g.sum}
	if p := g.repo.Provenance(); p.RepositoryURI != "" {
		res.Summary.VCS = &finding.VCS{RepositoryURI: p.RepositoryURI, Revision: p.Revision, Branch: p.Branch}
	}
	for _, a := range g.best {
		f := a.Finding
		f.Identity = finding.IdentityOf(f.RuleID, f.File, f.Secret, 0)
		if a.commit >= 0 {
			c := &g.commits[a.commit]
			f.Commit, f.Author, f.Email, f.Date, f.Subject = c.Hash.String(), c.Author, c.Email, c.Date, c.Subject
		}
		res.Findings = append(res.Findings, f)
	}
	// Messages name the commit and the file's kind: built once every
	// finding has both.
	g.opts.Engine.Describe(res.Findings)
	slices.SortFunc(res.Findings, finding.Compare)
	slices.Sort(res.Summary.Problems)
	res.Summary.Duration = time.Since(start)
	return res
}
