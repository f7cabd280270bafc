package scan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/safefile"
)

// DefaultGoTimeout is how long the Go analyzers may run on a tree, all
// modules together, when Options.GoTimeout is 0.
const DefaultGoTimeout = 10 * time.Minute

// maxGoModules bounds how many modules one scan analyses: go vet costs
// about a second per module even for a trivial one, and a tree (or an
// attacker) can hold thousands. The rest are named as not analysed.
const maxGoModules = 200

// goOptions configure analyzeGo.
type goOptions struct {
	// vetTool speaks go vet's -vettool protocol with tightlip's analyzers.
	vetTool string
	eng     *detect.Engine
	// download lets the go command fetch missing modules (--go-download).
	download bool
	timeout  time.Duration
	// workers bounds how many modules are analysed at once.
	workers int
	// maxModules is maxGoModules unless a test sets it.
	maxModules int
	// files, when not nil, are the only Go files whose findings are
	// wanted (slash paths relative to the root): a range scan's changed
	// files. The modules and packages holding none are not analysed.
	files []string
	// progress, when set, counts the modules to analyse and those done.
	progress *Progress
}

// goResult is what the Go analyzers found under a root, and what they
// could not analyse.
type goResult struct {
	findings []finding.Finding
	// incomplete name Go code the analyzers did not analyse, and why.
	incomplete []string
	// notes say what else a reader must know (files left out by build
	// constraints).
	notes []string
	// silenced are the diagnostics comments in the code silenced
	// (tightlip:allow, #nosec): see vetSilenced.
	silenced []finding.Finding
}

// goTarget is one go vet run: a module directory, or a directory inside a
// module, and the packages to analyse there.
type goTarget struct {
	dir      string
	patterns []string
	// only, when set, are the Go files whose findings are reported, slash
	// paths relative to the root dir: the file of a scan of one Go file,
	// or the Go files a range changed. Only the packages holding them are
	// analysed, and only their problems make the scan incomplete.
	only map[string]bool
	// irregular names a Go file in the module that is not a regular file
	// (a FIFO, a device): the module is not handed to go.
	irregular string
}

// analyzeGo runs tightlip's Go analyzers on every Go module under root (or
// the module root lies in, or the package of a Go file root) through go
// vet, with o.vetTool as the tool: go vet brings the build cache, export
// data and facts across packages, and runs packages in parallel. Modules
// run in parallel too, up to o.workers. Whatever could not be analysed (no
// go command, a module or package that does not load or build, a
// dependency missing offline, the time limit) is named in incomplete.
func analyzeGo(ctx context.Context, root string, o goOptions) goResult {
	var res goResult
	abs, err := filepath.Abs(root)
	if err != nil {
		res.incomplete = append(res.incomplete, fmt.Sprintf("go analyzers: %v", err))
		return res
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	rootDir, targets, loose := goTargets(abs)
	if o.files != nil {
		targets = holdingFiles(rootDir, targets, o.files)
	}
	if loose {
		res.notes = append(res.notes, "go analyzers: Go files that lie in no Go module (no go.mod) were not analysed; the content rules read them")
	}
	if len(targets) == 0 {
		return res
	}
	if _, err := exec.LookPath("go"); err != nil {
		res.incomplete = append(res.incomplete, fmt.Sprintf("go analyzers did not run: no go command on PATH; the Go code of %s was read by the content rules only (install Go, or --go=false to skip the analyzers)",
			countNoun(len(targets), "module")))
		return res
	}
	if o.maxModules <= 0 {
		o.maxModules = maxGoModules
	}
	if len(targets) > o.maxModules {
		var names []string
		for _, t := range targets[o.maxModules:] {
			names = append(names, relSlash(rootDir, t.dir))
		}
		res.incomplete = append(res.incomplete, fmt.Sprintf("go analyzers: %d Go modules, more than the %d analysed; not analysed: %s",
			len(targets), o.maxModules, boundedList(names)))
		targets = targets[:o.maxModules]
	}
	rootFS, err := os.OpenRoot(rootDir)
	if err != nil {
		res.incomplete = append(res.incomplete, fmt.Sprintf("go analyzers: %v", err))
		return res
	}
	defer rootFS.Close()
	if o.timeout <= 0 {
		o.timeout = DefaultGoTimeout
	}
	if o.workers <= 0 {
		o.workers = runtime.NumCPU()
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	if o.progress != nil {
		o.progress.GoModules.Store(int64(len(targets)))
	}
	results := make([]moduleResult, len(targets))
	sem := make(chan struct{}, o.workers)
	var wg sync.WaitGroup
	var box crash.Box
	for i, t := range targets {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			defer box.Catch()
			results[i] = vetTarget(ctx, rootFS, rootDir, t, o)
			if o.progress != nil {
				o.progress.GoModulesDone.Add(1)
			}
		})
	}
	wg.Wait()
	box.Rethrow()
	// In target order, so that output is the same on every run.
	var ignored []ignoredFile
	for i, r := range results {
		res.findings = append(res.findings, r.findings...)
		res.incomplete = append(res.incomplete, r.problems(relSlash(rootDir, targets[i].dir))...)
		ignored = append(ignored, r.ignored...)
		res.notes = append(res.notes, r.notes...)
		res.silenced = append(res.silenced, r.silenced...)
	}
	if note := ignoredNote(ignored); note != "" {
		res.notes = append(res.notes, note)
	}
	return res
}

