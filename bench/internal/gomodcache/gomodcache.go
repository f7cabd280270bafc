// Package gomodcache finds pinned module versions in the Go module cache for
// the benchmark generators, which replay their files: it reads a pinned
// list, names a version's directory in the cache, and downloads the
// versions the cache is missing through the module proxy.
package gomodcache

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"unicode"
)

// Module is one module version.
type Module struct{ Path, Version string }

// ParseList reads a pinned list: one "module-path version" a line; blank
// lines, lines starting with '#' and lines of another shape are passed over.
func ParseList(text string) []Module {
	var out []Module
	for _, l := range strings.Split(text, "\n") {
		f := strings.Fields(l)
		if len(f) == 2 && !strings.HasPrefix(f[0], "#") {
			out = append(out, Module{f[0], f[1]})
		}
	}
	return out
}

// Dir is the module version's directory relative to the module cache
// root, in the operating system's form.
func (m Module) Dir() string {
	return filepath.FromSlash(escape(m.Path) + "@" + escape(m.Version))
}

// escape is the module cache's case encoding: "!" + lower case for every
// upper-case letter.
func escape(s string) string {
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

// Ensure downloads the modules missing from the module cache at modcache
// with "go mod download" and returns the ones present afterwards and the
// ones still missing, each in the order of mods. Download failures are
// reported through logf, module by module.
func Ensure(modcache string, mods []Module, logf func(string, ...any)) (have, missing []Module) {
	absent := func() []Module {
		var out []Module
		for _, m := range mods {
			if _, err := os.Stat(filepath.Join(modcache, m.Dir())); err != nil {
				out = append(out, m)
			}
		}
		return out
	}
	if missing = absent(); len(missing) > 0 {
		logf("downloading %d pinned modules missing from the module cache ...", len(missing))
		download(missing, logf)
		missing = absent()
	}
	gone := map[Module]bool{}
	for _, m := range missing {
		gone[m] = true
	}
	for _, m := range mods {
		if !gone[m] {
			have = append(have, m)
		}
	}
	return have, missing
}

// download runs "go mod download" outside any module, 50 modules at a
// time.
func download(mods []Module, logf func(string, ...any)) {
	tmp, err := os.MkdirTemp("", "tightlip-bench-mod")
	if err != nil {
		logf("cannot download: %v", err)
		return
	}
	defer os.RemoveAll(tmp)
	for len(mods) > 0 {
		n := min(len(mods), 50)
		args := []string{"mod", "download", "-json"}
		for _, m := range mods[:n] {
			args = append(args, m.Path+"@"+m.Version)
		}
		cmd := exec.Command("go", args...)
		// Outside any module, and whatever the user's go flags say.
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
		out, _ := cmd.Output() // failures show up per module in the JSON
		dec := json.NewDecoder(bytes.NewReader(out))
		for {
			var r struct{ Path, Version, Error string }
			if dec.Decode(&r) != nil {
				break
			}
			if r.Error != "" {
				logf("module %s@%s: %s", r.Path, r.Version, r.Error)
			}
		}
		mods = mods[n:]
	}
}
