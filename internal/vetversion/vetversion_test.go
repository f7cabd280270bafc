package vetversion

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The build ID read is the one the go command reads: go tool buildid
// prints it for the test binary.
func TestBuildIDIsTheGoCommands(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatal(err)
	}
	got, err := BuildID(exe)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(out)); got != want || got == "" {
		t.Errorf("BuildID = %q, go tool buildid says %q", got, want)
	}
}

// go vet accepts a devel version line only with the build ID last.
func TestPrintIsAVersionLine(t *testing.T) {
	var b bytes.Buffer
	if !Print(&b) {
		t.Fatal("no version line for the test binary")
	}
	f := strings.Fields(b.String())
	if len(f) != 5 || f[1] != "version" || f[2] != "devel" || !strings.HasPrefix(f[4], "buildID=") || strings.Count(f[4], "/") < 1 {
		t.Errorf("version line %q", b.String())
	}
}

func TestRawBuildID(t *testing.T) {
	for _, c := range []struct {
		data, want string
		err        bool
	}{
		{"\x00\x01\xff Go build ID: \"abc/def\"\n \xff rest", "abc/def", false},
		{"no build id here", "", false},
		{"\xff Go build ID: \"abc/def", "", true},
	} {
		got, err := rawBuildID([]byte(c.data))
		if got != c.want || (err != nil) != c.err {
			t.Errorf("rawBuildID(%q) = %q, %v; want %q, error %v", c.data, got, err, c.want, c.err)
		}
	}
}
