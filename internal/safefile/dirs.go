package safefile

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Dir is an open directory of a walk (see Chain), shared by whoever still
// needs it: the chain while the walk is in or below it, and each file
// listed in it until the file is read. It closes when the last lets go.
//
// Everything is done relative to its handle, by one name: on Unix with
// openat and fstatat on a file descriptor, elsewhere through an os.Root.
type Dir struct {
	h    handle
	refs atomic.Int64
	live *liveDirs
}

// ReadDir lists the directory, sorted by name. Each entry's Info is the
// entry's own (a symbolic link's, not its target's).
func (d *Dir) ReadDir() ([]fs.DirEntry, error) {
	entries, err := d.h.readDir()
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// ReadFile reads the file name of the directory with the checks of
// ReadFileIn: not a symbolic link, a regular file (nothing else is
// opened), the file checked is the file opened, at most limit bytes.
func (d *Dir) ReadFile(name string, limit int64) ([]byte, error) {
	return d.h.readFile(name, limit)
}

// Hold takes one more hold on d, for a later Release.
func (d *Dir) Hold() *Dir {
	d.refs.Add(1)
	return d
}

// Release lets go of one hold; the last closes the directory.
func (d *Dir) Release() {
	if d.refs.Add(-1) == 0 {
		if d.live.remove(d) {
			d.h.close()
		}
	}
}

// liveDirs is every Dir of a chain not yet closed, so that Close can
// close those a caller never released.
type liveDirs struct {
	mu   sync.Mutex
	dirs map[*Dir]struct{}
}

func (l *liveDirs) add(h handle) *Dir {
	d := &Dir{h: h, live: l}
	d.refs.Store(1)
	l.mu.Lock()
	l.dirs[d] = struct{}{}
	l.mu.Unlock()
	return d
}

// remove reports whether d was live: Close may have closed it already.
func (l *liveDirs) remove(d *Dir) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.dirs[d]
	delete(l.dirs, d)
	return ok
}

// Chain is the path of directories from a walk's top down to where the
// walk is, each opened by its name in its parent's handle, refusing a
// symbolic link: never by a path from the top, which for a deep tree the
// kernel would resolve whole at every level and, past its path length
// limit, refuse.
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
	id   ident
	dir  *Dir // nil while closed
}

const (
	chainWindow = 64
	chainEvery  = 64
)

// ErrMoved says a directory of the walk's path, reopened, is no longer
// the directory the walk entered.
var ErrMoved = errors.New("directory moved or replaced during the walk")

// OpenChain starts a chain at the directory path, which the user named:
// a symbolic link there is followed.
func OpenChain(path string) (*Chain, error) {
	h, id, err := openTop(path)
	if err != nil {
		return nil, err
	}
	c := &Chain{live: &liveDirs{dirs: map[*Dir]struct{}{}}}
	c.frames = []frame{{id: id, dir: c.live.add(h)}}
	return c, nil
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
		h, id, err := c.frames[j-1].dir.h.openDir(c.frames[j].name)
		if err == nil && !id.same(c.frames[j].id) {
			h.close()
			err = &RefusedError{Name: c.frames[j].name, Why: "was moved or replaced during the walk", Kind: ErrMoved}
		}
		if err != nil {
			return nil, err
		}
		c.frames[j].dir = c.live.add(h)
	}
	return c.frames[last].dir, nil
}

// Push enters the directory name of the current directory. A symbolic
// link (wherever it points) is refused with ErrLink, anything but a
// directory with ErrNotRegular, and a directory swapped between its check
// and its opening with ErrChanged. On an error the chain is unchanged.
func (c *Chain) Push(name string) (*Dir, error) {
	parent, err := c.Current()
	if err != nil {
		return nil, err
	}
	h, id, err := parent.h.openDir(name)
	if err != nil {
		return nil, err
	}
	d := c.live.add(h)
	c.frames = append(c.frames, frame{name: name, id: id, dir: d})
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
		d.h.close()
	}
}

// refuseDir refuses a directory entry that is not a directory: a link
// (never followed) or another kind of file.
func refuseDir(name string, mode fs.FileMode) error {
	if mode&fs.ModeSymlink != 0 {
		return &RefusedError{Name: name, Why: "is a symbolic link; links in the scanned tree are not followed", Kind: ErrLink}
	}
	if !mode.IsDir() {
		return &RefusedError{Name: name, Why: "is " + fileKind(mode) + ", not a directory", Kind: ErrNotRegular}
	}
	return nil
}