// moduleResult is one target's analysis.
type moduleResult struct {
	findings []finding.Finding
	// skipped are the packages not analysed, each with why.
	skipped map[string]string
	// failure says why nothing (or not all) of the target could be
	// analysed, when no package can be named.
	failure string
	ignored []ignoredFile
	notes   []string
	// silenced are the diagnostics comments in the code silenced.
	silenced []finding.Finding
}

// problems are the summary lines for what the target left unanalysed,
// naming at most maxNamedFiles packages.
func (r moduleResult) problems(rel string) []string {
	var out []string
	if r.failure != "" {
		out = append(out, fmt.Sprintf("go analyzers: module %s not analysed: %s", rel, r.failure))
	}
	pkgs := make([]string, 0, len(r.skipped))
	for p := range r.skipped {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for i, p := range pkgs {
		if i == maxNamedFiles {
			out = append(out, fmt.Sprintf("go analyzers: module %s: %d more packages not analysed", rel, len(pkgs)-i))
			break
		}
		out = append(out, fmt.Sprintf("go analyzers: package %s not analysed: %s", p, r.skipped[p]))
	}
	return out
}

// vetTarget lists the target's packages, leaves out those that cannot be
// analysed (and those that import them), and runs go vet on the rest.
func vetTarget(ctx context.Context, rootFS *os.Root, rootDir string, t goTarget, o goOptions) moduleResult {
	r := moduleResult{skipped: map[string]string{}}
	var red toolRedactor
	if t.irregular != "" {
		r.failure = red.clean(t.irregular + " is not a regular file (go would block or never finish reading it)")
		return r
	}
	if why := cmp.Or(moduleFileOutside(rootFS, rootDir, t.dir), replaceOutside(rootFS, rootDir, t.dir)); why != "" {
		r.failure = red.clean(why)
		return r
	}
	env := goEnv(os.Environ(), t.dir, o.download)
	pkgs, err := goList(ctx, t.dir, env, t.patterns, red.clean)
	if err != nil {
		r.failure = stopReason(ctx, o, err.Error())
		return r
	}
	red.known = knownPaths(pkgs)
	// What does not load is found among all the packages (a package
	// importing one that does not load does not load either), and kept
	// for those that hold the files asked for.
	r.skipped = unloadable(rootFS, rootDir, pkgs, red.clean)
	vetted := pkgs
	if t.only != nil {
		pkgs = slices.DeleteFunc(pkgs, func(p goPackage) bool { return !holdsAny(rootDir, p, p.files(), t.only) })
		maps.DeleteFunc(r.skipped, func(path string, _ string) bool {
			return !slices.ContainsFunc(pkgs, func(p goPackage) bool { return p.ImportPath == path })
		})
		// The files a build leaves out are vetTagged's.
		vetted = slices.DeleteFunc(slices.Clone(pkgs), func(p goPackage) bool {
			return !holdsAny(rootDir, p, slices.Concat(p.GoFiles, p.TestGoFiles, p.XTestGoFiles), t.only)
		})
	}
	r.ignored = ignoredFiles(rootFS, rootDir, pkgs)
	if t.only != nil {
		r.ignored = slices.DeleteFunc(r.ignored, func(f ignoredFile) bool { return !t.only[f.path] })
	}
	if len(pkgs) == 0 {
		return r
	}
	if len(vetted) > 0 {
		r.vet(ctx, rootFS, rootDir, t, o, env, vetted, red)
	}
	r.vetTagged(ctx, rootFS, rootDir, t, o, env, pkgs, red)
	return r
}

// holdsAny reports whether any of names, files of package p, is in files
// (slash paths relative to rootDir).
func holdsAny(rootDir string, p goPackage, names []string, files map[string]bool) bool {
	return slices.ContainsFunc(names, func(name string) bool { return files[relSlash(rootDir, filepath.Join(p.Dir, name))] })
}

// holdingFiles keeps the targets holding some of files (slash paths
// relative to rootDir), each with those files as its only ones.
func holdingFiles(rootDir string, targets []goTarget, files []string) []goTarget {
	for _, f := range files {
		best := innermost(targets, filepath.Join(rootDir, filepath.FromSlash(f)))
		if best < 0 {
			continue
		}
		if targets[best].only == nil {
			targets[best].only = map[string]bool{}
		}
		targets[best].only[f] = true
	}
	return slices.DeleteFunc(targets, func(t goTarget) bool { return t.only == nil })
}

// innermost returns the index of the target whose module holds the file
// at path (absolute): the innermost one around it, as go's ./... leaves
// nested modules out; -1 if none does.
func innermost(targets []goTarget, path string) int {
	best := -1
	for i, t := range targets {
		if strings.HasPrefix(path, t.dir+string(filepath.Separator)) && (best < 0 || len(t.dir) > len(targets[best].dir)) {
			best = i
		}
	}
	return best
}

// vet runs go vet on the target's packages but those skipped already.
func (r *moduleResult) vet(ctx context.Context, rootFS *os.Root, rootDir string, t goTarget, o goOptions, env []string, pkgs []goPackage, red toolRedactor) {
	patterns := t.patterns
	if len(r.skipped) > 0 || t.only != nil {
		patterns = nil
		for _, p := range pkgs {
			if _, ok := r.skipped[p.ImportPath]; !ok {
				patterns = append(patterns, p.ImportPath)
			}
		}
	}
	if len(patterns) == 0 {
		return
	}
	out := runVet(ctx, t.dir, o.vetTool, env, patterns, red.clean)
	addDependents(pkgs, out.failed, "does not build")
	named := 0
	for _, p := range pkgs {
		if why, ok := out.failed[p.ImportPath]; ok {
			r.skipped[p.ImportPath] = why
			named++
		}
	}
	switch {
	case ctx.Err() != nil:
		r.failure = stopReason(ctx, o, "")
	case out.failure != "":
		r.failure = out.failure
	case out.exitErr != "" && named == 0:
		// go vet failed, and no package of ours is to blame: say so
		// rather than trust what it printed.
		r.failure = out.exitErr
	}
	keep := func(file string) bool {
		return filepath.IsLocal(filepath.FromSlash(file)) && (t.only == nil || t.only[file])
	}
	r.findings = vetFindings(rootFS, rootDir, out.diags, keep, o.eng.Catalogue())
	r.silenced = append(r.silenced, vetSilenced(rootDir, out.diags, keep)...)
}

// stopReason is why, when the time limit (or an interrupt) stopped the go
// command, else why.
func stopReason(ctx context.Context, o goOptions, why string) string {
	switch err := ctx.Err(); {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("stopped at the time limit of the Go analysis (%v, --go-timeout)", o.timeout)
	case err != nil:
		return "interrupted"
	}
	return why
}

// unloadable returns the packages go vet must not be given, each with the
// reason: a Go file that is a symbolic link out of the root (go would read
// it, and print its first token in an error), a package go list could not
// load (a missing dependency, a syntax error), and the packages importing
// either.
func unloadable(rootFS *os.Root, rootDir string, pkgs []goPackage, clean func(string) string) map[string]string {
	skip := map[string]string{}
	for _, p := range pkgs {
		if f := escapingFile(rootFS, rootDir, p); f != "" {
			skip[p.ImportPath] = f + " is a symbolic link out of the scanned root"
		}
	}
	addDependents(pkgs, skip, "was not analysed")
	for _, p := range pkgs {
		if _, ok := skip[p.ImportPath]; ok {
			continue
		}
		if why := p.loadError(); why != "" {
			skip[p.ImportPath] = clean(why)
		}
	}
	return skip
}

// escapingFile returns the first Go file of p (slash path under the root)
// that leads out of the root, "" if none does.
func escapingFile(rootFS *os.Root, rootDir string, p goPackage) string {
	for _, name := range p.files() {
		rel, err := filepath.Rel(rootDir, filepath.Join(p.Dir, name))
		if err != nil || !filepath.IsLocal(rel) {
			continue // a package of the module around the root
		}
		if _, err := rootFS.Stat(rel); err != nil {
			return filepath.ToSlash(rel)
		}
	}
	return ""
}

// addDependents adds to bad every listed package that imports one of bad,
// or whose tests do, with the reason "imports X, which <why>".
func addDependents(pkgs []goPackage, bad map[string]string, why string) {
	if len(bad) == 0 {
		return
	}
	byPath := map[string]*goPackage{}
	for i := range pkgs {
		byPath[pkgs[i].ImportPath] = &pkgs[i]
	}
	culprit := func(deps []string) string {
		for _, d := range deps {
			if _, ok := bad[d]; ok {
				return d
			}
		}
		return ""
	}
	var add []string
	reasons := map[string]string{}
	for _, p := range pkgs {
		if _, ok := bad[p.ImportPath]; ok {
			continue
		}
		deps := slices.Concat(p.Deps, p.TestImports, p.XTestImports)
		for _, ti := range slices.Concat(p.TestImports, p.XTestImports) {
			if tp, ok := byPath[ti]; ok {
				deps = append(deps, tp.Deps...)
			}
		}
		if d := culprit(deps); d != "" && d != p.ImportPath {
			add = append(add, p.ImportPath)
			reasons[p.ImportPath] = fmt.Sprintf("imports %s, which %s", d, why)
		}
	}
	for _, p := range add {
		bad[p] = reasons[p]
	}
}

// knownPaths are the import paths go list named: they may stay quoted in
// error lines.
func knownPaths(pkgs []goPackage) map[string]bool {
	known := map[string]bool{}
	for _, p := range pkgs {
		known[p.ImportPath] = true
		for _, d := range slices.Concat(p.Deps, p.TestImports, p.XTestImports) {
			known[d] = true
		}
	}
	return known
}

// boundedList joins at most maxNamedFiles names, saying how many more
// there are.
func boundedList(names []string) string {
	if len(names) <= maxNamedFiles {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:maxNamedFiles], ", "), len(names)-maxNamedFiles)
}

