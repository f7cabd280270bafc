package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// portalTree copies testdata/portal into a temporary directory, putting a
// fake token (gittest.FakeToken: TLFAKE, grants nothing) where the
// configuration says @@NAME@@.
func portalTree(t *testing.T) string {
	t.Helper()
	src := filepath.Join(fixtureDir, "..", "portal")
	dst := t.TempDir()
	tokens := strings.NewReplacer("@@SHARED@@", gittest.FakeToken("portal-shared"), "@@REPORTS@@", gittest.FakeToken("portal-reports"))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(dst, rel), tokens.Replace(string(data)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// The fixture service, scanned end to end with the Go analyzers: each
// finding it must have, and no other.
func TestPortalFixture(t *testing.T) {
	t.Parallel()
	dir := portalTree(t)
	// A process of its own: go vet runs it again as its vet tool.
	r := tightlipProcess(t, dir, "scan", "--format", "json", ".")
	r.wantCode(t, exitFindings)
	rep := decodeReport(t, r.stdout)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.RuleID+"@"+f.File+":"+strconv.Itoa(f.Line))
	}
	want := []string{
		// The production configuration's two keys.
		"github-pat@config/production/app.yml:4",
		"secret-reused@config/production/app.yml:4",
		"github-pat@config/production/app.yml:6",
		// Staging shares production's payments key.
		"github-pat@config/staging/app.yml:4",
		"secret-reused@config/staging/app.yml:4",
		// The dashboard writes the reporting key into its page; the
		// status handler sends only whether it is set.
		"secret-in-response@main.go:27",
		// The payments webhook compares its signature with !=; refunds
		// uses hmac.Equal, and its Content-Type check is no signature.
		"webhook-signature-compare@main.go:50",
		// The reporting client: a plain-HTTP base built with Sprintf, the
		// key handed to the logging wrapper of another package (not to
		// its length-only Count), the request's header logged whole, a
		// "mask" that returns the key (not the hint of four characters),
		// and a dump of the request.
		"go-plain-http-url@reports.go:13",
		"secret-in-log@reports.go:28",
		"secret-in-log@reports.go:30",
		"secret-in-log@reports.go:31",
		"secret-in-log@reports.go:34",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if rep.Summary.Incomplete {
		t.Errorf("incomplete: %v", rep.Summary.Problems)
	}
}
