package report

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

// writeGitHub writes one workflow command per finding, which the Actions
// runner turns into an annotation on the file and line, then the summary
// as a notice. Every piece of text is escaped twice: printable shows line
// breaks and bidi controls as visible escapes, so that nothing from the
// tree can start a line (a command of its own) or reorder the annotation;
// then the runner's own %XX escaping keeps ':' and ',' in their fields.
// See https://docs.github.com/actions/reference/workflow-commands-for-github-actions.
func writeGitHub(w *bytes.Buffer, fs []finding.Finding, sum finding.Summary, cat *rule.Catalogue) {
	for _, f := range fs {
		props := []string{"file=" + escapeProperty(printable(f.File))}
		if f.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Line))
			// The runner rejects columns on an annotation that spans
			// lines, so send them only for a single-line region.
			single := f.EndLine <= f.Line
			if single && f.Column > 0 {
				props = append(props, "col="+strconv.Itoa(f.Column))
			}
			if f.EndLine > f.Line {
				props = append(props, "endLine="+strconv.Itoa(f.EndLine))
			}
			if single && f.EndColumn > 0 {
				props = append(props, "endColumn="+strconv.Itoa(f.EndColumn))
			}
		}
		props = append(props, "title="+escapeProperty(printable(annotationTitle(f, cat))))
		w.WriteString("::" + annotationCommand(f.Severity) + " " + strings.Join(props, ",") + "::" + escapeData(printable(f.Message+details(f))) + "\n")
	}
	// The summary's own line breaks are the only ones sent, as %0A: its
	// lines escape what came from the tree.
	w.WriteString("::notice title=tightlip::" + escapeData(strings.Join(summaryLines(fs, sum), "\n")) + "\n")
}

// annotationCommand maps a SARIF-style severity to the runner's commands,
// which call the lowest level "notice".
func annotationCommand(s rule.Severity) string {
	switch s {
	case rule.Error:
		return "error"
	case rule.Note:
		return "notice"
	default:
		return "warning"
	}
}

// annotationTitle is "[rule-id] short description", the short description
// coming from the catalogue when it knows the rule, else the category.
func annotationTitle(f finding.Finding, cat *rule.Catalogue) string {
	title := string(f.Category)
	if r, ok := lookup(cat, f.RuleID); ok && r.Short != "" {
		title = r.Short
	}
	return "[" + f.RuleID + "] " + title
}

// The runner unescapes %25, %0D and %0A in a command's message, and also
// %3A and %2C in its properties, where ':' and ',' are separators.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
