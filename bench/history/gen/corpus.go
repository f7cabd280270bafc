package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tightlip/tightlip/bench/internal/corpus"
)

// srcFile is one real file the history replays.
type srcFile struct {
	abs  string // absolute path on this machine
	rel  string // slash path inside its module version (or GOROOT)
	size int
	kind string // go, yaml, json, md
}

// version is one version of a unit: a module version, or GOROOT.
type version struct {
	name  string // module version, or the Go version for GOROOT
	files []srcFile
	dirs  map[string][]srcFile // by slash directory ("" for the top)
}

// unit is what the history keeps in one directory of the repository: GOROOT
// under go/, a module under third_party/<module path>/. Its versions are in
// semver order; the history adds the first and bumps to the others.
type unit struct {
	name     string
	root     string // directory in the repository
	versions []*version
}

type srcSet struct {
	units  []*unit
	files  int
	bytes  int64
	digest string
	byKind map[string][]srcFile // every version's files, for donor lines
}

// kindOf classifies a file name (see corpus.Kind): the history replays Go,
// YAML, JSON and Markdown; "" means the file is not replayed.
func kindOf(name string) string {
	switch k := corpus.Kind(name); k {
	case "go", "yaml", "json", "md":
		return k
	}
	return ""
}

// ensureModules returns the module versions of mods present in the module
// cache, downloading missing ones with "go mod download"; the ones that
// still cannot be had are left out and named.
func ensureModules(modcache string, mods []corpus.Module, logf func(string, ...any)) []corpus.Module {
	have, missing := corpus.Ensure(modcache, mods, logf)
	for _, m := range missing {
		logf("left out (not in the module cache): %s@%s", m.Path, m.Version)
	}
	return have
}

// collect reads the file lists of GOROOT and of the given module versions.
func collect(goroot, goVersion, modcache string, mods []corpus.Module, maxFile int) (*srcSet, error) {
	c := &srcSet{byKind: map[string][]srcFile{}}
	byName := map[string]*unit{}
	h := sha256.New()
	addVersion := func(name, root, ver, base string, skip func(rel string) bool) error {
		v := &version{name: ver, dirs: map[string][]srcFile{}}
		_, err := corpus.Walk(base, ".", int64(maxFile), func(rel string) bool {
			if strings.HasSuffix(rel, "/") {
				return skip(rel)
			}
			return kindOf(rel) == "" || skip(rel) || !plainPath(rel)
		}, func(rel, abs string, data []byte) {
			f := srcFile{abs: abs, rel: rel, size: len(data), kind: kindOf(rel)}
			v.files = append(v.files, f)
			v.dirs[path.Dir(rel)] = append(v.dirs[path.Dir(rel)], f)
			c.byKind[f.kind] = append(c.byKind[f.kind], f)
			c.files++
			c.bytes += int64(len(data))
			fmt.Fprintf(h, "%s@%s/%s\x00%d\n", name, ver, rel, len(data))
		})
		if err != nil {
			return err
		}
		if len(v.files) == 0 {
			return nil
		}
		u := byName[name]
		if u == nil {
			u = &unit{name: name, root: root}
			byName[name] = u
			c.units = append(c.units, u)
		}
		u.versions = append(u.versions, v)
		return nil
	}
	if goroot != "" {
		// GOROOT's own module caches and build output are not source.
		skip := func(rel string) bool {
			return strings.HasPrefix(rel, "pkg/") || strings.HasPrefix(rel, "bin/")
		}
		if err := addVersion("go", "go", goVersion, goroot, skip); err != nil {
			return nil, err
		}
	}
	for _, m := range mods {
		base := filepath.Join(modcache, m.Dir())
		if err := addVersion(m.Path, "third_party/"+m.Path, m.Version, base, func(string) bool { return false }); err != nil {
			return nil, err
		}
	}
	for _, u := range c.units {
		slices.SortStableFunc(u.versions, func(a, b *version) int { return compareVersions(a.name, b.name) })
	}
	slices.SortFunc(c.units, func(a, b *unit) int { return cmp.Compare(a.name, b.name) })
	c.digest = hex.EncodeToString(h.Sum(nil))
	return c, nil
}

// plainPath reports whether a path can go into a fast-import stream
// unquoted and means the same to every tool.
func plainPath(p string) bool {
	for _, r := range p {
		if r < 0x20 || r == '"' || r == '\\' || r == 0x7f || r > 0x7e {
			return false
		}
	}
	return p != "" && p[0] != ' '
}

// compareVersions orders module versions by semver precedence, closely
// enough for the versions a module cache holds.
func compareVersions(a, b string) int {
	pa, pb := parseVersion(a), parseVersion(b)
	for i := range 3 {
		if c := cmp.Compare(pa.n[i], pb.n[i]); c != 0 {
			return c
		}
	}
	switch {
	case pa.pre == "" && pb.pre != "":
		return 1
	case pa.pre != "" && pb.pre == "":
		return -1
	}
	if c := cmp.Compare(pa.pre, pb.pre); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

type semver struct {
	n   [3]int
	pre string
}

func parseVersion(v string) semver {
	var s semver
	v = strings.TrimPrefix(v, "v")
	v, _, _ = strings.Cut(v, "+")
	v, s.pre, _ = strings.Cut(v, "-")
	for i, f := range strings.SplitN(v, ".", 3) {
		s.n[i], _ = strconv.Atoi(f)
	}
	return s
}
