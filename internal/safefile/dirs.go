package safefile

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// OpenDirIn opens the directory name, one entry of the directory parent,
// as a root of its own. It is refused (a *RefusedError) if it is a
// symbolic link, wherever it points, or not a directory, and if what was
// opened is not the directory that was checked (a directory swapped for a
// link between the check and the open). Only one component is resolved,
// so the depth of the tree never reaches the kernel's path length limit.
// It returns the directory's information, which identifies it.
func OpenDirIn(parent *os.Root, name string) (*os.Root, fs.FileInfo, error) {
	fi, err := parent.Lstat(name)
	if err != nil {
		return nil, nil, pathError("open", name, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, nil, &RefusedError{Name: name, Why: "is a symbolic link; links in the scanned tree are not followed", Kind: ErrLink}
	}
	if !fi.IsDir() {
		return nil, nil, &RefusedError{Name: name, Why: "is " + fileKind(fi.Mode()) + ", not a directory", Kind: ErrNotRegular}
	}
	r, err := parent.OpenRoot(name)
	if err != nil {
		return nil, nil, pathError("open", name, err)
	}
	got, err := r.Stat(".")
	if err != nil || !os.SameFile(fi, got) {
		_ = r.Close()
		return nil, nil, &RefusedError{Name: name, Why: "changed while being opened", Kind: ErrChanged}
	}
	return r, got, nil
}

// ReadDirIn lists the directory r, sorted by name.
func ReadDirIn(r *os.Root) ([]fs.DirEntry, error) {
	f, err := r.Open(".")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// Dir is an open directory of a walk (see Chain), shared by whoever still
// needs it: the chain while the walk is in or below it, and each file
// listed in it until the file is read. It closes when the last lets go.
type Dir struct {
	root *os.Root
	refs atomic.Int64
	live *liveDirs
}

// Root is the directory, for reads of its entries. It stays open while
// the caller holds the Dir.
func (d *Dir) Root() *os.Root { return d.root }

// Hold takes one more hold on d, for a later Release.
func (d *Dir) Hold() *Dir {
	d.refs.Add(1)
	return d
}

// Release lets go of one hold; the last closes the directory.
func (d *Dir) Release() {
	if d.refs.Add(-1) == 0 {
		d.live.remove(d)
		_ = d.root.Close()
	}
}

// liveDirs is every Dir of a chain not yet closed, so that Close can
// close those a caller never released.
type liveDirs struct {
	mu   sync.Mutex
	dirs map[*Dir]struct{}
}

func (l *liveDirs) add(r *os.Root) *Dir {
	d := &Dir{root: r, live: l}
	d.refs.Store(1)
	l.mu.Lock()
	l.dirs[d] = struct{}{}
	l.mu.Unlock()
	return d
}

func (l *liveDirs) remove(d *Dir) {
	l.mu.Lock()
	delete(l.dirs, d)
	l.mu.Unlock()
}

// Chain is the path of directories from a walk's top down to where the
// walk is, each opened relative to its parent (see OpenDirIn): never by
// a path from the top, which for a deep tree the kernel would resolve
// whole at every level and, past its path length limit, refuse.
//
// Holding every directory of the path open would take a file descriptor
// per level; a Chain keeps the deepest chainWindow open and one every
// chainEvery levels above, and reopens the others from the nearest open
// ancestor when the walk climbs back to them (at most chainEvery opens,
// each checked to be the directory first opened): time stays linear in
// the number of directories, and descriptors in the depth over
// chainEvery.
type Chain struct {
	frames []frame
	live   *liveDirs
}

type frame struct {
	name string
	info fs.FileInfo
	dir  *Dir // nil while closed
}

const (
	chainWindow = 64
	chainEvery  = 64
)

// ErrMoved says a directory of the walk's path, reopened, is no longer
// the directory the walk entered.
var ErrMoved = errors.New("directory moved or replaced during the walk")

// NewChain starts a chain at top, which the chain owns and closes.
func NewChain(top *os.Root) *Chain {
	c := &Chain{live: &liveDirs{dirs: map[*Dir]struct{}{}}}
	c.frames = []frame{{dir: c.live.add(top)}}
	return c
}

// Depth is the number of directories entered below the top.
func (c *Chain) Depth() int { return len(c.frames) - 1 }

// Current returns the directory the walk is in, reopening it if the chain
// closed it. The chain keeps its hold; Hold it to keep it past Pop.
func (c *Chain) Current() (*Dir, error) {
	last := len(c.frames) - 1
	if c.frames[last].dir != nil {
		return c.frames[last].dir, nil
	}
	i := last
	for c.frames[i].dir == nil {
		i--
	}
	for j := i + 1; j <= last; j++ {
		r, fi, err := OpenDirIn(c.frames[j-1].dir.root, c.frames[j].name)
		if err == nil && !os.SameFile(fi, c.frames[j].info) {
			_ = r.Close()
			err = &RefusedError{Name: c.frames[j].name, Why: "was moved or replaced during the walk", Kind: ErrMoved}
		}
		if err != nil {
			return nil, err
		}
		c.frames[j].dir = c.live.add(r)
	}
	return c.frames[last].dir, nil
}

// Push enters the directory name of the current directory (see
// OpenDirIn). On an error the chain is unchanged.
func (c *Chain) Push(name string) (*Dir, error) {
	parent, err := c.Current()
	if err != nil {
		return nil, err
	}
	r, fi, err := OpenDirIn(parent.root, name)
	if err != nil {
		return nil, err
	}
	d := c.live.add(r)
	c.frames = append(c.frames, frame{name: name, info: fi, dir: d})
	if old := len(c.frames) - 1 - chainWindow; old > 0 && old%chainEvery != 0 && c.frames[old].dir != nil {
		c.frames[old].dir.Release()
		c.frames[old].dir = nil
	}
	return d, nil
}

// Pop leaves the current directory for its parent.
func (c *Chain) Pop() {
	last := len(c.frames) - 1
	if last == 0 {
		return
	}
	if d := c.frames[last].dir; d != nil {
		d.Release()
	}
	c.frames = c.frames[:last]
}

// Close closes every directory of the chain, and those still held by
// anyone: no Dir may be used after.
func (c *Chain) Close() {
	c.frames = nil
	c.live.mu.Lock()
	dirs := c.live.dirs
	c.live.dirs = map[*Dir]struct{}{}
	c.live.mu.Unlock()
	for d := range dirs {
		_ = d.root.Close()
	}
}
