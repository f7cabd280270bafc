// Command gen rewrites the rule table of tightlip's README (the lines
// between rules.TableBegin and rules.TableEnd) from the rules `tightlip
// rules --format json` lists and their summaries. Run it with `go generate
// ./internal/rules` after changing a rule; internal/rules' tests fail while
// the README's table differs from what it writes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tightlip/tightlip/internal/rules"
)

func main() {
	readme := flag.String("readme", "README.md", "the README to rewrite; go.mod is read from its directory")
	flag.Parse()
	if err := run(*readme); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(readme string) error {
	gomod, err := os.ReadFile(filepath.Join(filepath.Dir(readme), "go.mod"))
	if err != nil {
		return err
	}
	version, err := rules.GitleaksVersion(gomod)
	if err != nil {
		return err
	}
	table, err := rules.Table(version)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	updated, err := rules.ReplaceTable(string(old), table)
	if err != nil {
		return fmt.Errorf("%s: %w", readme, err)
	}
	if bytes.Equal(old, []byte(updated)) {
		return nil
	}
	return os.WriteFile(readme, []byte(updated), 0o644)
}
