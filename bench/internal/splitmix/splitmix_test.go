package splitmix

import (
	"fmt"
	"testing"
)

// TestStream pins the output stream: every generated tree and history
// depends on it, so a change here must be deliberate.
func TestStream(t *testing.T) {
	r := New(1, 2)
	got := fmt.Sprintf("%#x %#x %d %d %v %v %s %d", r.Uint64(), r.Uint64(), r.Intn(1000), r.Between(5, 9),
		r.Float64(), r.Chance(0.5), r.Chars("abcdef0123", 12), r.Geometric(0.3, 10))
	p := []int{0, 1, 2, 3, 4, 5, 6, 7}
	r.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
	got += fmt.Sprint(" ", p, " ", r.Pick([]string{"a", "b", "c", "d"}))
	const want = "0x170be5dc76626b77 0x5d2fa83fc4f71fbe 116 8 0.20428977927214198 false ad31dd31f1c2 1 [5 1 0 7 4 3 2 6] b"
	if got != want {
		t.Errorf("stream changed:\n got %s\nwant %s", got, want)
	}
}
