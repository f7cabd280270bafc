package scan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"
)

// goPackage is what go list says about one package of a module.
type goPackage struct {
	ImportPath string
	Dir        string
	Error      *goListError
	DepsErrors []*goListError
	// Deps are the package's dependencies, direct or not; TestImports and
	// XTestImports what its tests import besides.
	Deps, TestImports, XTestImports []string
	GoFiles, CgoFiles, TestGoFiles  []string
	XTestGoFiles, IgnoredGoFiles    []string
}

type goListError struct {
	Pos, Err string
}

// goListFields are the fields goList asks for (go list -json=…).
const goListFields = "ImportPath,Dir,Error,DepsErrors,Deps,TestImports,XTestImports,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,IgnoredGoFiles"

// toolWaitDelay bounds how long a killed go command's children may keep
// its output open.
const toolWaitDelay = 5 * time.Second

// goList lists the packages of patterns in dir. It works offline: a
// package whose imports cannot be found comes back with DepsErrors. An
// error means the module could not be loaded at all (a go.mod that does
// not parse, a go version newer than the installed toolchain, a module
// graph that needs a download); its text is go's first lines, cleaned.
func goList(ctx context.Context, dir string, env, patterns []string, clean func(string) string) ([]goPackage, error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{"list", "-e", "-json=" + goListFields}, patterns...)...)
	cmd.Dir, cmd.Env, cmd.WaitDelay = dir, env, toolWaitDelay
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list: %s", toolError(err, stderr.String(), clean))
	}
	var pkgs []goPackage
	dec := json.NewDecoder(&stdout)
	for {
		var p goPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			return pkgs, nil
		} else if err != nil {
			return nil, fmt.Errorf("go list: unreadable output: %w", err)
		}
		pkgs = append(pkgs, p)
	}
}

// toolError says why a go command failed: the first line of its errors
// (progress lines aside), cleaned, or the exit status.
func toolError(err error, stderr string, clean func(string) string) string {
	for line := range strings.SplitSeq(stderr, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") && !strings.HasPrefix(line, "go: downloading ") {
			return clean(line)
		}
	}
	return err.Error()
}

// files lists the package's Go files the analyzers would read or that go
// list looked at, relative to its directory.
func (p *goPackage) files() []string {
	var out []string
	for _, l := range [][]string{p.GoFiles, p.CgoFiles, p.TestGoFiles, p.XTestGoFiles, p.IgnoredGoFiles} {
		out = append(out, l...)
	}
	return out
}

// loadError is why go list could not load the package, "" if it could.
func (p *goPackage) loadError() string {
	if p.Error != nil {
		return p.Error.Err
	}
	for _, e := range p.DepsErrors {
		if e != nil {
			return "a dependency did not load: " + e.Err
		}
	}
	return ""
}
