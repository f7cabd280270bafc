package gitignore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/ignore"
	"github.com/tightlip/tightlip/internal/safefile"
)

// Visitor is the gitignore check fed by another walk of the tree: a
// directory scan's one walk (source.Walker's Visit) tells it of each
// directory it lists, with the open handle and the .gitignore it read, so
// that the tree is listed, and each .gitignore read, once per scan (see
// docs/architecture.md, "One walk"). It does per directory
// what Check's own walk does, and Finish gives Check's Result.
//
// A Visitor takes one walk, from one goroutine; Finish, after the walk
// returns, and then Close.
type Visitor struct {
	t *tree
	// file: the root is a file, with nothing to check.
	file bool
	// frames are the directories the walk is in, the root first.
	frames []frame
}

// frame is one directory a walk is in.
type frame struct {
	lv    level
	where at
	// inNotProject: below testdata/, node_modules/ or vendor/.
	inNotProject bool
	// counted: the check's own walk would be in it, and it counts what is
	// in it; else the walk is in it for the scan only, and the check keeps
	// its .gitignore for later (see space.pre).
	counted bool
	// agree says the walk's paths from the work tree's top are this
	// space's: the patterns the walk parsed are scoped as they must be.
	agree bool
}

// NewVisitor starts a check of the tree at root, to be fed by a walk (see
// Visitor): it finds the work tree root is in, as Check does.
func NewVisitor(root string, opts Options) (*Visitor, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("gitignore check %s: %w", root, err)
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("gitignore check %s: %w", root, err)
	}
	if !fi.IsDir() {
		return &Visitor{file: true}, nil
	}
	list := opts.List
	if list == nil {
		list = Default()
	}
	t := &tree{list: list}
	sp, err := t.openRootSpace(abs)
	if err != nil {
		return nil, fmt.Errorf("gitignore check %s: %w", root, err)
	}
	parts := slices.Clip(sp.parts(""))
	v := &Visitor{t: t}
	v.frames = append(v.frames, frame{lv: level{sp: sp, parts: parts, id: idOf(parts)}, where: at{root: abs}, counted: true})
	return v, nil
}

// Close releases what the check opened.
func (v *Visitor) Close() {
	if v.t != nil {
		v.t.close()
	}
}

// Finish returns the check's result; call it only once the walk has
// returned without error, having told v of the whole tree.
func (v *Visitor) Finish() *Result {
	if v.file {
		return &Result{}
	}
	return v.t.result()
}

func (v *Visitor) top() *frame { return &v.frames[len(v.frames)-1] }

func (v *Visitor) problem(msg string) { v.t.problems = append(v.t.problems, msg) }

// Above keeps the .gitignore of a directory above the root, which the
// check reads only if it needs it (see space.chain), for then.
func (v *Visitor) Above(parts []string, f ignore.File, err error) {
	sp := v.frames[0].lv.sp
	if len(parts) > len(sp.prefix) || !slices.Equal(parts, sp.prefix[:len(parts)]) {
		return // the walk's work tree is not the check's
	}
	sp.keepPre(idOf(parts), f, err)
}

// Dir starts the check at a directory the walk listed (as Check's own walk,
// Visitor.walk, does):
// a nested repository starts a space, the directory's .gitignore joins
// its chain, and a project is found. In a directory walked for the scan
// only, the .gitignore is kept for later.
func (v *Visitor) Dir(dir *safefile.Dir, entries []fs.DirEntry, walkParts []string, f *ignore.File, ferr error) {
	fr := v.top()
	if len(v.frames) == 1 {
		// Compared once: the frames below inherit it.
		fr.agree = slices.Equal(walkParts, fr.lv.parts)
	}
	has := func(name string) bool {
		_, ok := slices.BinarySearchFunc(entries, name, func(e os.DirEntry, n string) int { return strings.Compare(e.Name(), n) })
		return ok
	}
	if !fr.counted {
		if f != nil {
			fr.lv.sp.keepPre(fr.lv.id, v.scoped(fr, *f, ferr), ferr)
		}
		return
	}
	isRoot := len(v.frames) == 1
	if !isRoot && has(".git") {
		rel := fr.where.rel()
		sp := v.t.openNestedSpace(fr.where.abs(), rel)
		fr.lv = level{sp: sp, parts: sp.parts(rel)}
		fr.lv.id = idOf(fr.lv.parts)
		fr.agree = false
	}
	sp := fr.lv.sp
	var ign *ignoreFile
	if f != nil {
		ign = sp.keepIgnoreFile(fr.lv.id, v.scoped(fr, *f, ferr), ferr)
	} else {
		ign = sp.ignoreFileIn(fr.lv.id, fr.lv.parts, dir, has(".gitignore"))
	}
	// Read before the entries it governs.
	fr.lv.chain = fr.lv.chain.With(ign.patterns)
	if !fr.inNotProject && (isRoot || has(".git") || has(".gitignore") || slices.ContainsFunc(manifests, has)) {
		p := project{rel: fr.where.rel(), space: sp}
		if has(".npmrc") {
			p.npmrcAuth = v.t.npmrcHasAuth(dir, join(p.rel, ".npmrc"))
		}
		v.t.projects = append(v.t.projects, p)
	}
}

