package rules

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/tightlip/tightlip/internal/rule"
)

// JSONRule is one rule as `tightlip rules --format json` lists it.
type JSONRule struct {
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

// JSONList is the document `tightlip rules --format json` prints.
type JSONList struct {
	Rules []JSONRule `json:"rules"`
}

// WriteJSON writes rs as `tightlip rules --format json` prints them.
func WriteJSON(w io.Writer, rs []rule.Rule) error {
	out := JSONList{Rules: make([]JSONRule, 0, len(rs))}
	for _, r := range rs {
		out.Rules = append(out.Rules, JSONRule{r.ID, string(r.Category), string(r.Severity), r.CWE,
			r.Short, r.Full, r.Help, r.Precision, r.SecuritySeverity(), r.Origin})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteText writes rs as `tightlip rules` prints them: a table of IDs,
// categories, severities, CWEs and origins.
func WriteText(w io.Writer, rs []rule.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCATEGORY\tSEVERITY\tCWE\tORIGIN")
	for _, r := range rs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Category, r.Severity, r.CWE, r.Origin)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d rules. 'tightlip rules --format json' prints descriptions and help.\n", len(rs))
	return err
}
