package source

import (
	"io/fs"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
)

// DirVisitor is fed by a Walker's one walk of a tree (Walker.Visit): it is
// told of each directory as the walk lists it, with the directory's open
// handle and its .gitignore as read, so that a check that needs the tree's
// directories (the gitignore rules) neither lists one again nor reads a
// .gitignore again (see docs/architecture.md, "One walk").
//
// Its methods take only types of the packages both sides share (ignore,
// safefile), so that a visitor need not import this package. The walk
// calls them from one goroutine, in order: for the scanned root and each
// directory it enters, Dir (or Unlisted), then, for its entries in
// lexical order, Entry for each one that is not a directory and, for a
// subdirectory other than .git, Want, then (if opened) Enter, the same
// for the subdirectory, Leave. Handles and slices passed are valid only
// during the call.
type DirVisitor interface {
	// Above is told of the .gitignore of a directory above the scanned
	// root, at parts from the work tree's top, as the walk read it.
	Above(parts []string, f ignore.File, err error)
	// Dir is told of the directory just entered (first the root): its
	// handle, its sorted entries, its path from the work tree's top (for
	// a plain directory, from the root), and its .gitignore as the walk
	// read it; f is nil if the walk did not read one (the listing has
	// none), and err says why one was refused.
	Dir(dir *safefile.Dir, entries []fs.DirEntry, parts []string, f *ignore.File, err error)
	// Entry is told of an entry of the current directory that is not a
	// directory (a link to one is not), with the directory's handle.
	Entry(dir *safefile.Dir, e fs.DirEntry)
	// Want says whether the visitor needs the subdirectory name of the
	// current directory walked. The walk enters it if the visitor or the
	// scan needs it; one the scan's .gitignore rules exclude, it walks for
	// the visitor only, yielding nothing in it.
	Want(name string) bool
	// Enter is told the walk entered the subdirectory name of the
	// current directory; wanted is what Want said. Leave is told it is
	// done with it.
	Enter(name string, wanted bool)
	Leave()
	// Unlisted is told the directory just entered (or the root) could not
	// be opened or listed, instead of Dir.
	Unlisted(err error)
	// NotOpened is told the subdirectory name of the current directory,
	// which the visitor wanted, could not be opened.
	NotOpened(name string, err error)
	// Lost is told the current directory could not be reopened after its
	// subdirectory after: the walk leaves the rest of it.
	Lost(after string, err error)
}
