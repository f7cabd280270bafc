package main

import (
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/tightlip/tightlip/analyzer"
)

// isVetInvocation reports whether go vet is running this binary as its
// -vettool: `tightlip scan` runs the Go analyzers through go vet with
// tightlip itself as the tool, so one binary is all a user installs.
// go vet asks a tool for its version (-V=full), its flags (-flags), then
// runs it on a package's .cfg file.
func isVetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	return strings.HasPrefix(args[0], "-V=") || args[0] == "-flags" || strings.HasSuffix(args[len(args)-1], ".cfg")
}

// runVetTool serves go vet; it exits the process.
func runVetTool() {
	unitchecker.Main(analyzer.All()...)
}
