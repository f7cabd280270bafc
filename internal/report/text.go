package report

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
	"github.com/tightlip/tightlip/internal/textsafe"
)

// writeText writes one line per finding, in the file:line:col form that
// editors and terminals turn into links, with its severity as compilers
// print it ("a.go:3:7: error: [rule] message"), then the summary.
func writeText(w *bytes.Buffer, fs []finding.Finding, sum finding.Summary) {
	for _, f := range fs {
		fmt.Fprintf(w, "%s: %s: [%s] %s%s\n", position(f), level(f.Severity), printable(f.RuleID), printable(f.Message), printable(details(f)))
	}
	if len(fs) > 0 {
		w.WriteByte('\n')
	}
	for _, l := range summaryLines(fs, sum) {
		w.WriteString(l)
		w.WriteByte('\n')
	}
}

// position is "file:line:col", leaving out what the finding does not know
// (a gitignore finding may name a file but no line).
func position(f finding.Finding) string {
	p := printable(f.File)
	if f.Line > 0 {
		p += ":" + strconv.Itoa(f.Line)
		if f.Column > 0 {
			p += ":" + strconv.Itoa(f.Column)
		}
	}
	return p
}

// printable escapes what could break the one-line-per-finding layout,
// send escape sequences to the terminal or reorder the text the reader
// sees (see textsafe.Escape).
func printable(s string) string { return textsafe.Escape(s) }

// summaryLines says what the scan covered and what it did not, so that
// nothing is skipped without a count. Every count is printed, zeros
// included: "skipped: 0 files" is information too.
func summaryLines(fs []finding.Finding, sum finding.Summary) []string {
	// A history scan reads blobs, each a version of a file.
	unit := "file"
	if sum.Commits > 0 {
		unit = "blob"
	}
	scanned := plural(sum.FilesScanned, unit) + ", " + humanBytes(sum.BytesScanned)
	if sum.Commits > 0 {
		scanned += " from " + plural(sum.Commits, "commit")
	}
	if sum.Root != "" {
		scanned += " under " + printable(sum.Root)
	}
	scanned += " in " + humanDuration(sum.Duration)
	lines := []string{
		"findings:   " + strconv.Itoa(len(fs)) + " (" + countList(categoryCounts(fs)) + ")",
		"scanned:    " + scanned,
		"skipped:    " + countedMap(sum.Skipped, unit),
		"suppressed: " + countedMap(sum.Suppressed, "finding"),
		"problems:   " + strconv.Itoa(len(sum.Problems)),
	}
	for _, p := range sum.Problems {
		lines = append(lines, "  "+printable(p))
	}
	if sum.Incomplete {
		lines = append(lines, "incomplete: some content could not be read (see problems): findings may be missing")
	}
	for _, n := range sum.Notes {
		lines = append(lines, "note:       "+printable(n))
	}
	return lines
}

// count is one labelled number in a summary list.
type count struct {
	label string
	n     int
}

// categoryCounts counts findings in every category of rule.Categories, in
// that order, then in any category the catalogue does not know, so that the
// numbers always add up to the total.
func categoryCounts(fs []finding.Finding) []count {
	by := map[rule.Category]int{}
	for _, f := range fs {
		by[f.Category]++
	}
	var out []count
	for _, c := range rule.Categories {
		out = append(out, count{string(c), by[c]})
		delete(by, c)
	}
	for _, c := range slices.Sorted(maps.Keys(by)) {
		label := string(c)
		if label == "" {
			label = "uncategorised"
		}
		out = append(out, count{label, by[c]})
	}
	return out
}

// countedMap renders a reason→count map as "3 files (binary 2, too large 1)"
// with the reasons sorted.
func countedMap(m map[string]int, noun string) string {
	total := 0
	var cs []count
	for _, k := range slices.Sorted(maps.Keys(m)) {
		total += m[k]
		cs = append(cs, count{printable(k), m[k]})
	}
	s := plural(total, noun)
	if len(cs) > 0 {
		s += " (" + countList(cs) + ")"
	}
	return s
}

func countList(cs []count) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.label + " " + strconv.Itoa(c.n)
	}
	return strings.Join(parts, ", ")
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// humanBytes uses binary units with one decimal: "512 B", "3.4 KiB".
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	units := []string{"KiB", "MiB", "GiB", "TiB"}
	v, i := float64(n)/unit, 0
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + units[i]
}

// humanDuration rounds to what a person can use: milliseconds under a
// minute, seconds above.
func humanDuration(d time.Duration) string {
	if d >= time.Minute {
		return d.Round(time.Second).String()
	}
	return d.Round(time.Millisecond).String()
}
