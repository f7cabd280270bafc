package gitrepo

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/tightlip/tightlip/internal/crash"
)

// Change is one blob that a commit (or the index) introduced at a path: a
// tree entry that matches no parent's entry at that path.
type Change struct {
	// Commit indexes History.Commits; -1 for the index (see Staged).
	Commit int
	// Path is the slash path from the top of the repository.
	Path string
	Blob plumbing.Hash
	// Mode tells files from symbolic links and submodules (gitlinks, whose
	// "blob" is a commit of another repository).
	Mode filemode.FileMode
	// Base is the file at Path in the first parent (or HEAD, for the
	// index): the version this blob edits. Zero for a new file.
	Base plumbing.Hash
	// Others are the files at Path in a merge's other parents that had one.
	Others []plumbing.Hash
	// Moved is set when the commit removed the same blob from another path
	// (an exact rename or copy source), so that no byte of it is new. It is
	// computed only when asked for (see ChangeOptions).
	Moved bool
}

// Changes is the result of ChangesOf.
type Changes struct {
	// List holds every change, ordered by commit, then as the trees list
	// their entries.
	List []Change
	// Problems name the trees that could not be read; the changes under
	// them are missing from List.
	Problems []string
}

// ChangeOptions tune ChangesOf and WalkChanges.
type ChangeOptions struct {
	// Workers defaults to the number of CPUs.
	Workers int
	// DetectMoves sets Change.Moved, which costs reading the trees a commit
	// deletes.
	DetectMoves bool
	// Walked, when set, counts the commits WalkChanges has read so far, for
	// a progress display (on a history of a million commits the walk takes
	// a while).
	Walked *atomic.Int64
}

// ChangesOf computes what every commit of hist introduced, on several
// goroutines, each with its own storage. A commit's tree is compared with
// its parents' trees entry by entry, descending only into subtrees whose
// hash differs from every parent's: a commit that touches two files reads a
// handful of trees, however large the repository.
func (r *Repo) ChangesOf(ctx context.Context, hist *History, opts ChangeOptions) (*Changes, error) {
	jobs := make([]diffJob, len(hist.Commits))
	d := r.differs(opts)
	for range d.workers {
		d.add()
	}
	batches := d.batches
	var err error
	for start := 0; start < len(jobs); start += diffBatch {
		if err = ctx.Err(); err != nil {
			break
		}
		var batch []*diffJob
		for i := start; i < min(start+diffBatch, len(jobs)); i++ {
			jobs[i].commit = &hist.Commits[i]
			batch = append(batch, &jobs[i])
		}
		batches <- batch
	}
	close(batches)
	d.wg.Wait()
	d.box.Rethrow()
	if err != nil {
		return nil, err
	}
	return collect(jobs), nil
}

// WalkChanges is Walk without hidden tips followed by ChangesOf, but faster:
// a commit is diffed as soon as the walk has read its parents, on the
// other cores, while the walk (which reads one commit at a time) goes on.
func (r *Repo) WalkChanges(ctx context.Context, tips []plumbing.Hash, opts ChangeOptions) (*History, *Changes, error) {
	var (
		jobs  []*diffJob
		batch []*diffJob
	)
	// The walk keeps a core and a storage busy: one diff worker fewer
	// until it is done, then that worker takes over its storage (and the
	// repository keeps as many storages open as with Walk and ChangesOf).
	d := r.differs(opts)
	for range max(1, d.workers-1) {
		d.add()
	}
	hist, err := r.walk(ctx, tips, nil, func(c Commit) {
		if opts.Walked != nil {
			opts.Walked.Add(1)
		}
		j := &diffJob{commit: &c}
		jobs = append(jobs, j)
		if batch = append(batch, j); len(batch) == diffBatch {
			d.batches <- batch
			batch = nil
		}
	})
	if d.workers > 1 {
		d.add()
	}
	if batch != nil {
		d.batches <- batch
	}
	close(d.batches)
	d.wg.Wait()
	d.box.Rethrow()
	if err != nil {
		return nil, nil, err
	}
	byHash := make(map[plumbing.Hash]*diffJob, len(jobs))
	for _, j := range jobs {
		byHash[j.commit.Hash] = j
	}
	ordered := make([]diffJob, len(hist.Commits))
	for i := range hist.Commits {
		ordered[i] = *byHash[hist.Commits[i].Hash]
	}
	return hist, collect(ordered), nil
}

