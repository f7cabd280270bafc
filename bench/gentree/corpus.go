package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
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

type corpus struct {
	units   []*unit
	files   int
	bytes   int64
	skipped int // binary or non-UTF-8 files left out
	digest  string
	pools   map[string][]srcFile // by kind, for the config/docs extras
}

// kindOf classifies a file name; "" means the file is not replayed.
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
	switch strings.ToLower(path.Ext(base)) {
	case ".go":
		return "go"
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx":
		return "js"
	case ".yaml", ".yml":
		return "yaml"
	case ".json":
		return "json"
	case ".toml":
		return "toml"
	case ".md", ".markdown":
		return "md"
	case ".properties":
		return "properties"
	case ".txt", ".s", ".c", ".h", ".sh", ".bash", ".py", ".proto", ".html", ".css", ".xml", ".ini", ".cfg", ".conf":
		return "other"
	}
	return ""
}

// skipDirs are never descended into: VCS data and vendored dependency trees
// (gitleaks skips most vendor/ and node_modules/ paths, and the benchmark
// wants both tools to see the same files).
var skipDirs = map[string]bool{".git": true, ".hg": true, ".svn": true, "vendor": true, "node_modules": true}

// collect walks GOROOT and then either the given module directories
// (relative to modcache, in order) or, when mods is nil, the whole module
// cache, each in lexical order.
func collect(goroot, modcache string, mods []string, exclude *regexp.Regexp, maxFile int64, goMod bool) (*corpus, error) {
	c := &corpus{pools: map[string][]srcFile{}}
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
		return filepath.WalkDir(filepath.Join(base, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				// Unreadable parts of the corpus are simply not replayed.
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(base, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if rel == "." {
					return nil
				}
				if skipDirs[d.Name()] || (label == "mod" && rel == "cache") || (exclude != nil && exclude.MatchString(rel+"/")) {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			kind := kindOf(rel)
			if kind == "" || (kind == "gomod" && !goMod) || (exclude != nil && exclude.MatchString(rel)) {
				return nil
			}
			info, err := d.Info()
			if err != nil || info.Size() == 0 || info.Size() > maxFile {
				return nil
			}
			unitName, within, ok := split(strings.Split(rel, "/"))
			if !ok {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			if !isText(data) {
				c.skipped++
				return nil
			}
			add(label+"/"+unitName, within, p, int64(len(data)), kind)
			return nil
		})
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

// isText reports whether data looks like a text file: valid UTF-8, no NUL.
func isText(data []byte) bool {
	return bytes.IndexByte(data, 0) < 0 && utf8.Valid(data)
}