// goTargets lists the go vet runs for root: every module under a
// directory, the directory itself when it lies inside a module, or the
// package of a Go file. rootDir is the directory findings are relative
// to; loose says there are Go files in no module.
func goTargets(root string) (rootDir string, targets []goTarget, loose bool) {
	fi, err := os.Stat(root)
	if err != nil {
		return root, nil, false
	}
	if fi.IsDir() {
		dirs, loose, irregular := moduleDirs(root)
		for _, d := range dirs {
			targets = append(targets, goTarget{dir: d, patterns: []string{"./..."}})
		}
		// Each irregular file stops the module that holds it.
		for _, f := range irregular {
			if best := innermost(targets, f); best >= 0 && targets[best].irregular == "" {
				targets[best].irregular = relSlash(root, f)
			}
		}
		return root, targets, loose
	}
	dir := filepath.Dir(root)
	if !strings.HasSuffix(root, ".go") || !fi.Mode().IsRegular() {
		return dir, nil, false // not Go code, or a special file the content scan reports
	}
	if !inModule(dir) {
		return dir, nil, true
	}
	t := goTarget{dir: dir, patterns: []string{"."}, only: map[string]bool{filepath.Base(root): true}}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".go") && !regularFile(filepath.Join(dir, e.Name()), e) {
			t.irregular = e.Name()
			break
		}
	}
	return dir, []goTarget{t}, false
}

