package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gittest"
)

// httpTree has one warning (a plain-http URL) and no error; errorTree has
// errors (committed keys).
func httpTree(t *testing.T) string {
	t.Helper()
	dir := cleanTree(t)
	writeFile(t, filepath.Join(dir, "config/app.yaml"), "postback_url: http://tracker.partner.io/pb\n")
	return dir
}

// --fail-on sets the lowest severity that fails the scan; every finding is
// reported whatever it says.
func TestFailOn(t *testing.T) {
	warn, errs := httpTree(t), leakyTree(t)
	tests := []struct {
		dir    string
		failOn string // "" for the default
		want   int
	}{
		{warn, "", exitFindings}, // the default is warning
		{warn, "warning", exitFindings},
		{warn, "note", exitFindings},
		{warn, "error", exitClean},
		{warn, "never", exitClean},
		{errs, "error", exitFindings},
		{errs, "ERROR", exitFindings},
		{errs, "never", exitClean},
	}
	for _, tt := range tests {
		args := []string{"scan", "--go=false", "--format", "json"}
		if tt.failOn != "" {
			args = append(args, "--fail-on", tt.failOn)
		}
		res := tightlip(t, "", append(args, tt.dir)...)
		if res.code != tt.want {
			t.Errorf("--fail-on %q on %s: exit %d, want %d\n%s", tt.failOn, filepath.Base(tt.dir), res.code, tt.want, res.stderr)
		}
		if rep := decodeReport(t, res.stdout); len(rep.Findings) == 0 {
			t.Errorf("--fail-on %q: findings not reported", tt.failOn)
		}
		if tt.want == exitClean && !strings.Contains(res.stderr, "none at or above the fail-on level") {
			t.Errorf("--fail-on %q: stderr does not say why findings exit 0:\n%s", tt.failOn, res.stderr)
		}
	}
	res := tightlip(t, "", "scan", "--fail-on", "critical", warn)
	if res.code != exitError || !strings.Contains(res.stderr, "--fail-on") {
		t.Errorf("a bad --fail-on: exit %d, stderr %q", res.code, res.stderr)
	}
}

// The text report shows each finding's severity, as compilers do.
func TestTextShowsSeverity(t *testing.T) {
	res := tightlip(t, "", "scan", "--go=false", httpTree(t))
	res.wantCode(t, exitFindings)
	if !strings.Contains(res.stdout, "app.yaml:1:15: warning: [plain-http-url] ") {
		t.Errorf("no severity in the text report:\n%s", res.stdout)
	}
}

// A configuration may set failOn, but one that lets findings through a gate
// is named in the summary: a pull request can bring its own. One that is
// stricter, or not read, is not.
func TestFailOnFromConfig(t *testing.T) {
	for _, tt := range []struct {
		toml     string
		flags    []string
		want     int
		wantNote string
	}{
		{"[scan]\nfailOn = \"error\"\n", nil, exitClean, `raises failOn to "error"`},
		{"[scan]\nfailOn = \"never\"\n", nil, exitClean, `sets failOn = "never"`},
		{"[scan]\nfailOn = \"note\"\n", nil, exitFindings, ""},
		{"[scan]\nfailOn = \"warning\"\n", nil, exitFindings, ""},
		{"[scan]\nfailOn = \"never\"\n", []string{"--no-tree-config"}, exitFindings, ""},
		{"[scan]\nfailOn = \"never\"\n", []string{"--fail-on", "warning"}, exitFindings, ""},
	} {
		dir := httpTree(t)
		writeFile(t, filepath.Join(dir, ".tightlip.toml"), tt.toml)
		args := append([]string{"scan", "--go=false", "--format", "json"}, tt.flags...)
		res := tightlip(t, "", append(args, dir)...)
		if res.code != tt.want {
			t.Errorf("%q %v: exit %d, want %d\n%s", tt.toml, tt.flags, res.code, tt.want, res.stderr)
		}
		notes := strings.Join(decodeReport(t, res.stdout).Summary.Notes, "\n")
		if tt.wantNote != "" && (!strings.Contains(notes, tt.wantNote) || !strings.Contains(notes, ".tightlip.toml")) {
			t.Errorf("%q: notes do not name the weakened gate (%s):\n%s", tt.toml, tt.wantNote, notes)
		}
		if tt.wantNote == "" && strings.Contains(notes, "failOn") {
			t.Errorf("%q %v: notes name a failOn that does not weaken the gate:\n%s", tt.toml, tt.flags, notes)
		}
	}
}

// An incomplete scan exits 2 even when no finding could fail it.
func TestFailOnNeverStillIncomplete(t *testing.T) {
	r := gittest.New(t)
	r.Commit("one", map[string]string{"a.env": "T=" + gittest.FakeToken("shallow") + "\n"})
	r.Commit("two", map[string]string{"b.txt": "b\n"})
	clone := t.TempDir()
	r.Git("clone", "-q", "--depth", "1", "file://"+r.Dir, clone)
	res := tightlip(t, "", "scan", "--history", "--format", "json", "--fail-on", "never", clone)
	res.wantCode(t, exitError)
	if rep := decodeReport(t, res.stdout); !rep.Summary.Incomplete || len(rep.Findings) != 1 {
		t.Errorf("incomplete=%v findings=%d, want an incomplete report with the one finding", rep.Summary.Incomplete, len(rep.Findings))
	}
	// Accepted as partial, the scan exits by --fail-on again.
	tightlip(t, "", "scan", "--history", "--allow-shallow", "--fail-on", "never", clone).wantCode(t, exitClean)
}
