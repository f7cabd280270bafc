package benchtext

import (
	"bytes"
	"strings"
	"testing"
)

// The text is the same on every call, as large as asked (less at most one
// line), and holds the samples it says it holds: every sample once before
// any comes again.
func TestText(t *testing.T) {
	a, err := Text("../..", 64<<10, 4)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Text("../..", 64<<10, 4)
	if !bytes.Equal(a, b) {
		t.Fatal("two calls gave different texts")
	}
	if len(a) > 64<<10 || len(a) < 60<<10 {
		t.Errorf("%d bytes, want a little under %d", len(a), 64<<10)
	}
	samples, err := Samples("../..")
	if err != nil {
		t.Fatal(err)
	}
	all, _ := Text("../..", 64<<20, 0)
	for _, s := range samples {
		if !bytes.Contains(all, bytes.ReplaceAll([]byte(s), []byte("\r"), nil)) {
			t.Fatalf("sample %.80q is missing from the samples-only text", s)
		}
	}
	if n := strings.Count(string(all), "\n"); n < len(samples) || len(all) > 4<<20 {
		t.Errorf("samples-only text: %d lines, %d bytes, for %d samples", n, len(all), len(samples))
	}
	if o := Ordinary(8 << 10); len(o) == 0 || bytes.Contains(o, []byte(samples[0])) {
		t.Errorf("Ordinary: %d bytes, or holds a sample", len(o))
	}
}
