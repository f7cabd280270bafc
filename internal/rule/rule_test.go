package rule

import (
	"strings"
	"testing"
)

// A catalogue refuses what would make a lookup ambiguous or a report
// unsortable, and lists rules by family in report order, then by ID.
func TestNewCatalogue(t *testing.T) {
	for _, tc := range []struct {
		name string
		rs   []Rule
		err  string
	}{
		{"empty ID", []Rule{{Short: "no id", Category: Gitignore}}, "rule with empty ID"},
		{"duplicate", []Rule{{ID: "a", Category: Gitignore}, {ID: "a", Category: Gitignore}}, `rule "a" defined twice`},
		{"unknown family", []Rule{{ID: "a", Category: "made-up"}}, `rule "a": unknown category "made-up"`},
	} {
		if _, err := NewCatalogue(tc.rs); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.err)
		}
	}
	c, err := NewCatalogue([]Rule{
		{ID: "z", Category: Gitignore},
		{ID: "b", Category: HardcodedSecret},
		{ID: "a", Category: SecretExposure},
		{ID: "a2", Category: HardcodedSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range c.All() {
		ids = append(ids, r.ID)
	}
	if got, want := strings.Join(ids, " "), "a2 b a z"; got != want {
		t.Errorf("All() = %s, want %s", got, want)
	}
	if r, ok := c.Lookup("a"); !ok || r.Category != SecretExposure {
		t.Errorf(`Lookup("a") = %+v, %v`, r, ok)
	}
	if _, ok := c.Lookup("missing"); ok {
		t.Error(`Lookup("missing") found a rule`)
	}
}

func TestSeverityAtLeast(t *testing.T) {
	for _, tc := range []struct {
		s, min Severity
		want   bool
	}{
		{Error, Warning, true}, {Warning, Warning, true}, {Note, Warning, false},
		{Warning, Error, false}, {Note, Note, true}, {"unknown", Warning, true}, {"unknown", Error, false},
	} {
		if got := tc.s.AtLeast(tc.min); got != tc.want {
			t.Errorf("%q.AtLeast(%q) = %v, want %v", tc.s, tc.min, got, tc.want)
		}
	}
}

// Every family has the practice the README's table names.
func TestEveryCategoryHasAPractice(t *testing.T) {
	for _, c := range Categories {
		if Practices[c] == "" {
			t.Errorf("family %s has no practice", c)
		}
	}
	if len(Practices) != len(Categories) {
		t.Errorf("%d practices for %d families", len(Practices), len(Categories))
	}
}
