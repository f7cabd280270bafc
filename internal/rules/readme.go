package rules

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/tightlip/tightlip/analyzer/exposure"
	"github.com/tightlip/tightlip/analyzer/hardcoded"
	"github.com/tightlip/tightlip/analyzer/insecuretransport"
	"github.com/tightlip/tightlip/analyzer/webhook"
	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/reuse"
	"github.com/tightlip/tightlip/internal/rule"
)

//go:generate go run ./gen -readme ../../README.md

// The README's rule table is the text between these two lines, each alone
// on its line.
const (
	TableBegin = "<!-- rule table: made by `go generate ./internal/rules` from `tightlip rules --format json` and the rules' Summary; do not edit here -->"
	TableEnd   = "<!-- end of rule table -->"
)

// Summaries returns what each package's rules find, in the order a row of
// the README's rule table joins them: the Go analyzers', the content
// rules', the gitignore family's.
func Summaries() []rule.Summary {
	out := []rule.Summary{hardcoded.Summary, insecuretransport.Summary, exposure.Summary}
	out = append(out, contentrules.Summaries...)
	return append(out, reuse.Summary, gitignore.Summary, webhook.Summary)
}

// Table returns the README's rule table, one row per family: its practice
// (rule.Practices) and what its rules find (Summaries). The rules it
// checks the summaries against and counts are those `tightlip rules
// --format json` prints; gitleaksVersion is the gitleaks release whose
// rules are built in (GitleaksVersion).
func Table(gitleaksVersion string) (string, error) {
	set, err := Build(nil)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, set.Catalogue.All()); err != nil {
		return "", err
	}
	var list JSONList
	if err := json.Unmarshal(buf.Bytes(), &list); err != nil {
		return "", err
	}
	var static []string
	for _, r := range Static() {
		static = append(static, r.ID)
	}
	return table(list, Summaries(), static, gitleaksVersion)
}

// quoted finds the backquoted spans of Markdown text.
var quoted = regexp.MustCompile("`([^`]+)`")

// table renders the table from the listed rules and the summaries. Every
// family has a row; a rule named in a row must be of its family, and each
// rule of static (the Go analyzers' and the gitignore family's, which the
// summaries describe one by one) must be named in its row.
func table(list JSONList, sums []rule.Summary, static []string, gitleaksVersion string) (string, error) {
	family := map[string]string{}
	gitleaks := 0
	for _, r := range list.Rules {
		family[r.ID] = r.Category
		if r.Origin == "gitleaks" {
			gitleaks++
		}
	}
	fill := strings.NewReplacer("{gitleaks-version}", gitleaksVersion, "{gitleaks-rules}", strconv.Itoa(gitleaks))
	named := map[string]bool{}
	var b strings.Builder
	b.WriteString("| family (`category`) | practice | what is reported today |\n|---|---|---|\n")
	for _, c := range rule.Categories {
		practice := rule.Practices[c]
		if practice == "" {
			return "", fmt.Errorf("family %s has no practice (rule.Practices)", c)
		}
		var parts []string
		for _, s := range sums {
			if s.Category == c {
				parts = append(parts, fill.Replace(s.Text))
			}
		}
		if len(parts) == 0 {
			return "", fmt.Errorf("family %s has no summary", c)
		}
		text := strings.Join(parts, "; ")
		for _, m := range quoted.FindAllStringSubmatch(text, -1) {
			cat, ok := family[m[1]]
			if !ok {
				continue
			}
			if cat != string(c) {
				return "", fmt.Errorf("the summary of family %s names rule %s, which is of family %s", c, m[1], cat)
			}
			named[m[1]] = true
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c, practice, text)
	}
	for _, id := range static {
		if !named[id] {
			return "", fmt.Errorf("rule %s is named in no summary of its family (%s)", id, family[id])
		}
	}
	return b.String(), nil
}

// GitleaksVersion returns the version of gitleaks that go.mod (its text)
// requires: the release whose default rules are built in.
func GitleaksVersion(gomod []byte) (string, error) {
	f, err := modfile.ParseLax("go.mod", gomod, nil)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(f.Require, func(r *modfile.Require) bool {
		return r.Mod.Path == "github.com/zricethezav/gitleaks/v8"
	})
	if i < 0 {
		return "", fmt.Errorf("go.mod does not require github.com/zricethezav/gitleaks/v8")
	}
	return f.Require[i].Mod.Version, nil
}

// ReplaceTable returns readme with the text between TableBegin and
// TableEnd replaced by table, set off by blank lines so that Markdown
// renders it as a table of its own.
func ReplaceTable(readme, table string) (string, error) {
	start := strings.Index(readme, TableBegin+"\n")
	if start < 0 {
		return "", fmt.Errorf("no line %q", TableBegin)
	}
	start += len(TableBegin) + 1
	end := strings.Index(readme[start:], TableEnd+"\n")
	if end < 0 {
		return "", fmt.Errorf("no line %q after %q", TableEnd, TableBegin)
	}
	return readme[:start] + "\n" + table + "\n" + readme[start+end:], nil
}
