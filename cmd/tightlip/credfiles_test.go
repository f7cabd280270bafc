package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/finding"
)

// Weak passwords in files that exist only to hold credentials are found and
// printed redacted; the same lines in a README stay placeholders, counted.
// The passwords are weak on purpose and fake, as are the *.tlfake.test hosts.
func TestWeakPasswordsInCredentialFiles(t *testing.T) {
	dir := t.TempDir()
	writeGitignore(t, dir)
	netrc := "machine ftp.tlfake.test login bob password pass123\nmachine git.tlfake.test login bob password admin\nmachine www.tlfake.test login bob password password\n"
	writeFile(t, filepath.Join(dir, ".netrc"), netrc)
	writeFile(t, filepath.Join(dir, ".pgpass"), "db.tlfake.test:5432:app:bob:pass123\n")
	writeFile(t, filepath.Join(dir, "wp-config.php"), "<?php\ndefine('DB_HOST', 'db.tlfake.test');\ndefine('DB_PASSWORD', 'admin');\n")
	// Documentation shows the same lines: there they are examples.
	writeFile(t, filepath.Join(dir, "README.md"), "```\n"+netrc+"db.tlfake.test:5432:app:bob:pass123\n```\n")

	rep := scanJSON(t, exitFindings, "--go=false", dir)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s %s:%d %s", f.RuleID, f.File, f.Line, f.Secret))
	}
	want := []string{
		"netrc-credentials .netrc:1 " + finding.Redact("pass123"),
		"netrc-credentials .netrc:2 " + finding.Redact("admin"),
		"netrc-credentials .netrc:3 " + finding.Redact("password"),
		"pgpass-credentials .pgpass:1 " + finding.Redact("pass123"),
		"php-db-password wp-config.php:3 " + finding.Redact("admin"),
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// README.md's three netrc passwords are placeholders there; its
	// pgpass-shaped line matches nothing (pgpass-credentials reads only
	// .pgpass files).
	if n := rep.Summary.Suppressed["placeholders ignored"]; n != 3 {
		t.Errorf("placeholders ignored = %d, want 3 (README.md's netrc lines)", n)
	}

	for _, format := range []string{"text", "json", "sarif"} {
		r := tightlip(t, "", "scan", "--go=false", "--format", format, dir)
		r.wantCode(t, exitFindings)
		for _, secret := range []string{"pass123", "'admin'", "password password", "login bob password admin"} {
			if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
				t.Errorf("%s output shows %q:\n%s%s", format, secret, r.stdout, r.stderr)
			}
		}
	}
}
