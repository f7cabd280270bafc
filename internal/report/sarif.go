package report

import (
	"bytes"
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/rule"
)

const (
	toolName       = "tightlip"
	informationURI = "https://github.com/tightlip/tightlip"
	// srcRoot is the uriBaseId code scanning resolves to the checkout, so
	// that relative paths land on the right files.
	srcRoot = "%SRCROOT%"
)

// writeSARIF writes a SARIF 2.1.0 log with one run, in the form GitHub code
// scanning accepts: every rule that fired with its help and the tags and
// security-severity code scanning ranks alerts by, and every finding as a
// result with a partial fingerprint so alerts follow a secret across runs.
func writeSARIF(w *bytes.Buffer, fs []finding.Finding, sum finding.Summary, opts Options) error {
	run := sarif.NewRunWithInformationURI(toolName, informationURI)
	run.Tool.Driver.WithVersion(sarifVersion(opts.ToolVersion))
	// Findings count columns in code points (finding.Finding), not in
	// SARIF's default UTF-16 code units.
	run.WithColumnKind("unicodeCodePoints")
	if v := sum.VCS; v != nil && v.RepositoryURI != "" {
		// Which repository and revision a git scan read: code scanning and
		// other consumers tie the results to that commit.
		vcs := sarif.NewVersionControlDetails()
		vcs.RepositoryURI = &v.RepositoryURI
		if v.Revision != "" {
			vcs.RevisionID = &v.Revision
		}
		if v.Branch != "" {
			vcs.Branch = &v.Branch
		}
		// Result paths are relative to the repository's top, %SRCROOT%.
		vcs.MappedTo = sarif.NewArtifactLocation().WithURIBaseID(srcRoot)
		run.AddVersionControlProvenance(vcs)
	}
	for _, r := range firedRules(fs, opts.Catalogue) {
		addRule(run, r)
	}
	for _, f := range fs {
		addResult(run, f)
	}
	run.AddInvocation(invocation(sum))
	log := sarif.NewReport()
	log.AddRun(run)
	var raw bytes.Buffer
	if err := log.Write(&raw); err != nil {
		return err
	}
	clean, err := prune(raw.Bytes())
	if err != nil {
		return err
	}
	w.Write(clean)
	return nil
}

// sarifVersion adapts a Go module version ("v1.2.3") to what SARIF
// consumers compare: a version that starts with a digit (the multitool's
// rule SARIF2005). A build that does not know its version says so.
func sarifVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		return "0.0.0-devel"
	}
	return v
}

// firedRules returns the rules of the findings, once each, in catalogue
// order (category, then ID). A rule the catalogue lacks is described from
// the first finding that fired it: a report never fails for want of
// metadata.
func firedRules(fs []finding.Finding, cat *rule.Catalogue) []rule.Rule {
	seen := map[string]bool{}
	var out []rule.Rule
	for _, f := range fs {
		if seen[f.RuleID] {
			continue
		}
		seen[f.RuleID] = true
		r, ok := lookup(cat, f.RuleID)
		if !ok {
			r = rule.Rule{ID: f.RuleID, Category: f.Category, Severity: f.Severity}
		}
		out = append(out, withDefaults(r, f))
	}
	slices.SortFunc(out, func(a, b rule.Rule) int {
		return cmp.Or(
			cmp.Compare(categoryRank(a.Category), categoryRank(b.Category)),
			cmp.Compare(a.ID, b.ID),
		)
	})
	return out
}

// withDefaults fills what a rule leaves blank, so that every descriptor has
// the texts code scanning shows.
func withDefaults(r rule.Rule, f finding.Finding) rule.Rule {
	r.Short = cmp.Or(r.Short, f.Message, r.ID)
	r.Full = cmp.Or(r.Full, r.Short)
	r.Help = cmp.Or(r.Help, r.Full)
	r.Severity = cmp.Or(r.Severity, f.Severity, rule.Warning)
	r.Category = cmp.Or(r.Category, f.Category)
	r.Precision = cmp.Or(r.Precision, "medium")
	return r
}

func categoryRank(c rule.Category) int {
	if i := slices.Index(rule.Categories, c); i >= 0 {
		return i
	}
	return len(rule.Categories)
}

func addRule(run *sarif.Run, r rule.Rule) {
	props := sarif.NewPropertyBag()
	props.AddTag("security")
	if r.Category != "" {
		props.AddTag(string(r.Category))
	}
	if r.CWE != "" {
		// Code scanning links tags of this form to the CWE entry.
		props.AddTag("external/cwe/" + strings.ToLower(r.CWE))
	}
	props.Add("security-severity", r.SecuritySeverity())
	props.Add("precision", r.Precision)
	run.AddRule(r.ID).
		WithName(ruleName(r.ID)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Short)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(r.Full)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(r.Help).WithMarkdown(r.Help)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level(r.Severity))).
		WithProperties(props)
}

