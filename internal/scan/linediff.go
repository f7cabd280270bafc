package scan

import (
	"slices"
	"sync"
)

// touchedLines returns which lines of b an edit script from a to b touches,
// as sorted 0-based indexes: every inserted (or changed) line, and both
// neighbours of each point where lines of a were deleted, since the
// deletion makes them adjacent. Between two touched lines, b's lines are one
// run that a holds too, contiguous and in the same order. ok is false when
// the script needs more than maxEdits insertions and deletions.
//
// It is Myers' O((N+M)·D) algorithm on line hashes.
func touchedLines(a, b []uint64, maxEdits int) (lines []int, ok bool) {
	n, m := len(a), len(b)
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] holds v[k] for -d-1 <= k <= d+1 after step d, at k+d+1; the
	// rows are kept one after another in steps, a buffer reused across
	// calls (a diff that reaches maxEdits fills a quarter of a megabyte).
	buf := stepBuffers.Get().(*[]int)
	defer stepBuffers.Put(buf)
	steps := (*buf)[:0]
	defer func() { *buf = steps[:0] }()
	trace := func() [][]int {
		var rows [][]int
		for d, at := 0, 0; at < len(steps); d, at = d+1, at+2*d+3 {
			rows = append(rows, steps[at:at+2*d+3])
		}
		return rows
	}
	for d := 0; d <= limit; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace(), n, m), true
			}
		}
		steps = append(steps, v[off-d-1:off+d+2]...)
	}
	return nil, false
}

var stepBuffers = sync.Pool{New: func() any { return new([]int) }}

// backtrack walks an edit script from its end, (n, m), to its start and
// lists the lines of b it touches.
func backtrack(trace [][]int, n, m int) []int {
	var lines []int
	mark := func(l int) {
		if l >= 0 && l < m {
			lines = append(lines, l)
		}
	}
	x, y := n, m
	for d := len(trace); d > 0; d-- {
		prev := trace[d-1] // v after step d-1: v[k] at k+d
		at := func(k int) int { return prev[k+d] }
		k := x - y
		prevK := k - 1
		if k == -d || k != d && at(k-1) < at(k+1) {
			prevK = k + 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		if prevK == k+1 {
			mark(prevY) // b[prevY] inserted
		} else {
			mark(prevY - 1) // a[prevX] deleted between b[prevY-1] and b[prevY]
			mark(prevY)
		}
		x, y = prevX, prevY
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}