// diffBatch is how many commits a worker diffs in a row: a commit's parent
// is then usually diffed just before it by the same worker, whose tree cache
// still holds the subtrees both share.
const diffBatch = 64

// diffJob is one commit to diff and, once done, what it introduced (with
// Change.Commit unset).
type diffJob struct {
	commit   *Commit
	out      []Change
	problems []string
}

// differs is a pool of diff workers, each with its own storage, that diff
// the batches sent to batches: add starts one; close batches, then wait.
type differs struct {
	r       *Repo
	moves   bool
	workers int // how many to start in all
	batches chan []*diffJob
	wg      sync.WaitGroup
	// box brings a bug that panics in a worker back to the caller.
	box crash.Box
}

func (r *Repo) differs(opts ChangeOptions) *differs {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	// Buffered so that WalkChanges' walk does not wait for the diffs.
	return &differs{r: r, moves: opts.DetectMoves, workers: workers, batches: make(chan []*diffJob, 1024)}
}

func (p *differs) add() {
	p.wg.Go(func() {
		d := differ{objs: p.r.Objects(), moves: p.moves}
		defer d.objs.Release()
		for batch := range p.batches {
			for _, j := range batch {
				func() {
					defer p.box.Catch()
					d.reset()
					d.commit(j.commit)
					j.out, j.problems = d.out, d.problems
				}()
			}
		}
	})
}

// collect lists the changes of jobs, in order, each with its commit's
// index.
func collect(jobs []diffJob) *Changes {
	res := &Changes{}
	for i := range jobs {
		for _, ch := range jobs[i].out {
			ch.Commit = i
			res.List = append(res.List, ch)
		}
		res.Problems = append(res.Problems, jobs[i].problems...)
	}
	return res
}

// differ compares one commit's tree with its parents'.
type differ struct {
	objs     *Objects
	moves    bool
	out      []Change
	problems []string
	// removed holds blobs the first parent had at paths this commit
	// removed or changed, for Moved.
	removed map[plumbing.Hash]bool
}

func (d *differ) reset() {
	d.out, d.problems = nil, nil
	if d.moves {
		d.removed = map[plumbing.Hash]bool{}
	}
}

func (d *differ) commit(c *Commit) {
	tree := d.tree(c.Tree, "", c)
	if tree == nil {
		return
	}
	parents := make([]*object.Tree, len(c.ParentTrees))
	for i, h := range c.ParentTrees {
		// An unreadable parent tree is compared as an empty one: the
		// commit's blobs then count as new, which scans more, never less.
		parents[i] = d.tree(h, "", c)
	}
	d.diff("", tree, parents, c, 0)
	if d.moves {
		for i := range d.out {
			ch := &d.out[i]
			ch.Moved = ch.Base.IsZero() && d.removed[ch.Blob]
		}
	}
}

func (d *differ) tree(h plumbing.Hash, dir string, c *Commit) *object.Tree {
	t, err := d.objs.Tree(h)
	if err != nil {
		where := "root tree"
		if dir != "" {
			where = dir + "/"
		}
		d.problems = append(d.problems, "commit "+c.Hash.String()+": "+where+": "+err.Error())
		return nil
	}
	return t
}

