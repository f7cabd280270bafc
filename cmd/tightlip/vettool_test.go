package main

import (
	"path/filepath"
	"testing"
)

func TestIsVetInvocation(t *testing.T) {
	dir := t.TempDir()
	// A config as go vet writes it, and look-alikes a user may scan.
	vetCfg := writeFile(t, filepath.Join(dir, "b001", "vet.cfg"),
		`{"ID": "example.com/x", "ImportPath": "example.com/x", "GoFiles": ["/src/x/x.go"], "VetxOutput": "/work/b001/vet.out"}`)
	otherJSON := writeFile(t, filepath.Join(dir, "b002", "vet.cfg"), `{"name": "not a vet config"}`)
	iniCfg := writeFile(t, filepath.Join(dir, "app.cfg"), "[server]\npassword = hunter2\n")
	tests := []struct {
		name string
		args []string
		want bool
	}{
		{"version query", []string{"-V=full"}, true},
		{"flags query", []string{"-flags"}, true},
		{"package config", []string{vetCfg}, true},
		{"package config with flags", []string{"-json", "-hardcoded.contentrules=false", vetCfg}, true},
		{"no arguments", nil, false},
		{"scan of a .cfg file", []string{"scan", iniCfg}, false},
		{"scan of a vet.cfg file", []string{"scan", vetCfg}, false},
		{"scan flags then a vet.cfg", []string{"scan", "--format", "json", vetCfg}, false},
		{"a .cfg file alone", []string{iniCfg}, false},
		{"a vet.cfg that is not go vet's", []string{otherJSON}, false},
		{"a vet.cfg that does not exist", []string{filepath.Join(dir, "none", "vet.cfg")}, false},
		{"flags query among others", []string{"scan", "-flags"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isVetInvocation(tt.args); got != tt.want {
				t.Errorf("isVetInvocation(%q) = %v, want %v", tt.args, got, tt.want)
			}
		})
	}
}

// A path ending in .cfg is scanned, not taken for go vet's protocol.
func TestScanCfgFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeGitignore(t, dir)
	copyFixture(t, "secrets.txt", dir, "settings.cfg")
	r := tightlipProcess(t, dir, "scan", "--format", "json", "settings.cfg")
	r.wantCode(t, exitFindings)
	if rep := decodeReport(t, r.stdout); len(rep.Findings) == 0 {
		t.Errorf("no findings in settings.cfg:\n%s", r.stdout)
	}
}
