package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tightlip/tightlip/internal/rules"
)

func runRules(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	format := fs.String("format", "text", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("rules takes no arguments, got %q", pos[0])}
	}
	set, err := rules.Build(nil)
	if err != nil {
		return err
	}
	all := set.Catalogue.All()
	switch *format {
	case "json":
		return rules.WriteJSON(stdout, all)
	case "text":
		return rules.WriteText(stdout, all)
	default:
		return usageError{fmt.Sprintf("rules: unknown format %q: want text or json", *format)}
	}
}
