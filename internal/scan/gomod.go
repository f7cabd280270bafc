package scan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/tightlip/tightlip/internal/safefile"
)

// maxGoMod bounds a go.mod; a larger one is not read, and its module not
// analysed.
const maxGoMod = 4 * safefile.MiB

// replaceOutside says why the module whose go.mod is at modRel (slash
// path relative to the root) cannot be analysed without reading outside
// the scanned root: a replace directive naming a directory there, whose
// code go vet would compile (and whose errors it would print). "" when
// every replacement is a module version or a directory inside the root.
func replaceOutside(root *os.Root, rootDir, modDir string) string {
	rel, err := filepath.Rel(rootDir, filepath.Join(modDir, "go.mod"))
	if err != nil || !filepath.IsLocal(rel) {
		return "" // the go.mod lies above the root, in the user's tree around it
	}
	// Never through a link, never a FIFO (which would block), never more
	// than maxGoMod bytes: read as every other file of the tree.
	data, err := safefile.ReadFileIn(root, rel, maxGoMod)
	if errors.Is(err, fs.ErrNotExist) {
		return "" // a package directory inside a module, for a Go file root
	} else if err != nil {
		return fmt.Sprintf("%s not read: %s", filepath.ToSlash(rel), safefile.Why(err))
	}
	mf, err := modfile.Parse(rel, data, nil)
	if err != nil {
		return "" // go list says what is wrong with it
	}
	for _, r := range mf.Replace {
		if r.New.Version != "" {
			continue // a module version: from the module cache or the proxy
		}
		dir := r.New.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(modDir, dir)
		}
		if resolved, err := filepath.EvalSymlinks(dir); err == nil {
			dir = resolved
		}
		if in, err := filepath.Rel(rootDir, dir); err != nil || !filepath.IsLocal(in) {
			return fmt.Sprintf("go.mod replaces %s with the directory %s, outside the scanned root (scan a directory that holds both)", r.Old.Path, strings.TrimSpace(r.New.Path))
		}
	}
	return ""
}

// moduleFileOutside says which of the module's own files (go.mod, go.sum,
// vendor/modules.txt) is a symbolic link out of the root or not a regular
// file: go would read it (a FIFO blocks it) and quote it in errors. ""
// when none is.
func moduleFileOutside(root *os.Root, rootDir, modDir string) string {
	for _, name := range []string{"go.mod", "go.sum", filepath.Join("vendor", "modules.txt")} {
		rel, err := filepath.Rel(rootDir, filepath.Join(modDir, name))
		if err != nil || !filepath.IsLocal(rel) {
			continue // the module around the root: the user's
		}
		if _, err := root.Lstat(rel); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		fi, err := root.Stat(rel)
		switch {
		case err != nil:
			return fmt.Sprintf("%s is a symbolic link out of the scanned root, or not readable", filepath.ToSlash(rel))
		case !fi.Mode().IsRegular():
			return fmt.Sprintf("%s is not a regular file", filepath.ToSlash(rel))
		}
	}
	return ""
}
