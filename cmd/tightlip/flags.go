package main

import (
	"errors"
	"flag"
	"io"
)

// errHelp is -h or --help after a command: print the usage, exit 0.
var errHelp = errors.New("help requested")

// parseInterspersed parses flags that may come before or after the
// positional arguments, as users of git and gitleaks expect
// (`tightlip scan . --format json`).
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
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