// moduleDirs lists the directories of the Go modules to analyse, in walk
// order: every go.mod under root (vendor, testdata, node_modules and
// hidden directories aside), and root itself when it lies inside a module
// and holds Go files that the modules under it do not. loose says there
// are Go files that no module holds, analysed by nobody; irregular lists
// the Go files that are not regular files.
func moduleDirs(root string) (dirs []string, loose bool, irregular []string) {
	var goDirs []string
	// By directory handles, as the content scan walks (see
	// safefile.Chain): a tree deeper than the kernel's path limit is
	// searched too, and a module found there is reported when go vet
	// cannot be run on its path. Directories that cannot be read are the
	// content scan's to report.
	chain, err := safefile.OpenChain(root)
	if err != nil {
		return nil, false, nil
	}
	defer chain.Close()
	var names []string
	var visit func()
	visit = func() {
		d, err := chain.Current()
		if err != nil {
			return
		}
		entries, _ := d.ReadDir()
		dir := ""
		dirPath := func() string {
			if dir == "" {
				dir = filepath.Join(append([]string{root}, names...)...)
			}
			return dir
		}
		for _, e := range entries {
			name := e.Name()
			switch {
			case e.IsDir():
				if name == "vendor" || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
					continue
				}
				if _, err := chain.Push(name); err != nil {
					continue
				}
				names = append(names, name)
				visit()
				names = names[:len(names)-1]
				chain.Pop()
			case name == "go.mod":
				dirs = append(dirs, dirPath())
			case strings.HasSuffix(name, ".go"):
				if len(goDirs) == 0 || goDirs[len(goDirs)-1] != dirPath() {
					goDirs = append(goDirs, dirPath())
				}
				if p := filepath.Join(dirPath(), name); !regularFile(p, e) {
					irregular = append(irregular, p)
				}
			}
		}
	}
	visit()
	if len(goDirs) == 0 {
		return dirs, false, irregular
	}
	for _, gd := range goDirs {
		if !slices.ContainsFunc(dirs, func(m string) bool { return gd == m || strings.HasPrefix(gd, m+string(filepath.Separator)) }) {
			// Go files outside the modules under root: the module root
			// lies in holds them (go vet ./... in root leaves the nested
			// modules to their own runs), or none does.
			if inModule(root) {
				return append([]string{root}, dirs...), false, irregular
			}
			return dirs, true, irregular
		}
	}
	return dirs, false, irregular
}

// regularFile reports whether the Go file at p is, or links to, a regular
// file: go would block reading a FIFO, or read a device forever.
func regularFile(p string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	fi, err := os.Stat(p) // a stat, never a read, wherever the link leads
	return err == nil && fi.Mode().IsRegular()
}

// inModule reports whether a go.mod lies in dir or above it.
func inModule(dir string) bool {
	for ; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return true
		} else if !errors.Is(err, fs.ErrNotExist) {
			return false
		}
		if parent := filepath.Dir(dir); parent == dir {
			return false
		}
	}
}

func relSlash(root, p string) string {
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(rel)
}
