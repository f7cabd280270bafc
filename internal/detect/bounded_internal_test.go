package detect

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tightlip/tightlip/internal/detect/internal/gitleakssamples"
)

// pathological are inputs whose cost used to grow faster than their size:
// each is one unit repeated on one line.
var pathological = []struct{ name, unit string }{
	// Every "ey" began a region running to the end of the line.
	{"jwt-run", "eyJhbGciOiJIUzI1NiJ9"},
	{"jwt-dotted", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."},
	// Every "key" passed url-query-secret's filter, which ran 300 bytes on.
	{"key=", "key="},
	// Thousands of findings on one line, each copying the line.
	{"aws-keys", "AKIAIOSFODNN7EXAMPLQ "},
	{"github-tokens", "ghp_abcdefghijklmnopqrstuvwxyz0123456789 "},
}

// searched runs Detect and returns how many bytes it handed to regex
// searches: a measure of work that, unlike time, does not depend on the
// machine.
func searched(e *Engine, content []byte) (int, Result) {
	p := &pass{capLines: true}
	cands := e.candidates(p, "a.txt", content)
	cands = append(cands, e.decodedCandidates(p, "a.txt", content)...)
	res := e.result(content, cands)
	res.OverLineCap = p.overCap
	return p.searched, res
}

// TestPathologicalLinear checks that the work on each pathological input
// grows linearly with its size: four times the input, at most about four
// times the bytes searched. Before rules' overlapping regions were grouped,
// a line of "ey" repeated searched bytes quadratic in its length.
func TestPathologicalLinear(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	const n = 16 << 10
	for _, sh := range pathological {
		t.Run(sh.name, func(t *testing.T) {
			small, _ := searched(e, []byte(strings.Repeat(sh.unit, n/len(sh.unit))))
			big, _ := searched(e, []byte(strings.Repeat(sh.unit, 4*n/len(sh.unit))))
			t.Logf("%s: %d bytes searched for %d, %d for %d", sh.name, small, n, big, 4*n)
			if small > 0 && float64(big) > 4.5*float64(small) {
				t.Errorf("%s: 4x the input searched %.1fx the bytes (%d, %d)", sh.name, float64(big)/float64(small), small, big)
			}
			// No more than a bounded number of passes over each byte per rule.
			if limit := (anchoredGroupMax + 2) * len(e.rules) * 4 * n; big > limit {
				t.Errorf("%s: searched %d bytes of %d", sh.name, big, 4*n)
			}
		})
	}
}

// TestPathologicalFinish runs the pathological inputs at a size that took
// minutes before; go test's own timeout is the bound.
func TestPathologicalFinish(t *testing.T) {
	if testing.Short() {
		t.Skip("seconds on a slow machine")
	}
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range pathological {
		content := []byte(strings.Repeat(sh.unit, (256<<10)/len(sh.unit)))
		res := e.Detect("a.txt", content)
		t.Logf("%s: %d findings, %d over the cap", sh.name, len(res.Findings), res.OverLineCap)
	}
}

// TestGroupedSameAsPerHit checks that searching a group of hits at once
// finds what trying each hit finds, on every gitleaks sample, one by one
// and joined.
func TestGroupedSameAsPerHit(t *testing.T) {
	set, e := samplesEngine(t)
	var inputs []string
	for _, r := range set.Rules {
		// One by one, the samples have too few hits to group: the
		// conformance test covers them.
		var all []string
		for _, s := range slices.Concat(r.TPs, r.FPs) {
			all = append(all, s.Raw)
		}
		inputs = append(inputs, strings.Join(all, "\n"), strings.Join(all[:min(len(all), 12)], " "))
	}
	defer func(v int) { anchoredGroupMax = v }(anchoredGroupMax)
	sameFindings(t, e, inputs, "grouped search", func(on bool) {
		anchoredGroupMax = 1 << 30 // per hit
		if on {
			anchoredGroupMax = 0
		}
	})
}

// samplesEngine returns gitleaks' samples (testdata/gitleaks-samples) and
// the default engine: what the tests that hold an optimisation to "no
// result changes" run over.
func samplesEngine(t *testing.T) (*gitleakssamples.Set, *Engine) {
	t.Helper()
	set, err := gitleakssamples.Load(filepath.Join("..", "..", "testdata", "gitleaks-samples", "samples.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	return set, e
}

// sameFindings checks that an optimisation of the engine changes no
// result: every input detected with set(false) and with set(true) gives
// the same findings, suppressions, allowlisted counts and line-cap
// overflows. It names up to five inputs that differ, and how many do.
// Each setting's inputs are detected on GOMAXPROCS workers (Engine is
// safe for concurrent use); set runs only between the two rounds.
func sameFindings(t *testing.T, e *Engine, inputs []string, what string, set func(on bool)) {
	t.Helper()
	detectAll := func(on bool) []string {
		set(on)
		out := make([]string, len(inputs))
		var next atomic.Int64
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < len(inputs); i = int(next.Add(1)) - 1 {
					res := e.Detect("sample.txt", []byte(inputs[i]))
					out[i] = fmt.Sprint(res.Findings, res.Suppressed, res.Allowlisted, res.OverLineCap)
				}
			})
		}
		wg.Wait()
		return out
	}
	without, with := detectAll(false), detectAll(true)
	diffs := 0
	for i, in := range inputs {
		if without[i] != with[i] {
			diffs++
			if diffs <= 5 {
				t.Errorf("%s changes the findings on %.200q:\nwithout: %.500s\nwith:    %.500s", what, in, without[i], with[i])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%s: %d of %d inputs differ", what, diffs, len(inputs))
	}
}

// TestLineCap checks that matches beyond MaxFindingsPerLine on one line are
// counted, not reported, and that other lines keep theirs.
func TestLineCap(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	const b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	var keys []string
	x := uint64(1)
	for range MaxFindingsPerLine + 50 {
		k := []byte("AKIA")
		for range 16 {
			x = x*6364136223846793005 + 1442695040888963407
			k = append(k, b32[x>>59])
		}
		keys = append(keys, string(k))
	}
	content := []byte(strings.Join(keys, " ") + "\nAKIAZ7QWERTYUIOPASDF\n")
	p := &pass{}
	all := len(e.result(content, e.candidates(p, "a.txt", content)).Findings)
	res := e.Detect("a.txt", content)
	if all < MaxFindingsPerLine+2 {
		t.Fatalf("the input has %d findings uncapped; want more than the cap", all)
	}
	onFirst := 0
	for _, f := range res.Findings {
		if f.Line == 1 {
			onFirst++
		}
	}
	if onFirst != MaxFindingsPerLine {
		t.Errorf("%d findings on line 1, want %d", onFirst, MaxFindingsPerLine)
	}
	if len(res.Findings) != onFirst+1 {
		t.Errorf("line 2's finding lost: %d findings", len(res.Findings))
	}
	if got := len(res.Findings) + res.OverLineCap; got != all {
		t.Errorf("%d findings + %d over the cap, want %d in all", len(res.Findings), res.OverLineCap, all)
	}
}

// TestDetectContextStops checks that a done context stops Detect and says
// so, and that a live one changes nothing.
func TestDetectContextStops(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("aws_key = \"AKIAZ7QWERTYUIOPASDF\"\n")
	want := e.Detect("a.txt", content)
	got, stopped := e.DetectContext(context.Background(), "a.txt", content)
	if stopped || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("DetectContext with a live context: stopped %v, %v; want %v", stopped, got, want)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, stopped := e.DetectContext(ctx, "a.txt", content); !stopped {
		t.Error("DetectContext with a cancelled context did not stop")
	}
}
