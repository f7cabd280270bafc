package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tightlip/tightlip/analyzer"
	"github.com/tightlip/tightlip/internal/vetversion"
)

// isVetInvocation reports whether go vet is running this binary as its
// -vettool: `tightlip scan` runs the Go analyzers through go vet with
// tightlip itself as the tool, so one binary is all a user installs.
// go vet asks a tool for its version (`tool -V=full`) and its flags
// (`tool -flags`), then runs it as `tool [-flag...] $WORK/b001/vet.cfg`
// on a JSON file describing one package. Only that exact shape counts:
// `tightlip scan x.cfg` or `tightlip x.cfg` are a user's commands.
func isVetInvocation(args []string) bool {
	switch {
	case len(args) == 0:
		return false
	case len(args) == 1 && (args[0] == "-flags" || strings.HasPrefix(args[0], "-V=")):
		return true
	}
	cfg := args[len(args)-1]
	if filepath.Base(cfg) != "vet.cfg" {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return isVetConfig(cfg)
}

// maxVetConfig bounds how much of a would-be vet.cfg is read: go vet's
// hold import maps, a few hundred KiB for the largest packages.
const maxVetConfig = 64 << 20

// isVetConfig reports whether path holds a vet config as go vet writes it:
// a JSON object naming the package (ID, ImportPath) and its Go files.
// A FIFO or device named vet.cfg is not one, and is not opened: reading
// it could block or never end.
func isVetConfig(path string) bool {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	var cfg struct {
		ID, ImportPath string
		GoFiles        []string
		VetxOutput     string
	}
	if err := json.NewDecoder(io.LimitReader(f, maxVetConfig)).Decode(&cfg); err != nil {
		return false
	}
	return cfg.ID != "" && cfg.ImportPath != "" && cfg.GoFiles != nil && cfg.VetxOutput != ""
}

// runVetTool serves go vet; it exits the process.
func runVetTool() {
	vetversion.Main(analyzer.All()...)
}
