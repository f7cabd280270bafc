package scan

import (
	"os"
	"path/filepath"
	"slices"
)

// goEnv is the environment of go list and go vet on a tree that may be an
// untrusted pull request. By default the go command works offline and
// runs no program the tree could choose:
//
//   - GOPROXY=off: no module is downloaded; what is not in the module cache
//     (or vendor/) is missing, and the packages that need it are named as
//     not analysed. With download (--go-download) the user's GOPROXY (the
//     default proxy.golang.org) and GOSUMDB apply.
//   - GOVCS=*:off, even with downloads: no git, hg or svn runs for a host
//     that a go.mod names, only the module proxy's HTTPS.
//   - GOFLAGS replaced, not extended: -mod=readonly (or -mod=vendor when the
//     module vendors) so go.mod and go.sum are never edited whatever the
//     user's GOFLAGS say, and -buildvcs=false so no git runs in the tree
//     (a .git/config of the tree could name the commands git runs).
//   - GOWORK=off: a go.work in the tree could point outside the scanned root.
//   - GOTOOLCHAIN=local: no toolchain download that a go.mod asks for.
//   - CGO_ENABLED=0: no C compiler; cgo files are reported as not analysed.
func goEnv(base []string, moduleDir string, download bool) []string {
	mod := "-mod=readonly"
	if fi, err := os.Lstat(filepath.Join(moduleDir, "vendor", "modules.txt")); err == nil && fi.Mode().IsRegular() {
		mod = "-mod=vendor"
	}
	// exec.Cmd keeps the last value of a repeated variable.
	env := slices.Concat(base, []string{
		"GOFLAGS=" + mod + " -buildvcs=false",
		"GOVCS=*:off",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
		"CGO_ENABLED=0",
	})
	if !download {
		env = append(env, "GOPROXY=off")
	}
	return env
}
