package rules

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/rule"
)

// The README's rule table is what `go generate ./internal/rules` writes:
// a rule added, renamed or re-described without regenerating it fails here.
func TestREADMETableIsCurrent(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	version, err := GitleaksVersion(gomod)
	if err != nil {
		t.Fatal(err)
	}
	table, err := Table(version)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReplaceTable(string(readme), table)
	if err != nil {
		t.Fatalf("README.md: %v", err)
	}
	if want != string(readme) {
		t.Errorf("README rule table is stale; run `go generate ./internal/rules` (or `go run ./internal/rules/gen`) and commit README.md")
	}
}

// The table names the built-in gitleaks rules by release and count, and
// each family's practice and the rules of its summaries.
func TestTableContent(t *testing.T) {
	table, err := Table("v8.99.0")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if len(rows) != 2+len(rule.Categories) {
		t.Fatalf("table has %d lines, want a header, a rule and %d families:\n%s", len(rows), len(rule.Categories), table)
	}
	for i, c := range rule.Categories {
		if !strings.HasPrefix(rows[2+i], "| `"+string(c)+"` | "+rule.Practices[c]+" | ") {
			t.Errorf("row %d = %.80q…, want family %s and its practice", i, rows[2+i], c)
		}
	}
	if !regexp.MustCompile(`gitleaks v8\.99\.0's [1-9][0-9]* provider rules`).MatchString(rows[2]) {
		t.Errorf("hardcoded-secret row does not name the gitleaks release and count: %.300q", rows[2])
	}
	if strings.Contains(table, "{gitleaks-") {
		t.Errorf("table keeps a placeholder: %q", table)
	}
}

// A summary that names a rule of another family, or a family whose
// analyzer rule no summary names, makes no table.
func TestTableChecksSummaries(t *testing.T) {
	list := JSONList{Rules: []JSONRule{
		{ID: "go-a", Category: string(rule.HardcodedSecret), Origin: "tightlip"},
		{ID: "go-b", Category: string(rule.InsecureTransport), Origin: "tightlip"},
		{ID: "gl", Category: string(rule.HardcodedSecret), Origin: "gitleaks"},
	}}
	good := []rule.Summary{
		{Category: rule.HardcodedSecret, Text: "`go-a`: a thing; {gitleaks-rules} of gitleaks {gitleaks-version}"},
		{Category: rule.InsecureTransport, Text: "`go-b`: another"},
		{Category: rule.SecretExposure, Text: "nothing yet"},
		{Category: rule.Gitignore, Text: "nothing yet"},
		{Category: rule.Webhook, Text: "nothing yet"},
	}
	got, err := table(list, good, []string{"go-a", "go-b"}, "v1")
	if err != nil {
		t.Fatalf("good summaries: %v", err)
	}
	if !strings.Contains(got, "| `go-a`: a thing; 1 of gitleaks v1 |") {
		t.Errorf("table = %q, want the gitleaks count and release filled in", got)
	}

	wrongFamily := append([]rule.Summary{{Category: rule.SecretExposure, Text: "`go-b` too"}}, good...)
	if _, err := table(list, wrongFamily, nil, "v1"); err == nil || !strings.Contains(err.Error(), "names rule go-b, which is of family insecure-transport") {
		t.Errorf("summary naming another family's rule: err = %v", err)
	}
	unnamed := slicesWithout(good, 1)
	unnamed = append(unnamed, rule.Summary{Category: rule.InsecureTransport, Text: "something"})
	if _, err := table(list, unnamed, []string{"go-a", "go-b"}, "v1"); err == nil || !strings.Contains(err.Error(), "rule go-b is named in no summary") {
		t.Errorf("analyzer rule no summary names: err = %v", err)
	}
	if _, err := table(list, good[:3], nil, "v1"); err == nil || !strings.Contains(err.Error(), "family gitignore has no summary") {
		t.Errorf("family without a summary: err = %v", err)
	}
}

func slicesWithout(s []rule.Summary, i int) []rule.Summary {
	out := append([]rule.Summary(nil), s[:i]...)
	return append(out, s[i+1:]...)
}

func TestReplaceTableNeedsMarkers(t *testing.T) {
	if _, err := ReplaceTable("# README\nno table\n", "| x |\n"); err == nil {
		t.Error("README without markers: no error")
	}
	got, err := ReplaceTable("a\n"+TableBegin+"\nold\n"+TableEnd+"\nb\n", "| x |\n")
	if err != nil {
		t.Fatal(err)
	}
	if want := "a\n" + TableBegin + "\n\n| x |\n\n" + TableEnd + "\nb\n"; got != want {
		t.Errorf("ReplaceTable = %q, want %q", got, want)
	}
}
