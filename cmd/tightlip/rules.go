package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

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
		type jsonRule struct {
			ID               string `json:"id"`
			Category         string `json:"category"`
			Severity         string `json:"severity"`
			CWE              string `json:"cwe,omitempty"`
			Short            string `json:"short_description"`
			Full             string `json:"full_description"`
			Help             string `json:"help"`
			Precision        string `json:"precision"`
			SecuritySeverity string `json:"security_severity"`
			Origin           string `json:"origin"`
		}
		out := struct {
			Rules []jsonRule `json:"rules"`
		}{Rules: make([]jsonRule, 0, len(all))}
		for _, r := range all {
			out.Rules = append(out.Rules, jsonRule{r.ID, string(r.Category), string(r.Severity), r.CWE,
				r.Short, r.Full, r.Help, r.Precision, r.SecuritySeverity(), r.Origin})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "text":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tCATEGORY\tSEVERITY\tCWE\tORIGIN")
		for _, r := range all {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Severity, r.CWE, r.Origin)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(stdout, "\n%d rules. 'tightlip rules --format json' prints descriptions and help.\n", len(all))
		return err
	default:
		return usageError{fmt.Sprintf("rules: unknown format %q: want text or json", *format)}
	}
}
