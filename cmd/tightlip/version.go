package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// buildVersion is set at release time with -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion string

const gitleaksModule = "github.com/zricethezav/gitleaks/v8"

// build describes this executable, from what the Go toolchain recorded in
// it: `go install …@v1.2.3` records the module version, a build in a git
// checkout the commit.
type build struct {
	version  string // v1.2.3, or "dev" for a build of a checkout
	commit   string // the commit built, when the build recorded it
	modified bool   // the checkout had changes
	gitleaks string // the gitleaks module whose rules are built in
}

func readBuild() build {
	b := build{version: buildVersion}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		if b.version == "" {
			b.version = "dev"
		}
		return b
	}
	if b.version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		b.version = bi.Main.Version
	}
	if b.version == "" {
		b.version = "dev"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.commit = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		}
	}
	for _, d := range bi.Deps {
		if d.Path == gitleaksModule {
			b.gitleaks = d.Version
			if d.Replace != nil {
				b.gitleaks = d.Replace.Version
			}
		}
	}
	return b
}

// version is the short version: in SARIF and bug reports.
func version() string { return readBuild().version }

// String is what `tightlip version` prints: the version, the commit and
// the gitleaks release whose rules are built in.
func (b build) String() string {
	var extra []string
	if b.commit != "" {
		c := b.commit
		if len(c) > 12 {
			c = c[:12]
		}
		if b.modified {
			c += ", modified"
		}
		extra = append(extra, "commit "+c)
	}
	if b.gitleaks != "" {
		extra = append(extra, "gitleaks rules "+b.gitleaks)
	}
	if len(extra) == 0 {
		return b.version
	}
	return fmt.Sprintf("%s (%s)", b.version, strings.Join(extra, ", "))
}
