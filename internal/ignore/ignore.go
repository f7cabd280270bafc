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
// The parsing and matching are git's (dir.c and wildmatch.c), written
// here: go-git's matcher, used before, differs from git in ways a
// .gitignore could use to hide a file git commits (see wildmatch).
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

	"github.com/tightlip/tightlip/internal/safefile"
)

// MaxFile bounds an ignore file: the largest real ones are a few KiB.
const MaxFile = safefile.MiB

// Pattern is one line of an ignore file, with where it came from so that a
// message can say what hides a file.
type Pattern struct {
	// glob is the pattern without its "!" and trailing "/".
	glob string
	// domain is the path of the file's directory from the work tree's
	// top: the pattern applies only below it.
	domain []string
	// negative re-includes; dirOnly matches directories only; noDir
	// (no "/" in glob) matches a path's last component, wherever it is.
	negative, dirOnly, noDir bool
	// literal is how many leading bytes of glob hold no wildcard.
	literal int
	// maxParts bounds the components of a path below domain that glob
	// can match, 0 for no bound (a "**"): "*", "?" and classes never
	// match a "/", so each "/" of a path needs one of the pattern's. It
	// spares deep paths a join.
	maxParts int
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
// It reads a line as git does: a UTF-8 byte-order mark at the start of the
// file is skipped, one CR at the end of a line dropped (a second stays
// part of the pattern: "*\r\r" ignores only names that end in a CR), a
// line ends at a NUL, and trailing spaces a backslash does not escape are
// trimmed.
func Parse(data []byte, domain []string, source string) []Pattern {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var out []Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if nul := strings.IndexByte(line, 0); nul >= 0 {
			line = line[:nul]
		}
		glob := trimTrailingSpaces(line)
		if glob == "" {
			continue // git's pattern "" matches nothing
		}
		p := Pattern{domain: slices.Clone(domain), Source: source, Line: n}
		glob, p.negative = strings.CutPrefix(glob, "!")
		glob, p.dirOnly = strings.CutSuffix(glob, "/")
		p.glob, p.noDir = glob, !strings.Contains(glob, "/")
		for p.literal < len(glob) && !isGlobSpecial(glob[p.literal]) {
			p.literal++
		}
		if !strings.Contains(glob, "**") {
			p.maxParts = strings.Count(strings.TrimPrefix(glob, "/"), "/") + 1
		}
		out = append(out, p)
	}
	return out
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

// matches reports whether the pattern matches the path itself (not a
// directory above it): as git's last_matching_pattern_from_list tests one
// pattern.
func (p *Pattern) matches(path []string, isDir bool) bool {
	if p.dirOnly && !isDir || len(path) <= len(p.domain) {
		return false
	}
	for i, d := range p.domain {
		if path[i] != d {
			return false
		}
	}
	if p.noDir {
		return wildmatch(p.glob, path[len(path)-1], false)
	}
	if p.maxParts > 0 && len(path)-len(p.domain) > p.maxParts {
		return false
	}
	// git's match_pathname: a leading "/" only anchors (every pattern
	// with a "/" is relative to its file's directory); the literal
	// prefix is compared first, and the rest is matched on its own, which
	// makes a "**" right after it start a component.
	glob, literal := p.glob, p.literal
	if strings.HasPrefix(glob, "/") {
		glob, literal = glob[1:], literal-1
	}
	name := strings.Join(path[len(p.domain):], "/")
	if literal > 0 {
		if literal > len(name) || glob[:literal] != name[:literal] {
			return false
		}
		glob, name = glob[literal:], name[literal:]
		if glob == "" && name == "" {
			return true
		}
	}
	return wildmatch(glob, name, true)
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
// components from the work tree's top) as git does: a path inside a
// directory the patterns exclude is excluded (git does not look inside,
// so no negation re-includes it); otherwise the last pattern that matches
// the path itself wins. It returns that pattern, and whether it excludes
// the path (false for a negation, or when nothing matches).
//
// A pattern of a file in another directory never matches (see Parse's
// domain), so patterns may hold every file read so far; a walk keeps only
// those of the directories above the path (see Chain), to match in time
// bounded by them.
func Decide(patterns []Pattern, path []string, isDir bool) (*Pattern, bool) {
	for n := 1; n < len(path); n++ {
		if p, ex := decideSelf(patterns, path[:n], true); ex {
			return p, true
		}
	}
	return decideSelf(patterns, path, isDir)
}

// decideSelf is Decide for the path alone, as if no directory above it
// were excluded.
func decideSelf(patterns []Pattern, path []string, isDir bool) (*Pattern, bool) {
	for i := len(patterns) - 1; i >= 0; i-- {
		if patterns[i].matches(path, isDir) {
			return &patterns[i], !patterns[i].negative
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

// DecideEntry is Decide for an entry of a walk that enters no directory
// the chain excludes: the directories above it need no deciding again, so
// each entry costs one pass over the chain, and a tree thousands of
// directories deep is walked in linear time. (A walk that enters excluded
// directories uses Skipped.)
func (c Chain) DecideEntry(path []string, isDir bool) (*Pattern, bool) {
	return decideSelf(c, path, isDir)
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

// Skipped decides an entry of a walk, the path at parts (from the work
// tree's top), whose every directory above has been decided: within is
// the pattern that excluded one of them (the walk entered it only for the
// files git tracks there), nil when none did. It returns the pattern that
// excludes the entry (nil when none does), and whether the walk skips it:
// excluded, and tracked does not override that, so git leaves it out of
// a commit of the whole tree. A walk passes by down as the within of a
// directory it enters, so that each entry costs one pass over the chain,
// not one per directory above it: a tree thousands of directories deep
// stays linear.
func Skipped(chain Chain, tracked *Tracked, parts []string, isDir bool, within *Pattern) (by *Pattern, skip bool) {
	by, ex := within, within != nil
	if !ex {
		if by, ex = decideSelf(chain, parts, isDir); !ex {
			return nil, false
		}
	}
	return by, !tracked.Has(strings.Join(parts, "/"), isDir)
}
