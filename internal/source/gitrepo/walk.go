package gitrepo

import (
	"bytes"
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
)

// Commit is one commit of a walked history, with what a finding reports
// about it.
type Commit struct {
	Hash plumbing.Hash
	Tree plumbing.Hash
	// ParentTrees are the root trees of the parents the diff compares
	// against, first parent first. It is empty for a root commit, a shallow
	// clone's boundary and a commit whose parents could not be read: all
	// of those introduce every blob they hold.
	ParentTrees []plumbing.Hash
	Author      string
	Email       string
	// Date is the author date.
	Date    time.Time
	Subject string
	// Generation is one more than the highest generation among the
	// parents in the walk (1 for a commit without one): an ancestor always
	// has a lower generation than its descendants.
	Generation int
}

// Older orders commits oldest first: by generation, then author date, then
// hash, so that the order is total and the same on every run.
func Older(a, b *Commit) int {
	if c := cmp.Compare(a.Generation, b.Generation); c != 0 {
		return c
	}
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	return bytes.Compare(a.Hash[:], b.Hash[:])
}

// History is the result of a walk.
type History struct {
	// Commits are ordered by Older: parents before children.
	Commits []Commit
	// Truncated is set when the walk reached the boundary of a shallow
	// clone: older history is not in the repository.
	Truncated bool
	// Problems name the commits that could not be read.
	Problems []string
	// common is the newest commit found reachable from both a tip and a
	// hidden tip; reached holds the hidden tips reachable from a tip.
	common  plumbing.Hash
	reached map[plumbing.Hash]bool
}

// Common returns the newest commit the walk found reachable from both a tip
// and a hidden tip (their merge base, when there is one), or the zero hash.
func (h *History) Common() plumbing.Hash { return h.common }

// Reaches reports whether hidden tip c is an ancestor of (or equal to) a
// tip.
func (h *History) Reaches(c plumbing.Hash) bool { return h.reached[c] }

// node is a commit as the walk keeps it.
type node struct {
	Commit
	parents   []plumbing.Hash // the ones that could be read
	committed time.Time       // committer date, which orders the walk
	flags     uint8
	queued    int // entries in the walk's queue
}

const (
	fromTip    uint8 = 1 << iota // reachable from a tip
	fromHidden                   // reachable from a hidden tip
)

// Walk returns the commits reachable from tips but not from hidden (both may
// be empty). With hidden tips it stops as soon as every commit left to visit
// is reachable from one, the way git computes A..B, instead of reading all
// of history.
func (r *Repo) Walk(ctx context.Context, tips, hidden []plumbing.Hash) (*History, error) {
	return r.walk(ctx, tips, hidden, nil)
}

// walk is Walk; when ready is set, it is called with each commit (its
// ParentTrees filled in) as soon as the commit's parents have been read,
// which is only right without hidden tips: with them, whether a commit is
// in the history is known only at the end.
func (r *Repo) walk(ctx context.Context, tips, hidden []plumbing.Hash, ready func(Commit)) (*History, error) {
	o := r.Objects()
	defer o.Release()
	w := walker{r: r, objs: o, nodes: map[plumbing.Hash]*node{}, hist: &History{reached: map[plumbing.Hash]bool{}}}
	for _, h := range hidden {
		w.paint(h, fromHidden)
	}
	for _, h := range tips {
		w.paint(h, fromTip)
	}
	for w.interesting > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := heap.Pop(&w.queue).(*node)
		n.queued--
		if n.flags&fromHidden == 0 {
			w.interesting--
		}
		for _, p := range n.parents {
			w.paint(p, n.flags)
		}
		if ready != nil {
			c := n.Commit
			c.ParentTrees = w.parentTrees(n)
			ready(c)
		}
	}
	w.finish()
	for _, h := range hidden {
		if n := w.nodes[h]; n != nil && n.flags&fromTip != 0 {
			w.hist.reached[h] = true
		}
	}
	return w.hist, nil
}

// parentTrees returns the root trees of n's parents that could be read.
// (One that could not is named in Problems already; without it the commit
// is diffed against its other parents, or as a root.)
func (w *walker) parentTrees(n *node) []plumbing.Hash {
	var trees []plumbing.Hash
	for _, p := range n.parents {
		if pn := w.nodes[p]; pn != nil {
			trees = append(trees, pn.Tree)
		}
	}
	return trees
}

