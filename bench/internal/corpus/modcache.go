package corpus

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

// Module is one module version.
type Module struct{ Path, Version string }

// modulesTxt is the pinned list (see modules.txt).
//
//go:embed modules.txt
var modulesTxt string

// pinned is one line of the pinned list.
type pinned struct {
	Module
	historyOnly bool
}

// parseList reads a pinned list: one "module-path version" a line, or
// "module-path version history" for a version only the history replays;
// blank lines, lines starting with '#' and lines of another shape are
// passed over.
func parseList(text string) []pinned {
	var out []pinned
	for _, l := range strings.Split(text, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
		case len(f) == 2:
			out = append(out, pinned{Module{f[0], f[1]}, false})
		case len(f) == 3 && f[2] == "history":
			out = append(out, pinned{Module{f[0], f[1]}, true})
		}
	}
	return out
}

// TreeModules returns the module versions gentree replays, sorted by
// module path and then version, byte by byte: the order it walks them in.
func TreeModules() []Module {
	var out []Module
	for _, p := range parseList(modulesTxt) {
		if !p.historyOnly {
			out = append(out, p.Module)
		}
	}
	slices.SortStableFunc(out, func(a, b Module) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Version, b.Version))
	})
	return out
}

// HistoryModules returns every module version of the list, which the
// history replays, sorted by their directories in the module cache (see
// Dir): the order it walks them in.
func HistoryModules() []Module {
	var out []Module
	for _, p := range parseList(modulesTxt) {
		out = append(out, p.Module)
	}
	slices.SortStableFunc(out, func(a, b Module) int { return cmp.Compare(a.Dir(), b.Dir()) })
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
