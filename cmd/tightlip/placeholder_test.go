package main

import (
	"path/filepath"
	"testing"
)

// A placeholder is no finding, but its drop is counted in the summary.
func TestPlaceholdersIgnoredAreCounted(t *testing.T) {
	dir := t.TempDir()
	writeGitignore(t, dir)
	writeFile(t, filepath.Join(dir, "deploy", "app.env"), "DB_PASSWORD=changeme\nSMTP_PASSWORD=your-password-here\n")
	r := tightlip(t, "", "scan", "--go=false", "--format", "json", dir)
	r.wantCode(t, exitClean)
	rep := parseTestsReport(t, r)
	if len(rep.Findings) != 0 || rep.Summary.Suppressed["placeholders ignored"] != 2 {
		t.Errorf("findings %+v, suppressed %v; want none and 2 placeholders ignored", rep.Findings, rep.Summary.Suppressed)
	}
}
