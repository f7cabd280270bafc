package scan

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// testMargin is the margin the default rules give (curl-auth-header's reach).
const testMargin = 12

func numbered(n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("line %d\n", i+1)
	}
	return lines
}

func TestChangedRegion(t *testing.T) {
	base := numbered(100)
	cases := []struct {
		name      string
		edit      func([]string) []string
		wantLines [2]int // first and last line (1-based) of the region
	}{
		{"change in the middle", func(l []string) []string { l[49] = "changed\n"; return l }, [2]int{50 - testMargin, 50 + testMargin}},
		{"insert", func(l []string) []string { return append(l[:50:50], append([]string{"new\n"}, l[50:]...)...) }, [2]int{51 - testMargin, 51 + testMargin}},
		{"delete", func(l []string) []string { return append(l[:50:50], l[51:]...) }, [2]int{51 - testMargin, 51 + testMargin}},
		{"first line", func(l []string) []string { l[0] = "changed\n"; return l }, [2]int{1, 1 + testMargin}},
		{"append", func(l []string) []string { return append(l, "new\n") }, [2]int{101 - testMargin, 101}},
		{"two edits span", func(l []string) []string { l[19] = "a\n"; l[79] = "b\n"; return l }, [2]int{20 - testMargin, 80 + testMargin}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			next := strings.Join(c.edit(append([]string(nil), base...)), "")
			rs := changedRegions([]byte(strings.Join(base, "")), []byte(next), testMargin)
			if len(rs) != 1 {
				t.Fatalf("%d regions, want 1", len(rs))
			}
			from, to, line := rs[0].from, rs[0].to, rs[0].line
			region := next[from:to]
			if from > 0 && next[from-1] != '\n' || to < len(next) && next[to-1] != '\n' {
				t.Fatalf("region [%d,%d) does not fall on line boundaries", from, to)
			}
			first, last := line+1, line+strings.Count(region, "\n")
			if !strings.HasSuffix(region, "\n") {
				last++
			}
			if first != c.wantLines[0] || last != c.wantLines[1] {
				t.Errorf("region covers lines %d-%d, want %d-%d", first, last, c.wantLines[0], c.wantLines[1])
			}
		})
	}
}

func TestChangedRegionWithoutNewlines(t *testing.T) {
	if rs := changedRegions([]byte("abc"), []byte("abXc"), testMargin); len(rs) != 1 || rs[0] != (region{0, 4, 0}) {
		t.Errorf("got %v, want the whole one-line file", rs)
	}
	if rs := changedRegions(nil, []byte("new\nfile\n"), testMargin); len(rs) != 1 || rs[0] != (region{0, 9, 0}) {
		t.Errorf("empty base: got %v, want everything", rs)
	}
}

func TestChangedRegionsSplitsDistantEdits(t *testing.T) {
	base := numbered(1000)
	next := append([]string(nil), base...)
	next[9] = "changed near the top\n"
	next = append(next[:900:900], append([]string{"inserted near the bottom\n"}, next[900:]...)...)
	data := []byte(strings.Join(next, ""))
	rs := changedRegions([]byte(strings.Join(base, "")), data, testMargin)
	if len(rs) != 2 {
		t.Fatalf("got %d regions %v, want 2", len(rs), rs)
	}
	for i, want := range []string{"changed near the top", "inserted near the bottom"} {
		r := rs[i]
		text := string(data[r.from:r.to])
		if !strings.Contains(text, want) || strings.Count(text, "\n") > 2*testMargin+3 {
			t.Errorf("region %d (%d lines) does not hold just %q and its context", i, strings.Count(text, "\n"), want)
		}
		if got := strings.Count(string(data[:r.from]), "\n"); got != r.line {
			t.Errorf("region %d: line %d, want %d", i, r.line, got)
		}
	}
}

func TestCommonPrefixSuffixBlocks(t *testing.T) {
	a := []byte(strings.Repeat("x", 1000) + "A" + strings.Repeat("y", 700))
	b := []byte(strings.Repeat("x", 1000) + "BB" + strings.Repeat("y", 700))
	if p := commonPrefix(a, b); p != 1000 {
		t.Errorf("commonPrefix = %d, want 1000", p)
	}
	if s := commonSuffix(a, b); s != 700 {
		t.Errorf("commonSuffix = %d, want 700", s)
	}
}

func TestLineSet(t *testing.T) {
	base := []byte("keep\nmoved\nold\n")
	other := []byte("from the other parent\n")
	next := []byte("moved\nkeep\nnew\nfrom the other parent\n")
	ls := newLineSet(next, [][]byte{base, other})
	for line, want := range map[int]bool{1: false, 2: false, 3: true, 4: false} {
		if got := ls.anyNew(line, line); got != want {
			t.Errorf("line %d new = %v, want %v", line, got, want)
		}
	}
	if !ls.anyNew(1, 3) {
		t.Error("a span holding a new line is new")
	}
}

// aroundLines finds line starts with cursors; the regions must be those an
// index of every line start gives, at the ends of files too (with and
// without a last newline, touched lines near and past the end).
func TestAroundLinesAgreesWithALineIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteString(strings.Repeat("x", rng.IntN(5)) + "\n")
		}
		if rng.IntN(2) == 0 {
			b.WriteString("tail")
		}
		next := []byte(b.String())
		lines := strings.Count(b.String(), "\n") + 1
		first := rng.IntN(lines)
		var touched []int
		for l := 0; l < lines-first+2; l++ {
			if rng.IntN(6) == 0 {
				touched = append(touched, l)
			}
		}
		margin := rng.IntN(4)
		got, want := aroundLines(next, first, touched, margin), regionsFromIndex(next, first, touched, margin)
		if !slices.Equal(got, want) {
			t.Fatalf("%q, first %d, touched %v, margin %d:\ngot  %v\nwant %v", next, first, touched, margin, got, want)
		}
	}
}

func regionsFromIndex(next []byte, first int, touched []int, margin int) []region {
	starts := []int{0}
	for i, c := range next {
		if c == '\n' && i+1 < len(next) {
			starts = append(starts, i+1)
		}
	}
	offset := func(line int) int {
		if line >= len(starts) {
			return len(next)
		}
		return starts[line]
	}
	var out []region
	for _, t := range touched {
		lo, hi := max(0, first+t-margin), first+t+margin+1
		if n := len(out); n > 0 && out[n-1].to >= offset(lo) {
			out[n-1].to = max(out[n-1].to, offset(hi))
			continue
		}
		out = append(out, region{offset(lo), offset(hi), lo})
	}
	return out
}
