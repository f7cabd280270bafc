// Package corpus is what the benchmark generators (gentree for the
// working-tree benchmark, history/gen for the history benchmark) share
// about the real files they replay: the pinned module list (modules.txt),
// the module cache (finding a version's directory, downloading the missing
// ones through the module proxy), the walk over GOROOT and module versions
// that keeps text files only, how a file is classified by its name, and
// the go command's environment.
package corpus

import (
	"fmt"
	"os/exec"
	"path"
	"strings"
)

// Kind classifies a file by its extension: "go", "js", "yaml", "json",
// "toml", "md", "properties", "other" (text worth replaying that is none
// of those), or "" for a file the generators do not replay.
func Kind(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".go":
		return "go"
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx":
		return "js"
	case ".yaml", ".yml":
		return "yaml"
	case ".json":
		return "json"
	case ".toml":
		return "toml"
	case ".md", ".markdown":
		return "md"
	case ".properties":
		return "properties"
	case ".txt", ".s", ".c", ".h", ".sh", ".bash", ".py", ".proto", ".html", ".css", ".xml", ".ini", ".cfg", ".conf":
		return "other"
	}
	return ""
}

// GoEnv returns the values of the go command's environment variables
// names, in order.
func GoEnv(names ...string) ([]string, error) {
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	v := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(v) != len(names) {
		return nil, fmt.Errorf("go env: unexpected output %q", out)
	}
	return v, nil
}