type walker struct {
	r     *Repo
	objs  *Objects
	nodes map[plumbing.Hash]*node
	queue nodeQueue
	// interesting counts queue entries of commits not (yet known to be)
	// reachable from a hidden tip; the walk ends when it is zero.
	interesting int
	hist        *History
}

// paint adds flags to commit h, loading it on first sight, and queues it
// when that changed what it is reachable from, so that the change reaches
// its ancestors too.
func (w *walker) paint(h plumbing.Hash, flags uint8) {
	n, ok := w.nodes[h]
	if !ok {
		n = w.load(h)
		w.nodes[h] = n
	}
	if n == nil || n.flags|flags == n.flags {
		return
	}
	if n.flags&fromHidden == 0 && flags&fromHidden != 0 {
		// Its entries already queued are no longer interesting.
		w.interesting -= n.queued
	}
	n.flags |= flags
	if n.flags&fromHidden == 0 {
		w.interesting++
	}
	n.queued++
	heap.Push(&w.queue, n)
}

// load reads a commit; nil when it cannot be read.
func (w *walker) load(h plumbing.Hash) *node {
	c, err := w.objs.commit(h)
	if err != nil {
		w.hist.Problems = append(w.hist.Problems, err.Error())
		return nil
	}
	n := &node{
		Commit: Commit{
			Hash:    h,
			Tree:    c.TreeHash,
			Author:  c.Author.Name,
			Email:   c.Author.Email,
			Date:    c.Author.When,
			Subject: subject(c.Message),
		},
		committed: c.Committer.When,
	}
	if w.r.shallow[h] {
		if len(c.ParentHashes) > 0 {
			w.hist.Truncated = true
		}
		return n
	}
	n.parents = c.ParentHashes
	return n
}

// finish keeps the commits reachable from a tip only, links each to its
// parents' trees and orders them.
func (w *walker) finish() {
	var newestCommon *node
	var out []*node
	for _, n := range w.nodes {
		switch {
		case n == nil:
		case n.flags == fromTip:
			out = append(out, n)
		case n.flags == fromTip|fromHidden:
			if newestCommon == nil || n.committed.After(newestCommon.committed) {
				newestCommon = n
			}
		}
	}
	if newestCommon != nil {
		w.hist.common = newestCommon.Hash
	}
	for _, n := range out {
		n.ParentTrees = w.parentTrees(n)
	}
	// Generations need parents first: process in an order where every
	// parent in the walk precedes its children (depth-first, iteratively,
	// since histories are deep).
	gen := map[plumbing.Hash]int{}
	var stack []*node
	for _, start := range out {
		if gen[start.Hash] != 0 {
			continue
		}
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			ready, g := true, 0
			for _, p := range n.parents {
				pn := w.nodes[p]
				if pn == nil || pn.flags != fromTip {
					continue
				}
				if gen[p] == 0 {
					ready = false
					stack = append(stack, pn)
					continue
				}
				g = max(g, gen[p])
			}
			if !ready {
				continue
			}
			stack = stack[:len(stack)-1]
			if gen[n.Hash] == 0 {
				gen[n.Hash] = g + 1
			}
		}
	}
	w.hist.Commits = make([]Commit, 0, len(out))
	for _, n := range out {
		n.Generation = gen[n.Hash]
		w.hist.Commits = append(w.hist.Commits, n.Commit)
	}
	slices.SortFunc(w.hist.Commits, func(a, b Commit) int { return Older(&a, &b) })
	slices.Sort(w.hist.Problems)
	w.hist.Problems = slices.Compact(w.hist.Problems)
}

// subject is the first line of a commit message, as `git log --oneline`
// shows it.
func subject(msg string) string {
	msg = strings.TrimLeft(msg, "\n")
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}

// nodeQueue is a max-heap on committer date: newest first, as git walks.
type nodeQueue []*node

func (q nodeQueue) Len() int           { return len(q) }
func (q nodeQueue) Less(i, j int) bool { return q[i].committed.After(q[j].committed) }
func (q nodeQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *nodeQueue) Push(x any)        { *q = append(*q, x.(*node)) }
func (q *nodeQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}

// String names a commit in messages: its short hash and subject.
func (c *Commit) String() string {
	return fmt.Sprintf("%s (%s)", c.Hash.String()[:12], c.Subject)
}