// diff reports the entries of tree (at dir, depth directories down) that
// match no parent's entry of the same name; parents[i] is nil where parent
// i has no tree at dir. A directory deeper than maxTreeDepth is a problem,
// not descended into: a hostile history could nest trees until the
// recursion exhausts the stack.
func (d *differ) diff(dir string, tree *object.Tree, parents []*object.Tree, c *Commit, depth int) {
	cursor := make([]int, len(parents))
	match := make([]*object.TreeEntry, len(parents))
	for ei := range tree.Entries {
		e := &tree.Entries[ei]
		unchanged := false
		for i, p := range parents {
			match[i] = nil
			if p == nil {
				continue
			}
			// Entries are sorted the git way (a directory as "name/"), so
			// one forward pass over each parent finds the same names.
			for cursor[i] < len(p.Entries) && compareEntries(&p.Entries[cursor[i]], e) < 0 {
				if i == 0 {
					d.remove(join(dir, p.Entries[cursor[i]].Name), &p.Entries[cursor[i]], c, depth)
				}
				cursor[i]++
			}
			if cursor[i] < len(p.Entries) && compareEntries(&p.Entries[cursor[i]], e) == 0 {
				match[i] = &p.Entries[cursor[i]]
				cursor[i]++
				unchanged = unchanged || match[i].Hash == e.Hash
			}
		}
		if unchanged {
			continue
		}
		path := join(dir, e.Name)
		if len(parents) > 0 && match[0] != nil && (e.Mode != filemode.Dir || match[0].Mode != filemode.Dir) {
			// Replaced. (A changed directory is compared below, entry by
			// entry, which records what changed inside it.)
			d.remove(path, match[0], c, depth)
		}
		if e.Mode == filemode.Dir {
			if depth >= maxTreeDepth {
				d.problems = append(d.problems, tooDeep(c.Hash, path))
				continue
			}
			sub := d.tree(e.Hash, path, c)
			if sub == nil {
				continue
			}
			subParents := make([]*object.Tree, len(parents))
			for i, m := range match {
				if m != nil && m.Mode == filemode.Dir {
					subParents[i] = d.tree(m.Hash, path, c)
				}
			}
			d.diff(path, sub, subParents, c, depth+1)
			continue
		}
		ch := Change{Path: path, Blob: e.Hash, Mode: e.Mode}
		for i, m := range match {
			if m == nil || !isFile(m.Mode) || !isFile(e.Mode) {
				continue
			}
			if i == 0 {
				ch.Base = m.Hash
			} else {
				ch.Others = append(ch.Others, m.Hash)
			}
		}
		d.out = append(d.out, ch)
	}
	if len(parents) > 0 && parents[0] != nil {
		for ; cursor[0] < len(parents[0].Entries); cursor[0]++ {
			e := &parents[0].Entries[cursor[0]]
			d.remove(join(dir, e.Name), e, c, depth)
		}
	}
}

// remove records what the first parent had at a path the commit removed
// or changed, for move detection: a file's blob, or every blob below a
// directory (within maxTreeDepth of the root; dir's depth is depth).
func (d *differ) remove(path string, e *object.TreeEntry, c *Commit, depth int) {
	if !d.moves {
		return
	}
	switch {
	case isFile(e.Mode):
		d.removed[e.Hash] = true
	case e.Mode == filemode.Dir:
		if depth >= maxTreeDepth {
			return // a move out of it is missed; diff names the depth
		}
		t := d.tree(e.Hash, path, c)
		if t == nil {
			return
		}
		for i := range t.Entries {
			d.remove(join(path, t.Entries[i].Name), &t.Entries[i], c, depth+1)
		}
	}
}

// isFile is true for content git stores as a blob of the repository
// itself: regular and executable files and symbolic links.
func isFile(m filemode.FileMode) bool {
	return m.IsFile()
}

// compareEntries orders tree entries as git sorts them: by name, a
// directory's name followed by "/".
func compareEntries(a, b *object.TreeEntry) int {
	an, bn := a.Name, b.Name
	n := min(len(an), len(bn))
	for i := range n {
		if an[i] != bn[i] {
			return int(an[i]) - int(bn[i])
		}
	}
	ac, bc := byte(0), byte(0)
	if len(an) > n {
		ac = an[n]
	} else if a.Mode == filemode.Dir {
		ac = '/'
	}
	if len(bn) > n {
		bc = bn[n]
	} else if b.Mode == filemode.Dir {
		bc = '/'
	}
	return int(ac) - int(bc)
}

func join(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}
