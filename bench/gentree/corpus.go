package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/tightlip/tightlip/bench/internal/corpus"
)

// srcFile is one real text file the tree replays.
type srcFile struct {
	abs  string // absolute path on this machine
	rel  string // slash path inside its unit
	size int64
	kind string // see kindOf
}

// unit is a group of source files that belong together (a module in the
// module cache, a directory of GOROOT); a generated project replays a
// contiguous slice of one unit, so its files look like a real repository.
type unit struct {
	name  string
	files []srcFile
	size  int64
}

type srcSet struct {
	units   []*unit
	files   int
	bytes   int64
	skipped int // binary or non-UTF-8 files left out
	digest  string
	pools   map[string][]srcFile // by kind, for the config/docs extras
}

// kindOf classifies a file name (see corpus.Kind); besides the kinds by
// extension, go.mod, go.sum and go.work are "gomod", .env files "env", and
// a few names without an extension "other".
func kindOf(name string) string {
	base := path.Base(name)
	switch base {
	case "go.mod", "go.sum", "go.work":
		return "gomod"
	case "Makefile", "Dockerfile", "LICENSE", "README", "AUTHORS", "CONTRIBUTORS", "PATENTS":
		return "other"
	}
	if strings.HasPrefix(base, ".env") {
		return "env"
	}
	return corpus.Kind(base)
}

// ensureModules returns the cache directories (relative to modcache) of the
// pinned modules (corpus.TreeModules), downloading missing ones with "go
// mod download"; modules that still cannot be had are reported and left
// out.
func ensureModules(modcache string, logf func(string, ...any)) ([]string, error) {
	mods := corpus.TreeModules()
	have, missing := corpus.Ensure(modcache, mods, logf)
	if len(missing) > 0 {
		logf("warning: %d of %d pinned modules are not available; the tree will differ from one made with all of them", len(missing), len(mods))
	}
	if len(have) == 0 && len(mods) > 0 {
		return nil, fmt.Errorf("none of the %d pinned modules is in %s", len(mods), modcache)
	}
	dirs := make([]string, 0, len(have))
	for _, m := range have {
		dirs = append(dirs, m.Dir())
	}
	return dirs, nil
}

// collect walks GOROOT and then either the given module directories
// (relative to modcache, in order) or, when mods is nil, the whole module
// cache, each in lexical order.
func collect(goroot, modcache string, mods []string, exclude *regexp.Regexp, maxFile int64, goMod bool) (*srcSet, error) {
	c := &srcSet{pools: map[string][]srcFile{}}
	byName := map[string]*unit{}
	h := sha256.New()
	add := func(unitName, within, abs string, size int64, kind string) {
		u := byName[unitName]
		if u == nil {
			u = &unit{name: unitName}
			byName[unitName] = u
			c.units = append(c.units, u)
		}
		f := srcFile{abs: abs, rel: within, size: size, kind: kind}
		u.files = append(u.files, f)
		u.size += size
		c.files++
		c.bytes += size
		c.pools[kind] = append(c.pools[kind], f)
		fmt.Fprintf(h, "%s/%s\x00%d\n", unitName, within, size)
	}
	// walk replays the files under base/dir; rel paths are relative to base.
	walk := func(base, dir, label string, split func([]string) (string, string, bool)) error {
		skip := func(rel string) bool {
			if exclude != nil && exclude.MatchString(rel) {
				return true
			}
			if strings.HasSuffix(rel, "/") {
				return label == "mod" && rel == "cache/"
			}
			kind := kindOf(rel)
			if kind == "" || (kind == "gomod" && !goMod) {
				return true
			}
			_, _, ok := split(strings.Split(rel, "/"))
			return !ok
		}
		binary, err := corpus.Walk(base, dir, maxFile, skip, func(rel, abs string, data []byte) {
			unitName, within, _ := split(strings.Split(rel, "/"))
			add(label+"/"+unitName, within, abs, int64(len(data)), kindOf(rel))
		})
		c.skipped += binary
		return err
	}
	// GOROOT: src/<pkg>, src/cmd/<tool>, test/<dir>, misc/<dir>, and the
	// other top-level directories whole.
	if goroot != "" {
		if err := walk(goroot, ".", "go", func(el []string) (string, string, bool) {
			n := 1
			switch {
			case len(el) > 3 && el[0] == "src" && el[1] == "cmd":
				n = 3
			case len(el) > 2 && (el[0] == "src" || el[0] == "test" || el[0] == "misc"):
				n = 2
			case len(el) == 1:
				return "goroot", el[0], true
			}
			return strings.Join(el[:n], "/"), strings.Join(el[n:], "/"), true
		}); err != nil {
			return nil, err
		}
	}
	// Module cache: one unit per module version (the path element with '@').
	modSplit := func(el []string) (string, string, bool) {
		for i, e := range el[:len(el)-1] {
			if strings.Contains(e, "@") {
				return strings.Join(el[:i+1], "/"), strings.Join(el[i+1:], "/"), true
			}
		}
		return "", "", false
	}
	if modcache != "" {
		if mods == nil {
			mods = []string{"."}
		}
		for _, m := range mods {
			if err := walk(modcache, m, "mod", modSplit); err != nil {
				return nil, err
			}
		}
	}
	sort.SliceStable(c.units, func(i, j int) bool { return c.units[i].name < c.units[j].name })
	c.digest = hex.EncodeToString(h.Sum(nil))
	return c, nil
}
