package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode"
)

// modulesTxt pins the module versions replayed from the module cache.
//
//go:embed modules.txt
var modulesTxt string

type modVersion struct{ path, version string }

func pinnedModules() []modVersion {
	var out []modVersion
	for _, l := range strings.Split(modulesTxt, "\n") {
		f := strings.Fields(l)
		if len(f) == 2 && !strings.HasPrefix(f[0], "#") {
			out = append(out, modVersion{f[0], f[1]})
		}
	}
	return out
}

// escapePath is the module cache's case encoding: "!" + lower case for
// every upper-case letter.
func escapePath(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ensureModules returns the cache directories (relative to modcache) of the
// pinned modules, downloading missing ones with "go mod download"; modules
// that still cannot be had are reported and left out.
func ensureModules(modcache string, mods []modVersion, logf func(string, ...any)) ([]string, error) {
	rel := func(m modVersion) string {
		return filepath.FromSlash(escapePath(m.path) + "@" + escapePath(m.version))
	}
	var missing []string
	for _, m := range mods {
		if _, err := os.Stat(filepath.Join(modcache, rel(m))); err != nil {
			missing = append(missing, m.path+"@"+m.version)
		}
	}
	if len(missing) > 0 {
		logf("downloading %d pinned modules through the module proxy ...", len(missing))
		tmp, err := os.MkdirTemp("", "gentree-mod")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("go", append([]string{"mod", "download", "-json"}, missing...)...)
		cmd.Dir = tmp // outside any module
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		out, _ := cmd.Output() // failures show up per module in the JSON
		dec := json.NewDecoder(strings.NewReader(string(out)))
		for {
			var r struct{ Path, Version, Error string }
			if err := dec.Decode(&r); err == io.EOF {
				break
			} else if err != nil {
				break
			}
			if r.Error != "" {
				logf("module %s@%s: %s", r.Path, r.Version, r.Error)
			}
		}
	}
	var dirs []string
	left := 0
	for _, m := range mods {
		if _, err := os.Stat(filepath.Join(modcache, rel(m))); err != nil {
			left++
			continue
		}
		dirs = append(dirs, rel(m))
	}
	if left > 0 {
		logf("warning: %d of %d pinned modules are not available; the tree will differ from one made with all of them", left, len(mods))
	}
	if len(dirs) == 0 && len(mods) > 0 {
		return nil, fmt.Errorf("none of the %d pinned modules is in %s", len(mods), modcache)
	}
	return dirs, nil
}