// scoped is the .gitignore the walk read, scoped to the directory's path
// in fr's space: parsed again from its content only where the walk's
// paths are not the space's (a nested repository's).
func (v *Visitor) scoped(fr *frame, f ignore.File, err error) ignore.File {
	if fr.agree || err != nil || !f.Exists {
		return f
	}
	src := fr.lv.sp.source(fr.lv.parts, ".gitignore")
	return ignore.File{Patterns: ignore.Parse(f.Data, fr.lv.parts, src), Data: f.Data, Exists: true}
}

// Entry judges a file of a plain directory that the list names.
func (v *Visitor) Entry(dir *safefile.Dir, e fs.DirEntry) {
	fr := v.top()
	if !fr.counted {
		return
	}
	name := e.Name()
	sp := fr.lv.sp
	if e.Type()&os.ModeSymlink != 0 || name == ".git" || !e.Type().IsRegular() || sp.repo != nil {
		// Links are committed as links, not as what they point to.
		return
	}
	entry, ok := v.t.list.Match(name)
	if !ok {
		return
	}
	if _, ex := fr.lv.chain.DecideEntry(append(fr.lv.parts, name), false); ex {
		return
	}
	if childRel := fr.where.child(name).rel(); v.t.judgeCandidate(dir, name, childRel, entry.kind) {
		v.t.candidates = append(v.t.candidates, candidate{rel: childRel, space: sp})
	}
}

// Want says whether the check enters a subdirectory: not one its
// .gitignore files exclude (what is in it is never committed), nor, in a
// work tree, a fixture or third-party directory (tracked files come from
// the index; see tracked.go).
func (v *Visitor) Want(name string) bool {
	fr := v.top()
	if !fr.counted {
		return false
	}
	if slices.Contains(notProjects, name) && fr.lv.sp.repo != nil {
		return false
	}
	_, ex := fr.lv.chain.DecideEntry(append(fr.lv.parts, name), true)
	return !ex
}

// Enter goes down into the subdirectory name: counted if the check wanted
// it, else walked for the scan only.
func (v *Visitor) Enter(name string, wanted bool) {
	fr := v.top()
	// parts grows in place, on purpose: see level.parts.
	child := frame{
		lv:           level{sp: fr.lv.sp, parts: append(fr.lv.parts, name), chain: fr.lv.chain, id: fr.lv.id.child(name)},
		where:        fr.where.child(name),
		inNotProject: fr.inNotProject || slices.Contains(notProjects, name),
		counted:      fr.counted && wanted,
		agree:        fr.agree,
	}
	v.frames = append(v.frames, child)
}

// Leave goes back up.
func (v *Visitor) Leave() {
	v.frames[len(v.frames)-1] = frame{}
	v.frames = v.frames[:len(v.frames)-1]
}

// Unlisted says a directory the check needed could not be read.
func (v *Visitor) Unlisted(err error) {
	if fr := v.top(); fr.counted {
		v.problem(fmt.Sprintf("%s: %v", displayDir(fr.where.rel()), unwrapPath(err)))
	}
}

// NotOpened says a subdirectory the check wanted could not be opened; a
// link is committed as a link.
func (v *Visitor) NotOpened(name string, err error) {
	if fr := v.top(); fr.counted && !errors.Is(err, safefile.ErrLink) {
		v.problem(fmt.Sprintf("%s: %s", fr.where.child(name).rel(), safefile.Why(err)))
	}
}

// Lost says the rest of a directory the check needed was not read.
func (v *Visitor) Lost(after string, err error) {
	if fr := v.top(); fr.counted {
		v.problem(fmt.Sprintf("%s: the rest of it after %s: %v", displayDir(fr.where.rel()), after, unwrapPath(err)))
	}
}
