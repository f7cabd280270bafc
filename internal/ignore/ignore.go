// Package ignore is tightlip's one gitignore matcher: it reads ignore files
// (.gitignore, .git/info/exclude, an excludes file) safely, parses them into
// patterns that remember their file and line, scopes each file's patterns
// to its directory, decides a path as git does (the last matching pattern
// wins, a negation re-includes) and lets git's index override the result
// (a tracked file is in every clone, ignored or not).
//
// Two packages use it: the directory walker of the content scan (package
// source), which must skip what git would skip, and the gitignore rule
// family (package gitignore), which must say which pattern hides a file.
// Matching itself is go-git's (plumbing/format/gitignore); this package
// adds what go-git's reader lacks (see Parse) and the safety of the reads.
package ignore

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/tightlip/tightlip/internal/safefile"
)

// MaxFile bounds an ignore file: the largest real ones are a few KiB.
const MaxFile = safefile.MiB

// Pattern is one line of an ignore file, with where it came from so that a
// message can say what hides a file.
type Pattern struct {
	match gitignore.Pattern
	// Source names the file for messages, as the caller named it: a slash
	// path from the scanned root, or a machine-local file such as
	// .git/info/exclude.
	Source string
	// Line is the pattern's line in the file, from 1.
	Line int
}

// Parse parses the content of an ignore file: one pattern a line, scoped to
// domain, the path of the file's directory from the work tree's top (nil
// for a file that applies to the whole tree, such as .git/info/exclude).
// Blank lines and comments are skipped but counted, so each pattern keeps
// its line number.
//
// As git does, and go-git's own reader does not, it drops one CR at the
// end of a line (bufio.ScanLines does: a CRLF line's pattern would
// otherwise never match) and a UTF-8 byte-order mark at the start of the
// file (which some Windows editors write). A second CR stays part of the
// pattern, as in git: "*\r\r" ignores only names that end in a CR.
func Parse(data []byte, domain []string, source string) []Pattern {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var out []Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if emptyComponent(line) {
			continue
		}
		// go-git copies domain: the caller's slice may be reused.
		out = append(out, Pattern{match: gitignore.ParsePattern(trailingDoubleStar(line), domain), Source: source, Line: n})
	}
	return out
}

// trailingDoubleStar rewrites a pattern ending in a "**" component for
// go-git's matcher, which takes a trailing "**" as matching nothing new:
// "/**" and "**/**" then ignored nothing, where git ignores everything,
// and "dir/**" ignored dir itself, where git ignores only what is inside
// (so "!dir/keep" after it could not re-include). go-git's matcher
// takes a pattern that matches a path's leading components as matching
// the path, so "dir/*" is git's "dir/**": everything below dir, not dir;
// and a pattern of "**" components only is "*", every name at every
// depth. A "!" and a trailing "/" are kept.
func trailingDoubleStar(line string) string {
	neg := ""
	if strings.HasPrefix(line, "!") {
		neg, line = "!", line[1:]
	}
	body, dirOnly := strings.CutSuffix(line, "/")
	comps := strings.Split(strings.TrimPrefix(body, "/"), "/")
	if comps[len(comps)-1] != "**" {
		return neg + line
	}
	if !slices.ContainsFunc(comps, func(c string) bool { return c != "**" }) {
		body = "*"
	} else {
		body = strings.TrimSuffix(body, "**") + "*"
	}
	if dirOnly {
		body += "/"
	}
	return neg + body
}

// emptyComponent reports whether a pattern holds an empty path component:
// a "//", or a "/" at either end beyond the one git strips there (a
// leading one anchors, a trailing one asks for a directory). git matches
// such a pattern against paths, which never hold one, so it matches
// nothing; go-git skips empty components, so "*//" ignored every
// directory and "//a" a top-level a, which git adds. Parse drops it.
// Trailing spaces are trimmed first, as git does (a "\ " keeps its
// space).
func emptyComponent(line string) bool {
	line = strings.TrimPrefix(trimTrailingSpaces(line), "!")
	line = strings.TrimSuffix(line, "/")
	if !strings.Contains(line, "/") {
		return false // matched against a name, never a path
	}
	line = strings.TrimPrefix(line, "/")
	return line == "" || strings.HasPrefix(line, "/") || strings.HasSuffix(line, "/") || strings.Contains(line, "//")
}

// trimTrailingSpaces drops the spaces at the end of a pattern line that a
// backslash does not escape, as git does.
func trimTrailingSpaces(line string) string {
	end := len(line)
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case ' ':
			if end == len(line) {
				end = i
			}
			continue
		case '\\':
			i++
		}
		end = len(line)
	}
	return line[:end]
}

// File is an ignore file as read.
type File struct {
	// Patterns are its patterns (see Parse).
	Patterns []Pattern
	// Data is its content, for a caller that edits it.
	Data []byte
	// Exists says there is such a file; false for a missing one.
	Exists bool
}

