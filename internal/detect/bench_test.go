package detect

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tightlip/tightlip/internal/benchtext"
	"github.com/tightlip/tightlip/internal/contentrules"
)

// Benchmarks of the engine's fast paths, each beside the plain way it
// replaces (BenchmarkDetect is the engine alone): the keyword pass (one Aho-Corasick automaton against a search
// per keyword), anchors (the regex tried at keyword hits against windows
// around them), skeletons (byte checks before the anchored regex against
// none) and the tail filter (hits no match can contain dropped against
// all tried). Before timing, each checks that both ways give the same
// findings (or hits). They read internal/benchtext's text: ordinary lines
// dense with keywords, and the same with one of gitleaks' samples after
// every six. See bench/README.md for how to run and compare them.

// benchSize is the size of each text: large enough that a file's fixed
// costs do not dominate, small enough that -count 10 of a benchmark takes
// a minute or two.
const benchSize = 64 << 10

var benchTexts struct {
	once             sync.Once
	mixed, ordinary  []byte
	keyLine          []byte
	err              error
	engine           *Engine
	engineErr        error
	engineOnce       sync.Once
	plainEngine      *Engine
	unskeletonEngine *Engine
}

// texts returns the benchmarks' inputs by name: "mixed" (samples among
// ordinary lines), "ordinary" (no secret, every keyword hit a false
// lead) and "keyline" (one long line of "key=", the tail filter's case).
func texts(b *testing.B) []struct {
	name string
	data []byte
} {
	b.Helper()
	t := &benchTexts
	t.once.Do(func() {
		t.mixed, t.err = benchtext.Text("../..", benchSize, 6)
		t.ordinary = benchtext.Ordinary(benchSize)
		t.keyLine = []byte(strings.Repeat("key=", 4096) + "\n")
	})
	if t.err != nil {
		b.Fatal(t.err)
	}
	return []struct {
		name string
		data []byte
	}{{"mixed", t.mixed}, {"ordinary", t.ordinary}, {"keyline", t.keyLine}}
}

// engines returns the default engine, one without anchors (every rule
// searched in windows around its keyword hits, or whole, as before
// anchors) and one whose anchors have no skeletons; each is built once.
func engines(b *testing.B) (fast, unanchored, unskeletoned *Engine) {
	b.Helper()
	t := &benchTexts
	t.engineOnce.Do(func() {
		if t.engine, t.engineErr = NewDefault(); t.engineErr != nil {
			return
		}
		if t.plainEngine, t.engineErr = NewDefault(); t.engineErr != nil {
			return
		}
		for _, cr := range t.plainEngine.rules {
			if cr.plan().anchor == nil {
				continue
			}
			// A copy: engines share their rules' plans (see planFor).
			p := *cr.plan()
			p.anchor = nil
			// As planFor decides for a rule without an anchor.
			if len(cr.Keywords) > 0 && !keywordInMatch(cr.Regex.String(), cr.Keywords) {
				p.whole = true
			}
			cr.planned = &p
		}
		if t.unskeletonEngine, t.engineErr = NewDefault(); t.engineErr != nil {
			return
		}
		for _, cr := range t.unskeletonEngine.rules {
			if cr.plan().anchor != nil {
				// Copies: engines share their rules' plans (see planFor).
				p, a := *cr.plan(), *cr.plan().anchor
				a.skel = skeletons{}
				p.anchor = &a
				cr.planned = &p
			}
		}
	})
	if t.engineErr != nil {
		b.Fatal(t.engineErr)
	}
	return t.engine, t.plainEngine, t.unskeletonEngine
}

// compareWays runs each way over each text b.N times, as sub-benchmarks
// text=TEXT/way=WAY (so that benchstat -col /way puts the ways side by
// side), after checking that every way gives what the first gives.
func compareWays(b *testing.B, ways []string, run func(way string, data []byte) string) {
	for _, text := range texts(b) {
		want := run(ways[0], text.data)
		for _, w := range ways[1:] {
			if got := run(w, text.data); got != want {
				b.Fatalf("%s: %s and %s differ:\n%.600s\n%.600s", text.name, ways[0], w, want, got)
			}
		}
		for _, w := range ways {
			b.Run("text="+text.name+"/way="+w, func(b *testing.B) {
				b.SetBytes(int64(len(text.data)))
				b.ReportAllocs()
				for b.Loop() {
					run(w, text.data)
				}
			})
		}
	}
}

