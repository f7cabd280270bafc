package ghaction

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tightlip/tightlip/internal/textsafe"
)

// MaxAnnotations is how many annotations of one kind GitHub shows for a
// step; the action writes that many, most severe first, and one line
// saying how many more there are.
const MaxAnnotations = 10

// maxSummaryRows bounds the job summary's table of findings (GitHub caps a
// step's summary at 1 MiB).
const maxSummaryRows = 200

// Annotate writes workflow commands that make GitHub show findings on the
// pull request's files: at most MaxAnnotations of each level.
func Annotate(w io.Writer, rep *Report) {
	shown := map[string]int{}
	more := 0
	for _, f := range rep.Findings {
		kind := map[string]string{"error": "error", "warning": "warning"}[f.Level]
		if kind == "" {
			kind = "notice"
		}
		if shown[kind] == MaxAnnotations {
			more++
			continue
		}
		shown[kind]++
		props := []string{"title=" + escapeProperty("tightlip "+f.Rule)}
		if f.File != "" {
			props = append(props, "file="+escapeProperty(f.File))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
		}
		fmt.Fprintf(w, "::%s %s::%s\n", kind, strings.Join(props, ","), escapeData(f.Message))
	}
	if more > 0 {
		fmt.Fprintf(w, "::notice title=tightlip::%s\n", escapeData(fmt.Sprintf("%d more findings are not annotated: see the job summary or the code scanning alerts", more)))
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "::error title=tightlip: not scanned::%s\n", escapeData(p))
	}
}

// escapeData escapes a workflow command's message: a newline in it would
// end the command and start another from the scanned tree's text.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(textsafe.Escape(s))
}

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(textsafe.Escape(s))
}

// Summary is what the job summary says besides the report.
type Summary struct {
	Plan Plan
	// Scanned says what was scanned, e.g. "range 1a2b3c..4d5e6f".
	Scanned string
	// ConfigChanged names the configuration files the pull request
	// changes.
	ConfigChanged []string
	FailOn        string
	ExitCode      int
}

// WriteSummary writes the job summary (GitHub-flavoured Markdown) for
// GITHUB_STEP_SUMMARY.
func WriteSummary(w io.Writer, rep *Report, s Summary) {
	status := "no findings"
	switch {
	case rep.Incomplete:
		status = "**incomplete**: the scan could not read everything it was asked to"
	case len(rep.Findings) > 0:
		status = fmt.Sprintf("%d findings, %d at or above %s", len(rep.Findings), rep.AtOrAbove(s.FailOn), s.FailOn)
	}
	fmt.Fprintf(w, "## tightlip: %s\n\n", status)
	fmt.Fprintf(w, "Scanned: %s.\n\n", md(s.Scanned))
	for _, n := range s.Plan.Notes {
		fmt.Fprintf(w, "- %s\n", md(n))
	}
	if len(s.ConfigChanged) > 0 {
		fmt.Fprintf(w, "- :warning: this pull request changes the configuration (%s); it was scanned with the base commit's configuration\n", md(strings.Join(s.ConfigChanged, ", ")))
	}
	if len(s.Plan.Notes) > 0 || len(s.ConfigChanged) > 0 {
		fmt.Fprintln(w)
	}
	writeSection(w, "Not scanned", rep.Problems)
	if len(rep.Findings) > 0 {
		byCat := map[string]int{}
		for _, f := range rep.Findings {
			byCat[orDash(f.Category)]++
		}
		fmt.Fprintf(w, "| Category | Findings |\n|---|---:|\n")
		for _, c := range sortedKeys(byCat) {
			fmt.Fprintf(w, "| %s | %d |\n", md(c), byCat[c])
		}
		fmt.Fprintf(w, "\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n")
		for i, f := range rep.Findings {
			if i == maxSummaryRows {
				fmt.Fprintf(w, "\n… and %d more: see the SARIF report.\n", len(rep.Findings)-maxSummaryRows)
				break
			}
			loc := f.File
			if f.Line > 0 {
				loc = fmt.Sprintf("%s:%d", f.File, f.Line)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", f.Level, md(f.Rule), md(loc), md(f.Message))
		}
		fmt.Fprintln(w)
	}
	if len(rep.Suppressed) > 0 {
		fmt.Fprintf(w, "### Suppressed\n\n")
		for _, k := range sortedKeys(rep.Suppressed) {
			fmt.Fprintf(w, "- %s: %d\n", md(k), rep.Suppressed[k])
		}
		fmt.Fprintln(w)
	}
	writeSection(w, "Notes", rep.Notes)
}

// writeSection writes a heading and a bullet list of items, nothing when
// there are none.
func writeSection(w io.Writer, heading string, items []string) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(w, "### %s\n\n", heading)
	for _, it := range items {
		fmt.Fprintf(w, "- %s\n", md(it))
	}
	fmt.Fprintln(w)
}

// md makes text from the scanned tree inert in Markdown: no HTML, no
// links, no table cell breaks, one line.
func md(s string) string {
	return strings.NewReplacer(
		"&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "\\|", "`", "\\`",
		"[", "\\[", "]", "\\]", "*", "\\*", "_", "\\_", "@", "&#64;",
	).Replace(textsafe.Escape(s))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
