package scan

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func hashes(s string) []uint64 {
	var out []uint64
	for _, l := range strings.Fields(s) {
		out = append(out, uint64(l[0]))
	}
	return out
}

func TestTouchedLines(t *testing.T) {
	cases := []struct {
		a, b string
		want []int
	}{
		{"a b c", "a b c", nil},
		{"a b c", "a b x c", []int{2}},
		{"a b c d", "a d", []int{0, 1}}, // deleting b c joins a and d
		{"a b c", "x a b c y", []int{0, 4}},
		{"", "a b", []int{0, 1}},
		{"a b", "", nil},
	}
	for _, c := range cases {
		got, ok := touchedLines(hashes(c.a), hashes(c.b), 100)
		if !ok || !slices.Equal(got, c.want) {
			t.Errorf("touchedLines(%q, %q) = %v, %v; want %v", c.a, c.b, got, ok, c.want)
		}
	}
	if _, ok := touchedLines(hashes("a b c d"), hashes("w x y z"), 3); ok {
		t.Error("an 8-edit script fit in 3 edits")
	}
}

// TestTouchedLinesRunsAreInBase checks the property the region scan relies
// on, over random edits: every run of untouched lines of b is a contiguous
// run of a, and every line a lacks is touched.
func TestTouchedLinesRunsAreInBase(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 500 {
		a := make([]uint64, rng.IntN(40))
		for i := range a {
			a[i] = uint64(rng.IntN(6))
		}
		b := slices.Clone(a)
		for range rng.IntN(5) {
			switch i := rng.IntN(len(b) + 1); rng.IntN(3) {
			case 0:
				b = slices.Insert(b, i, uint64(rng.IntN(6)))
			case 1:
				if i < len(b) {
					b = slices.Delete(b, i, i+1)
				}
			default:
				if i < len(b) {
					b[i] = uint64(rng.IntN(6))
				}
			}
		}
		touched, ok := touchedLines(a, b, 100)
		if !ok {
			t.Fatalf("iteration %d: no script", iter)
		}
		for start := 0; start < len(b); {
			if slices.Contains(touched, start) {
				start++
				continue
			}
			end := start
			for end < len(b) && !slices.Contains(touched, end) {
				end++
			}
			if !containsRun(a, b[start:end]) {
				t.Fatalf("iteration %d: a=%v b=%v touched=%v: run b[%d:%d] not in a", iter, a, b, touched, start, end)
			}
			start = end
		}
	}
}

func containsRun(a, run []uint64) bool {
	for i := 0; i+len(run) <= len(a); i++ {
		if slices.Equal(a[i:i+len(run)], run) {
			return true
		}
	}
	return false
}