// summary is what a comparison checks: every finding, the suppressed,
// allowlisted and over-cap counts.
func summary(res Result) string {
	return fmt.Sprint(res.Findings, res.Suppressed, res.Allowlisted, res.OverLineCap)
}

// compareEngines is compareWays for ways that differ only in the engine:
// way i runs es[i].
func compareEngines(b *testing.B, ways []string, es ...*Engine) {
	compareWays(b, ways, func(way string, data []byte) string {
		return summary(es[slices.Index(ways, way)].Detect("bench.txt", data))
	})
}

// BenchmarkDetect is the whole engine as it runs, every fast path on:
// the number to watch for a regression anywhere in it.
func BenchmarkDetect(b *testing.B) {
	e, _, _ := engines(b)
	compareEngines(b, []string{"default"}, e)
}

// BenchmarkNewEngine builds the default engine from its rules, deriving
// every rule's plan (way=derive, what a process's first engine costs) or
// finding them built (way=shared, every later engine; see planFor).
func BenchmarkNewEngine(b *testing.B) {
	set, err := contentrules.Build(nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, way := range []string{"derive", "shared"} {
		b.Run("way="+way, func(b *testing.B) {
			New(set)
			for b.Loop() {
				if way == "derive" {
					plans.Clear()
				}
				New(set)
			}
		})
	}
}

// BenchmarkKeywords is the keyword pass alone: every keyword hit found by
// one Aho-Corasick automaton over the lowered text, or by one search per
// keyword.
func BenchmarkKeywords(b *testing.B) {
	e, _, _ := engines(b)
	var kws []string
	for _, cr := range e.rules {
		for _, k := range cr.Keywords {
			if k = strings.ToLower(k); k != "" && !slices.Contains(kws, k) {
				kws = append(kws, k)
			}
		}
	}
	var lower []byte
	compareWays(b, []string{"automaton", "per-keyword"}, func(way string, data []byte) string {
		lower = lowerASCII(lower, data)
		hits := 0
		if way == "automaton" {
			hits = len(e.keywords.FindAllOverlapping(lower))
		} else {
			for _, k := range kws {
				kb := []byte(k)
				for at := 0; ; {
					i := bytes.Index(lower[at:], kb)
					if i < 0 {
						break
					}
					hits++
					at += i + 1
				}
			}
		}
		return fmt.Sprint(hits, " keyword hits")
	})
}

// BenchmarkAnchors compares anchored rules (the regex tried at each
// keyword hit, after its skeleton and tail filter) with the windows they
// replaced (the regex run over the lines around each hit, or the whole
// text when a match need not hold a keyword).
func BenchmarkAnchors(b *testing.B) {
	fast, plain, _ := engines(b)
	compareEngines(b, []string{"anchored", "unanchored"}, fast, plain)
}

// BenchmarkSkeletons compares anchors whose hits are first checked with
// a few byte lookups (see skeleton) with anchors that try the regex at
// every hit.
func BenchmarkSkeletons(b *testing.B) {
	fast, _, unskeletoned := engines(b)
	compareEngines(b, []string{"skeletons", "no-skeletons"}, fast, unskeletoned)
}

// BenchmarkTail compares anchors that drop the hits no match can contain
// (see tail) with anchors that try them all. The keyline text is the case
// the filter exists for.
func BenchmarkTail(b *testing.B) {
	e, _, _ := engines(b)
	defer func(v bool) { useTail = v }(useTail)
	compareWays(b, []string{"tail", "no-tail"}, func(way string, data []byte) string {
		useTail = way == "tail"
		return summary(e.Detect("bench.txt", data))
	})
}

// BenchmarkAllowFilters compares allowlists whose regexes run only when
// the text holds the literals they need (see allowFilter) with allowlists
// that run them on every candidate, as gitleaks does.
func BenchmarkAllowFilters(b *testing.B) {
	e, _, _ := engines(b)
	unfiltered, err := NewDefault()
	if err != nil {
		b.Fatal(err)
	}
	for _, cr := range unfiltered.rules {
		for _, a := range append(cr.Allowlists, unfiltered.global...) {
			unfiltered.allowFilters.Store(a, (*allowFilter)(nil))
		}
	}
	compareEngines(b, []string{"filtered", "unfiltered"}, e, unfiltered)
}
