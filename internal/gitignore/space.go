package gitignore

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path"
	"path/filepath"
	"strings"

	git "github.com/go-git/go-git/v5"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/textpos"
)

// space is one tree in which .gitignore files combine: a git work tree, or
// a plain directory (the scanned root, when it is not in a work tree). A
// nested repository is a space of its own, because its parent's
// .gitignore files do not reach into it.
type space struct {
	// top is the absolute path of the work tree (or plain directory).
	top string
	// rel is top's slash path from the scanned root; "" for the root's
	// space, whose top may lie above the root (see prefix).
	rel string
	// prefix is the scanned root's path from top, for the root's space.
	prefix []string
	// repo is nil for a plain directory.
	repo *git.Repository
	// machine holds .git/info/exclude and the global excludes: they do not
	// count, but a message names them when they hide a file.
	machine []ignore.Pattern
	// dirs caches each directory's .gitignore, by path from top (its
	// dirID).
	dirs map[dirID]*ignoreFile
	// pre holds, by directory, the .gitignore files a scan's walk read
	// where the check does not go (see Visitor): ignoreFileAt takes one
	// from here instead of reading it again. Kept as dirs keeps them,
	// patterns and end, so that a tree costs no more to hold than when
	// the check walks it all.
	pre map[dirID]preRead
	// planned holds, by directory, the lines the fixes proposed so far
	// would add: a nested project is judged as if they were there.
	planned map[dirID][]ignore.Pattern
	// problems collects read errors, each naming the file.
	problems *[]string
	// root reads the space's files (see read); opened on first use.
	root *os.Root
}

func (s *space) close() {
	if s.root != nil {
		_ = s.root.Close()
		s.root = nil
	}
}

// ignoreFile is one directory's .gitignore as read.
type ignoreFile struct {
	patterns []ignore.Pattern
	state    fileState
}

// fileState is what a fix needs to know to append to a file.
type fileState struct {
	exists bool
	size   int64
	// endLine and endCol are where the file ends, as findings count lines
	// and columns (textpos): where an append goes.
	endLine, endCol int
	// lastLen is the length of the last line without a newline (0 if the
	// file ends with one).
	lastLen int
	crlf    bool
}

func newFileState(data []byte) fileState {
	st := fileState{exists: true, size: int64(len(data))}
	if len(data) == 0 {
		return st
	}
	nl := bytes.Count(data, []byte("\n"))
	crlf := bytes.Count(data, []byte("\r\n"))
	// The file's own convention wins; on a tie (a mixed file) git's and
	// Unix's LF does.
	st.crlf = crlf > nl-crlf
	if data[len(data)-1] != '\n' {
		st.lastLen = len(data) - 1 - bytes.LastIndexByte(data, '\n')
	}
	st.endLine, st.endCol = textpos.New(data).FromOffset(len(data))
	return st
}

func (st fileState) eol() string {
	if st.crlf {
		return "\r\n"
	}
	return "\n"
}

// parts turns a slash path from the scanned root into the path from top
// that patterns match against.
func (s *space) parts(rel string) []string {
	out := append([]string(nil), s.prefix...)
	rel = strings.TrimPrefix(strings.TrimPrefix(rel, s.rel), "/")
	if rel != "" {
		out = append(out, strings.Split(rel, "/")...)
	}
	return out
}

// source names a file of the space for messages: its slash path from the
// scanned root, with ../ for .gitignore files above it.
func (s *space) source(dirParts []string, name string) string {
	up := len(s.prefix) - min(len(s.prefix), len(dirParts))
	var segs []string
	for range up {
		segs = append(segs, "..")
	}
	if s.rel != "" {
		segs = append(segs, s.rel)
	}
	if len(dirParts) > len(s.prefix) {
		segs = append(segs, dirParts[len(s.prefix):]...)
	}
	return path.Join(append(segs, name)...)
}

// dirID names a directory by its path from top: a hash of it, made a
// component at a time, so that a walk names each directory in time
// linear in its name, not its depth, and a cache keyed by it holds a
// fixed size per directory whatever the depth.
type dirID [16]byte

// idOf is the dirID of the directory at parts.
func idOf(parts []string) dirID {
	var id dirID
	for _, p := range parts {
		id = id.child(p)
	}
	return id
}

// child is the dirID of the directory name in id's.
func (id dirID) child(name string) dirID {
	h := sha256.New()
	h.Write(id[:])
	h.Write([]byte(name))
	var out dirID
	copy(out[:], h.Sum(nil))
	return out
}

