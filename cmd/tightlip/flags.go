package main

import (
	"flag"
	"io"
)

// parseInterspersed parses flags that may come before or after the
// positional arguments, as users of git and gitleaks expect
// (`tightlip scan . --format json`).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}
