package main

import (
	_ "embed"
	"fmt"

	"github.com/tightlip/tightlip/bench/internal/gomodcache"
)

// modulesTxt pins the module versions replayed from the module cache.
//
//go:embed modules.txt
var modulesTxt string

// ensureModules returns the cache directories (relative to modcache) of the
// pinned modules, downloading missing ones with "go mod download"; modules
// that still cannot be had are reported and left out.
func ensureModules(modcache string, logf func(string, ...any)) ([]string, error) {
	mods := gomodcache.ParseList(modulesTxt)
	have, missing := gomodcache.Ensure(modcache, mods, logf)
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