// ignoreFileAt reads (once) the .gitignore of the directory at dirParts,
// which id names.
func (s *space) ignoreFileAt(id dirID, dirParts []string) *ignoreFile {
	if f, ok := s.dirs[id]; ok {
		return f
	}
	if p, ok := s.pre[id]; ok {
		delete(s.pre, id)
		s.dirs[id] = p.f
		if p.err != nil {
			*s.problems = append(*s.problems, p.err.Error())
		}
		return p.f
	}
	file := filepath.Join(s.top, filepath.Join(dirParts...), ".gitignore")
	data, err := s.read(file, ignore.MaxFile)
	read, err := ignore.Load(data, err, dirParts, s.source(dirParts, ".gitignore"))
	return s.keepIgnoreFile(id, read, err)
}

// ignoreFileIn is ignoreFile for the directory the walk holds open as dir,
// read from that handle (see safefile.Chain); exists says its listing has
// a .gitignore.
func (s *space) ignoreFileIn(id dirID, dirParts []string, dir *safefile.Dir, exists bool) *ignoreFile {
	if f, ok := s.dirs[id]; ok {
		return f
	}
	if !exists {
		f := &ignoreFile{}
		s.dirs[id] = f
		return f
	}
	read, err := ignore.ReadIn(dir, ".gitignore", dirParts, s.source(dirParts, ".gitignore"))
	return s.keepIgnoreFile(id, read, err)
}

// keepIgnoreFile caches, under id, a directory's .gitignore as read (see
// ignore.Load).
func (s *space) keepIgnoreFile(id dirID, read ignore.File, err error) *ignoreFile {
	f := newIgnoreFile(read, err)
	s.dirs[id] = f
	if err != nil {
		// A link (git does not follow one either), a FIFO, a directory
		// named .gitignore, one too large or unreadable: its patterns do
		// not apply, and the user hears of it.
		*s.problems = append(*s.problems, err.Error())
	}
	return f
}

// preRead is a .gitignore a walk read for the check before it needed it:
// a refusal is the user's to hear of only if the check uses the file.
type preRead struct {
	f   *ignoreFile
	err error
}

// keepPre keeps, under id, a directory's .gitignore that a walk read
// where the check does not go, for ignoreFileAt.
func (s *space) keepPre(id dirID, read ignore.File, err error) {
	if s.repo == nil {
		// Only a work tree's index asks for files where the check does
		// not go (see tracked.go); a plain directory's never will.
		return
	}
	if _, ok := s.dirs[id]; ok {
		return
	}
	if s.pre == nil {
		s.pre = map[dirID]preRead{}
	}
	s.pre[id] = preRead{f: newIgnoreFile(read, err), err: err}
}

func newIgnoreFile(read ignore.File, err error) *ignoreFile {
	f := &ignoreFile{}
	if err == nil && read.Exists {
		f.patterns = read.Patterns
		f.state = newFileState(read.Data)
	}
	return f
}

// chain returns the patterns that apply to the entries of the directory at
// dirParts, in increasing priority: every .gitignore from top down to it,
// each followed, when planned is set, by the lines the fixes would add.
func (s *space) chain(dirParts []string, planned bool) []ignore.Pattern {
	var out []ignore.Pattern
	var id dirID
	for i := 0; i <= len(dirParts); i++ {
		if i > 0 {
			id = id.child(dirParts[i-1])
		}
		out = append(out, s.ignoreFileAt(id, dirParts[:i]).patterns...)
		if planned {
			out = append(out, s.planned[id]...)
		}
	}
	return out
}

// excluded reports whether the space's .gitignore files exclude the path,
// and the pattern that decides it.
func (s *space) excluded(p []string, isDir bool) (*ignore.Pattern, bool) {
	return ignore.Decide(s.chain(p[:len(p)-1], false), p, isDir)
}

// excludedAfterFixes is excluded with the lines the fixes proposed so far
// in place.
func (s *space) excludedAfterFixes(p []string, isDir bool) bool {
	_, ex := ignore.Decide(s.chain(p[:len(p)-1], true), p, isDir)
	return ex
}

// hiddenLocally returns the machine-local pattern that excludes a path the
// .gitignore files do not, if any.
func (s *space) hiddenLocally(p []string, isDir bool) *ignore.Pattern {
	if len(s.machine) == 0 {
		return nil
	}
	// git reads the machine's files first: any .gitignore line overrides them.
	by, ok := ignore.Decide(append(append([]ignore.Pattern(nil), s.machine...), s.chain(p[:len(p)-1], true)...), p, isDir)
	if !ok || by == nil || !isMachine(s, by) {
		return nil
	}
	return by
}

func isMachine(s *space, p *ignore.Pattern) bool {
	for i := range s.machine {
		if s.machine[i].Source == p.Source {
			return true
		}
	}
	return false
}