func addResult(run *sarif.Run, f finding.Finding) {
	text := cmp.Or(f.Message, f.RuleID) + details(f)
	res := run.CreateResultForRule(f.RuleID).
		WithLevel(level(f.Severity)).
		WithMessage(sarif.NewTextMessage(text)).
		WithPartialFingerprints(map[string]string{"primaryLocationLineHash": f.Fingerprint}).
		AddLocation(sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(f.File)).WithURIBaseID(srcRoot)).
				WithRegion(region(f)),
		))
	if f.Fix != nil {
		res.AddFixe(sarifFix(f.Fix))
	}
	for i, l := range f.Related {
		loc := sarif.NewLocationWithPhysicalLocation(
			sarif.NewPhysicalLocation().
				WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(l.File)).WithURIBaseID(srcRoot)).
				WithRegion(region(finding.Finding{Line: l.Line, Column: l.Column})),
		)
		loc.ID = i + 1
		res.AddRelatedLocation(loc)
	}
	if f.Commit != "" || len(f.Entries) > 0 || len(f.Also) > 0 || f.Context != "" {
		props := sarif.NewPropertyBag()
		if f.Context != "" {
			props.Add("context", f.Context)
		}
		if len(f.Entries) > 0 {
			props.Add("entries", f.Entries)
		}
		if len(f.Also) > 0 {
			props.Add("also", f.Also)
		}
		if f.Commit != "" {
			props.Add("commit", f.Commit)
		}
		for k, v := range map[string]string{"author": f.Author, "email": f.Email, "subject": f.Subject} {
			if v != "" {
				props.Add(k, v)
			}
		}
		if !f.Date.IsZero() {
			props.Add("date", f.Date.Format(time.RFC3339))
		}
		res.WithProperties(props)
	}
}

// sarifFix maps a fix onto SARIF's: each insert is a replacement that
// deletes nothing, at a point given both as line and column and as a byte
// offset (text and binary consumers read different ones); each replace
// deletes the region of its old text, given the same two ways.
func sarifFix(fx *finding.Fix) *sarif.Fix {
	out := sarif.NewFix().WithDescription(sarif.NewTextMessage(fx.Description))
	for _, ins := range fx.Inserts {
		at := sarif.NewRegion().
			WithStartLine(ins.Line).WithStartColumn(ins.Column).
			WithEndLine(ins.Line).WithEndColumn(ins.Column).
			WithByteOffset(int(ins.Offset)).WithByteLength(0)
		out.AddArtifactChange(sarif.NewArtifactChange().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(ins.File)).WithURIBaseID(srcRoot)).
			AddReplacement(sarif.NewReplacement().
				WithDeletedRegion(at).
				WithInsertedContent(sarif.NewArtifactContent().WithText(ins.Text))))
	}
	for _, rep := range fx.Replaces {
		at := sarif.NewRegion().
			WithStartLine(rep.Line).WithStartColumn(rep.Column).
			WithEndLine(rep.EndLine).WithEndColumn(rep.EndColumn).
			WithByteOffset(int(rep.Offset)).WithByteLength(len(rep.Old))
		out.AddArtifactChange(sarif.NewArtifactChange().
			WithArtifactLocation(sarif.NewSimpleArtifactLocation(fileURI(rep.File)).WithURIBaseID(srcRoot)).
			AddReplacement(sarif.NewReplacement().
				WithDeletedRegion(at).
				WithInsertedContent(sarif.NewArtifactContent().WithText(rep.Text))))
	}
	return out
}

// region maps the finding's span onto SARIF's. Code scanning needs a start
// line, so a finding about a whole file points at its first line.
func region(f finding.Finding) *sarif.Region {
	r := sarif.NewRegion().WithStartLine(max(f.Line, 1))
	if f.Line < 1 {
		return r
	}
	if f.Column > 0 {
		r.WithStartColumn(f.Column)
	}
	end := max(f.EndLine, f.Line)
	r.WithEndLine(end)
	// On one line the end column must lie past the start column.
	if f.EndColumn > 0 && (end > f.Line || f.EndColumn > f.Column) {
		r.WithEndColumn(f.EndColumn)
	}
	return r
}

// level is the SARIF level for a severity; anything unknown is a warning,
// SARIF's own default.
func level(s rule.Severity) string {
	switch s {
	case rule.Error, rule.Warning, rule.Note:
		return string(s)
	}
	return sarif.LevelWarning
}

// fileURI turns a slash path into a relative URI reference: spaces, '%',
// '#' and the like are percent-encoded, and a colon in the first segment is
// kept from reading as a scheme.
func fileURI(p string) string {
	return (&url.URL{Path: p}).String()
}

// ruleName is the rule ID in PascalCase ("aws-access-token" →
// "AwsAccessToken"), the form SARIF viewers expect of reportingDescriptor.name.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == '/' }) {
		first, size := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(first))
		b.WriteString(part[size:])
	}
	return b.String()
}

// invocation says whether the scan read everything it was asked to
// (executionSuccessful is false for an incomplete scan, so that a consumer
// of the SARIF file alone cannot take a partial scan for a clean one), and
// carries the summary's problems and notes as notifications and its counts
// of skipped and suppressed content as properties.
func invocation(sum finding.Summary) *sarif.Invocation {
	inv := sarif.NewInvocation().WithExecutionSuccessful(!sum.Incomplete)
	problemLevel := sarif.LevelWarning
	if sum.Incomplete {
		problemLevel = sarif.LevelError
	}
	for _, p := range sum.Problems {
		inv.AddToolExecutionNotification(sarif.NewNotification().WithLevel(problemLevel).WithMessage(sarif.NewTextMessage(p)))
	}
	for _, n := range sum.Notes {
		inv.AddToolExecutionNotification(sarif.NewNotification().WithLevel(sarif.LevelNote).WithMessage(sarif.NewTextMessage(n)))
	}
	props := sarif.NewPropertyBag()
	props.Add("incomplete", sum.Incomplete)
	props.Add("skipped", nonNilMap(sum.Skipped))
	props.Add("suppressed", nonNilMap(sum.Suppressed))
	// Which key made the fingerprints, as the JSON summary says: a
	// baseline made from this report must be made with the same one.
	if sum.FingerprintKeyID != "" {
		props.Add("fingerprint_key", string(sum.FingerprintKey))
		props.Add("fingerprint_key_id", sum.FingerprintKeyID)
	}
	return inv.WithProperties(props)
}
