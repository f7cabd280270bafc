package testbin

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A checkout's directory of executables unused for staleAfter is removed;
// one used since, and anything that is not a directory, stay.
func TestRemoveStale(t *testing.T) {
	parent := t.TempDir()
	now := time.Now()
	for name, age := range map[string]time.Duration{"old": staleAfter + time.Hour, "recent": staleAfter - time.Hour} {
		dir := filepath.Join(parent, name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, Name), []byte("executable"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(dir, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(parent, "note")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(file, now.Add(-2*staleAfter), now.Add(-2*staleAfter)); err != nil {
		t.Fatal(err)
	}
	removeStale(parent, now)
	for name, want := range map[string]bool{"old": false, "recent": true, "note": true} {
		_, err := os.Stat(filepath.Join(parent, name))
		if got := err == nil; got != want {
			t.Errorf("%s exists: %v, want %v", name, got, want)
		}
	}
}