// ReadError is an ignore file that exists but was not read: a symbolic
// link (git does not follow one either), a FIFO, a directory, one larger
// than MaxFile, or one that could not be read. Its patterns do not apply,
// so that more is scanned, not less, and the user is told.
type ReadError struct {
	// Source names the file, as given to Load.
	Source string
	Err    error
}

// Error names the file and says what is wrong with it.
func (e *ReadError) Error() string { return e.Source + ": " + safefile.Why(e.Err) }

// Unwrap returns the cause, for errors.Is (safefile.ErrLink, ErrTooLarge …).
func (e *ReadError) Unwrap() error { return e.Err }

// Load makes the File that reading an ignore file gave, data or err (from
// one of the readers below or safefile's): a missing file is an empty File
// and no error; any other error is a *ReadError naming the file by source.
func Load(data []byte, err error, domain []string, source string) (File, error) {
	if errors.Is(err, fs.ErrNotExist) {
		return File{}, nil
	}
	if hook := loaded.Load(); hook != nil {
		(*hook)(source)
	}
	if err != nil {
		return File{}, &ReadError{Source: source, Err: err}
	}
	return File{Patterns: Parse(data, domain, source), Data: data, Exists: true}, nil
}

// ReadIn reads the ignore file name in dir, a directory a walk holds open
// (see safefile.Chain): never through a symbolic link, and only a regular
// file of at most MaxFile bytes. See Load for the result.
func ReadIn(dir *safefile.Dir, name string, domain []string, source string) (File, error) {
	data, err := dir.ReadFile(name, MaxFile)
	return Load(data, err, domain, source)
}

// ReadInRoot reads the ignore file name (a local path) under root, with
// the same checks as ReadIn (see safefile.ReadFileIn).
func ReadInRoot(root *os.Root, name string, domain []string, source string) (File, error) {
	data, err := safefile.ReadFileIn(root, name, MaxFile)
	return Load(data, err, domain, source)
}

// ReadPath reads the ignore file at file, a path outside the scanned tree
// that git or the user chose (.git/info/exclude, core.excludesFile): a link
// is followed, but it must lead to a regular file of at most MaxFile bytes.
func ReadPath(file string, domain []string, source string) (File, error) {
	data, err := safefile.ReadPath(file, MaxFile)
	return Load(data, err, domain, source)
}

// Decide applies patterns, in increasing priority, to the path (its
// components from the work tree's top) as git does: the last pattern that
// matches wins. It returns that pattern, and whether it excludes the path
// (false for a negation, or when nothing matches).
//
// A pattern of a file in another directory never matches (see Parse's
// domain), so patterns may hold every file read so far; a walk keeps only
// those of the directories above the path (see Chain), to match in time
// bounded by them.
func Decide(patterns []Pattern, path []string, isDir bool) (*Pattern, bool) {
	for i := len(patterns) - 1; i >= 0; i-- {
		switch patterns[i].match.Match(path, isDir) {
		case gitignore.Exclude:
			return &patterns[i], true
		case gitignore.Include:
			return &patterns[i], false
		}
	}
	return nil, false
}

// Chain holds the patterns that apply to the entries of one directory, in
// increasing priority: those of the files that apply everywhere, then of
// each directory's ignore file from the top down to it.
type Chain []Pattern

// With is the chain of a directory whose parent's chain is c and whose own
// ignore file has patterns. Without any it is c itself, shared: a walk
// thousands of directories deep copies a chain only where a directory adds
// to it.
func (c Chain) With(patterns []Pattern) Chain {
	if len(patterns) == 0 {
		return c
	}
	return append(slices.Clip(c), patterns...)
}

// Decide is Decide over the chain.
func (c Chain) Decide(path []string, isDir bool) (*Pattern, bool) {
	return Decide(c, path, isDir)
}

// Tracked is git's index as an override of the ignore rules: a file git
// tracks is in every clone whatever .gitignore says, and a directory with a
// tracked file below it must still be entered for that file.
type Tracked struct {
	files map[string]bool
	dirs  map[string]bool
}

// NewTracked makes the override of the index entries names, slash paths
// from the work tree's top.
func NewTracked(names []string) *Tracked {
	t := &Tracked{files: make(map[string]bool, len(names)), dirs: map[string]bool{}}
	for _, n := range names {
		t.files[n] = true
		for d := path.Dir(n); d != "." && !t.dirs[d]; d = path.Dir(d) {
			t.dirs[d] = true
		}
	}
	return t
}

// Has reports whether git tracks the file at p (a slash path from the work
// tree's top) or, for a directory, a file below it. A nil Tracked tracks
// nothing.
func (t *Tracked) Has(p string, isDir bool) bool {
	if t == nil {
		return false
	}
	if isDir {
		return t.dirs[p]
	}
	return t.files[p]
}

// Skipped reports whether chain excludes the path at parts (from the work
// tree's top) and tracked does not override it: whether git leaves it out
// of a commit of the whole tree, so a walk need not read it.
func Skipped(chain Chain, tracked *Tracked, parts []string, isDir bool) bool {
	if _, ex := chain.Decide(parts, isDir); !ex {
		return false
	}
	return !tracked.Has(strings.Join(parts, "/"), isDir)
}
