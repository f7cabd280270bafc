// Package splitmix is the small deterministic PRNG (splitmix64) behind the
// benchmark generators. It is defined here rather than taken from math/rand
// so that a seed produces the same tree or repository with any Go version:
// the standard library does not promise a stable output stream for its
// helper methods.
//
// The stream is part of the generators' contract (a seed names an output),
// so a change to any method here changes every generated tree and history.
package splitmix

import "math"

// Rand is a splitmix64 generator. The zero value is usable but every Rand
// used by the generators comes from New.
type Rand struct{ s uint64 }

// New returns a generator for one stream of a seed: the same (seed, stream)
// always gives the same sequence, and different streams of one seed are
// independent enough for the generators' purposes.
func New(seed, stream uint64) *Rand {
	r := &Rand{s: seed*0x2545F4914F6CDD1D + stream*0x9E3779B97F4A7C15 + 1}
	r.Uint64()
	return r
}

// Uint64 returns the next 64 random bits.
func (r *Rand) Uint64() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// Intn returns a uniform int in [0, n). It panics if n <= 0.
func (r *Rand) Intn(n int) int {
	if n <= 0 {
		panic("splitmix: Intn: n <= 0")
	}
	un := uint64(n)
	limit := math.MaxUint64 - math.MaxUint64%un
	for {
		if v := r.Uint64(); v < limit {
			return int(v % un)
		}
	}
}

// Between returns a uniform int in [lo, hi].
func (r *Rand) Between(lo, hi int) int { return lo + r.Intn(hi-lo+1) }

// Float64 returns a uniform float64 in [0, 1).
func (r *Rand) Float64() float64 { return float64(r.Uint64()>>11) / (1 << 53) }

// Chance reports true with probability p.
func (r *Rand) Chance(p float64) bool { return r.Float64() < p }

// Pick returns a uniformly chosen element of s, which must not be empty.
func (r *Rand) Pick(s []string) string { return s[r.Intn(len(s))] }

// Shuffle permutes n elements uniformly (Fisher–Yates), calling swap to
// exchange two of them.
func (r *Rand) Shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.Intn(i+1))
	}
}

// Chars returns n characters drawn uniformly from alphabet (single bytes;
// alphabet must be non-empty ASCII).
func (r *Rand) Chars(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.Intn(len(alphabet))]
	}
	return string(b)
}

// Geometric returns 1, 2, 3 … with P(k) = (1-p)^(k-1) p, capped at limit.
func (r *Rand) Geometric(p float64, limit int) int {
	k := 1
	for k < limit && !r.Chance(p) {
		k++
	}
	return k
}
