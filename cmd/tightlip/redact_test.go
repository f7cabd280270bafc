package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var formats = []string{"text", "json", "sarif", "github"}

// leaks returns the fixture secrets (or the marker every one of them holds)
// that appear in out.
func leaks(out string, secrets []string) []string {
	var found []string
	for _, s := range secrets {
		if strings.Contains(out, s) {
			found = append(found, s)
		}
	}
	if len(found) == 0 && strings.Contains(out, fakeMarker) {
		found = append(found, "part of a secret ("+fakeMarker+")")
	}
	return found
}

// docs/architecture.md: a secret is never printed in full unless --no-redact, in any
// format, on any stream, or in the -o file.
func TestSecretsRedactedInEveryFormat(t *testing.T) {
	secrets := fixtureSecrets(t, "secrets.txt")
	dir := leakyTree(t)
	outDir := t.TempDir()
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			r := tightlip(t, "", "scan", "--format", format, dir)
			r.wantCode(t, 1)
			if l := leaks(r.stdout, secrets); l != nil {
				t.Errorf("stdout shows %q:\n%s", l, r.stdout)
			}
			if l := leaks(r.stderr, secrets); l != nil {
				t.Errorf("stderr shows %q:\n%s", l, r.stderr)
			}
			if !strings.Contains(r.stdout, "github-pat") {
				t.Errorf("report does not name the rule that fired:\n%s", r.stdout)
			}

			out := filepath.Join(outDir, "report."+format)
			r = tightlip(t, "", "scan", dir, "--format", format, "-o", out)
			r.wantCode(t, 1)
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if l := leaks(string(data), secrets); l != nil {
				t.Errorf("-o file shows %q:\n%s", l, data)
			}
			if l := leaks(r.stdout+r.stderr, secrets); l != nil {
				t.Errorf("-o run printed %q", l)
			}

			// Standard input is redacted the same way.
			fixture, err := os.ReadFile(filepath.Join(fixtureDir, "secrets.txt"))
			if err != nil {
				t.Fatal(err)
			}
			r = tightlip(t, string(fixture), "scan", "-", "--format", format)
			r.wantCode(t, 1)
			if l := leaks(r.stdout+r.stderr, secrets); l != nil {
				t.Errorf("stdin scan shows %q:\n%s%s", l, r.stdout, r.stderr)
			}
		})
	}
}

// The real process too: gitleaks logs through a global logger straight to
// os.Stderr, which the in-process tests cannot see.
func TestSecretsRedactedByTheProcess(t *testing.T) {
	t.Parallel()
	secrets := fixtureSecrets(t, "secrets.txt")
	dir := leakyTree(t)
	for _, format := range formats {
		r := tightlipProcess(t, dir, "scan", "--format", format)
		r.wantCode(t, 1)
		if l := leaks(r.stdout+r.stderr, secrets); l != nil {
			t.Errorf("%s: process output shows %q:\nstdout:\n%s\nstderr:\n%s", format, l, r.stdout, r.stderr)
		}
		if r.stderr != "" {
			t.Errorf("%s: unexpected stderr: %s", format, r.stderr)
		}
	}
}

func TestNoRedactShowsSecrets(t *testing.T) {
	secrets := fixtureSecrets(t, "secrets.txt")
	dir := leakyTree(t)
	rep := scanJSON(t, 1, dir, "--no-redact")
	got := map[string]bool{}
	for _, f := range rep.Findings {
		got[f.Secret] = true
	}
	for _, s := range secrets {
		if !got[s] {
			t.Errorf("--no-redact: secret %q not in the JSON findings", s)
		}
	}
	for _, format := range []string{"text", "sarif", "github"} {
		r := tightlip(t, "", "scan", dir, "--format", format, "--no-redact")
		r.wantCode(t, 1)
		for _, s := range secrets {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("%s --no-redact: secret %q not shown", format, s)
			}
		}
	}

	// Redacted, the JSON secret field still shows something to recognise.
	rep = scanJSON(t, 1, dir)
	for _, f := range rep.Findings {
		if f.Secret == "" || strings.Contains(f.Secret, fakeMarker) {
			t.Errorf("redacted secret %q: want a short prefix", f.Secret)
		}
	}
}
