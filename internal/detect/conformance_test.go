package detect_test

import (
	"flag"
	"fmt"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/detect/internal/gitleakssamples"
	"github.com/tightlip/tightlip/internal/finding"
)

// TestGitleaksConformance proves that tightlip's content engine finds exactly
// what gitleaks' own detector finds on every sample gitleaks ships for its
// default rules (testdata/gitleaks-samples, captured from the gitleaks module
// by internal/detect/internal/gitleakssamples, which also checks every sample against
// gitleaks' utils.Validate semantics).
//
// Why the full default config and not one rule at a time: utils.Validate runs
// each rule alone (plus the global allowlists), but tightlip always runs all
// rules together, and so does gitleaks outside its generator. With all rules
// loaded, gitleaks' result differs from the single-rule one only where rules
// interact: its final filter drops a generic-* finding when a non-generic
// finding's secret contains its secret and both matches START on the same
// line (the match's line, not the secret's), and [[rules.required]] composites
// (none in v8.30.1's defaults). The faithful oracle for an engine that runs
// the default config is therefore gitleaks' detector on the same default
// config, fed the same path and bytes. The single-rule labels (replayed by
// gitleakssamples' TestLabels) are what "tp"/"fp" mean in the per-rule counts.
//
// For every sample (tp or fp of rule R), scanned as "sample.txt" or, for
// ValidateWithPaths samples, under the sample's own path:
//   - every (rule, secret) gitleaks reports, for any of its rules, tightlip
//     reports too, at the same place: the line and byte column the secret
//     starts at (gitleaks reports where the match starts, which differs for
//     matches spanning lines and for secret groups, and its columns after
//     line 1 are one too large; gitleakssamples.Reference derives the
//     secret's position), unless listed in knownDifferences;
//   - tightlip reports nothing for a gitleaks rule that gitleaks does not
//     report; in particular nothing for R on a false positive of R.
//
// Findings of tightlip's own rules (IDs not in gitleaks' default config) are
// not compared. A second pass scans, per rule, all plain tps joined into one
// file and all plain fps joined into another, which exercises several keyword
// hits per file and line numbering beyond line 1.
func TestGitleaksConformance(t *testing.T) {
	set, err := gitleakssamples.Load(filepath.Join("..", "..", "testdata", "gitleaks-samples", "samples.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if err := set.CheckLinked(glconfig.DefaultConfig); err != nil {
		t.Fatal(err)
	}
	defer gitleakssamples.SilenceGitleaksLog()()
	ref, err := gitleakssamples.NewReference()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	// Rules are compared one by one: a secret that several rules match,
	// one finding listing the others in Also (see TestOneFindingPerSecret),
	// counts here as each rule's.
	c := &conformance{t: t, ref: ref, scan: detect.EveryRule(eng).Scan, known: map[knownKey]*knownUse{}}
	c.precompute(set)
	for _, k := range knownDifferences {
		if k.Reason == "" {
			t.Errorf("knownDifferences entry %s/%q has no reason", k.Rule, k.Secret)
		}
		c.known[knownKey{k.Rule, k.Secret}] = &knownUse{reason: k.Reason}
	}

	var sum summary
	for _, r := range set.Rules {
		if !ref.HasRule(r.ID) {
			t.Errorf("rule %s has samples but is not in gitleaks' default config", r.ID)
			continue
		}
		var rs ruleStats
		for _, s := range r.TPs {
			c.sample(r.ID, "tp", s, &rs)
		}
		for _, s := range r.FPs {
			c.sample(r.ID, "fp", s, &rs)
		}
		c.joined(r.ID, "tp", r.TPs, &rs)
		c.joined(r.ID, "fp", r.FPs, &rs)
		t.Logf("%-45s tp %3d (gitleaks reports rule %3d, tightlip matches %3d, agrees on whole sample %3d) fp %2d (tightlip clean %2d, agrees %2d)",
			r.ID, rs.tps, rs.tpReported, rs.tpMatched, rs.tpAgree, rs.fps, rs.fpClean, rs.fpAgree)
		sum.add(rs)
	}
	for _, id := range set.Unsampled {
		t.Logf("%-45s no samples in gitleaks", id)
	}

	for _, k := range slices.SortedFunc(maps.Keys(c.known), func(a, b knownKey) int {
		return strings.Compare(a.rule+"\x00"+a.secret, b.rule+"\x00"+b.secret)
	}) {
		u := c.known[k]
		if u.used == 0 {
			t.Errorf("knownDifferences entry %s/%q was not needed: remove it", k.rule, k.secret)
		} else {
			t.Logf("known difference used %d times: %s/%q: %s", u.used, k.rule, k.secret, u.reason)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(c.suppressed)) {
		t.Errorf("%s: %d further mismatches not shown (-args -conformance.all shows them)", id, c.suppressed[id])
	}
	t.Logf("SUMMARY: %d rules, %d samples checked (%d tps, %d fps) + %d joined files; "+
		"tps: gitleaks reports the sample's rule on %d, tightlip matches %d; fps clean %d/%d; "+
		"gitleaks findings compared %d, matched %d (known differences %d); mismatches %d, location mismatches %d",
		sum.rules, sum.tps+sum.fps, sum.tps, sum.fps, sum.joinedFiles,
		sum.tpReported, sum.tpMatched, sum.fpClean, sum.fps,
		c.compared, c.matched, c.knownUsed, c.mismatches, c.lineMismatches)
}

// knownDifferences lists gitleaks findings that tightlip deliberately does not
// report, with the reason. Keep it tiny; an entry that no sample needs fails
// the test.
var knownDifferences = []struct {
	Rule, Secret, Reason string
}{
	{
		Rule:   "generic-api-key",
		Secret: "ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...",
		Reason: "a token cut short with \"...\" as documentation shows it; \"...\" cannot occur in the " +
			"base64 token, so it is not usable. gitleaks lists this text as a false positive of " +
			"1password-service-account-token; only its generic rule reports it.",
	},
	{
		Rule:   "aws-amazon-bedrock-api-key-long-lived",
		Secret: "ABSKQmVkcm9ja0FQSUtleS1" + strings.Repeat("EXAMPLE", 15) + "EXM=",
		Reason: "AWS's documented example-key convention (as AKIAIOSFODNN7EXAMPLE): after the fixed " +
			"prefix the key is the word EXAMPLE fifteen times; gitleaks keeps it only to show its " +
			"regex accepts the shape.",
	},
	// Two artefacts of decoding a file of joined samples: gitleaks decodes a
	// base64 value in one sample, and its curl-auth-header regex, which spans
	// up to five lines, then matches from that sample's curl command into the
	// next sample, so the next sample's plain secret is reported a second
	// time as "decoded". tightlip reports it once, as the plain secret it is
	// (each sample alone agrees).
	{
		Rule:   "curl-auth-header",
		Secret: "_FXNljbSRYMWx3TWrd7lgKhLtVZX6iskC8Wcbb4b",
		Reason: "decoding artefact across joined samples: the secret is plain text, reported once",
	},
	{
		Rule:   "curl-auth-header",
		Secret: "jC+6TUUjCNHcVtAXpcqBCgxnA8r+qD6MatnYaf/+289y7HWpK0BWPyLHv/K4DMN32fufwmeVVjlo8zjgBh8kx3GfS6IqO70w1DVMSCTwX7fhEpiXaxzv0mhSMHDX9Kw63Q6DkavUWUV+MDNhCF5wGQrcdQNncVRF3YkuDHDT/xw2YWyZ/DX8k+gAYiC8gcD8Ueg0ljBVS1IDwPjuGoFPESJVxYr0MDPF2D8Pn2S5rq692U4D9ZLuluS46VA4DK6ig5P7QM5XVXi4V7vXM8qpN/zqneyz+w4PUh6NIX7QG6JczMhYd9maWRWVat5jDdyII63P6sNAy9QZjw+ClW211Q==",
		Reason: "decoding artefact across joined samples (twice, at decode depths 1 and 2): the secret is plain text, reported once",
	},
}

type knownKey struct{ rule, secret string }

type knownUse struct {
	reason string
	used   int
}

type ruleStats struct {
	tps, tpReported, tpMatched, tpAgree int
	fps, fpClean, fpAgree               int
	joinedFiles                         int
}

type summary struct {
	rules int
	ruleStats
}

func (s *summary) add(r ruleStats) {
	s.rules++
	s.tps += r.tps
	s.tpReported += r.tpReported
	s.tpMatched += r.tpMatched
	s.tpAgree += r.tpAgree
	s.fps += r.fps
	s.fpClean += r.fpClean
	s.fpAgree += r.fpAgree
	s.joinedFiles += r.joinedFiles
}

type conformance struct {
	t     *testing.T
	ref   *gitleakssamples.Reference
	scan  func(path string, content []byte) []finding.Finding
	known map[knownKey]*knownUse
	// results holds both engines' findings per scanned input, computed in
	// parallel up front (Engine is safe for concurrent use, and so is
	// gitleaks' Detector); comparing and reporting stay sequential.
	results map[scanInput]scanOutput

	compared, matched, knownUsed, mismatches, lineMismatches int

	shown      map[string]int
	suppressed map[string]int
}

// maxShownPerRule caps the mismatches printed per rule; the rest are counted
// (go test ./internal/detect -run GitleaksConformance -args -conformance.all shows all).
const maxShownPerRule = 4

var showAll = flag.Bool("conformance.all", false, "TestGitleaksConformance: print every mismatch, not the first few per rule")

type scanInput struct{ path, raw string }

type scanOutput struct {
	gitleaks []gitleakssamples.Finding
	tightlip []finding.Finding
}

// samplePath is the file name a sample is scanned under.
func samplePath(s gitleakssamples.Sample) string {
	if s.PathBased {
		return s.Path
	}
	return "sample.txt"
}

// joinedRaw joins the plain (not path-based) samples; ok is false for fewer
// than two.
func joinedRaw(samples []gitleakssamples.Sample) (raw string, n int, ok bool) {
	var parts []string
	for _, s := range samples {
		if !s.PathBased {
			parts = append(parts, s.Raw)
		}
	}
	return strings.Join(parts, "\n\n"), len(parts), len(parts) >= 2
}

const joinedPath = "joined.txt"

// precompute scans every input the comparison will need with both engines,
// on GOMAXPROCS workers.
func (c *conformance) precompute(set *gitleakssamples.Set) {
	var inputs []scanInput
	for _, r := range set.Rules {
		for _, s := range slices.Concat(r.TPs, r.FPs) {
			inputs = append(inputs, scanInput{samplePath(s), s.Raw})
		}
		for _, ss := range [][]gitleakssamples.Sample{r.TPs, r.FPs} {
			if raw, _, ok := joinedRaw(ss); ok {
				inputs = append(inputs, scanInput{joinedPath, raw})
			}
		}
	}
	outputs := make([]scanOutput, len(inputs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(inputs) {
					return
				}
				in := inputs[i]
				outputs[i] = scanOutput{c.ref.Detect(in.path, in.raw), c.scan(in.path, []byte(in.raw))}
			}
		}()
	}
	wg.Wait()
	c.results = make(map[scanInput]scanOutput, len(inputs))
	for i, in := range inputs {
		c.results[in] = outputs[i]
	}
}

func (c *conformance) sample(rule, kind string, s gitleakssamples.Sample, rs *ruleStats) {
	path := samplePath(s)
	d := c.diff(path, s.Raw)
	agree := len(d.missing) == 0 && len(d.extra) == 0 && len(d.badLine) == 0
	switch kind {
	case "tp":
		rs.tps++
		if d.gitleaksReports(rule) {
			rs.tpReported++
			if !d.missingRule(rule) {
				rs.tpMatched++
			}
		}
		if agree {
			rs.tpAgree++
		}
	case "fp":
		rs.fps++
		if !d.tightlipReports(rule) {
			rs.fpClean++
		}
		if agree {
			rs.fpAgree++
		}
	}
	if !agree {
		c.report(rule, fmt.Sprintf("%s of %s, path %q, sample %s", kind, rule, path, quote(s.Raw)), d)
	}
}

// joined scans all plain samples of one kind as one file.
func (c *conformance) joined(rule, kind string, samples []gitleakssamples.Sample, rs *ruleStats) {
	raw, n, ok := joinedRaw(samples)
	if !ok {
		return
	}
	rs.joinedFiles++
	d := c.diff(joinedPath, raw)
	if len(d.missing) != 0 || len(d.extra) != 0 || len(d.badLine) != 0 {
		c.report(rule, fmt.Sprintf("all %d plain %ss of %s joined by blank lines (%d lines; rebuild from testdata/gitleaks-samples)",
			n, kind, rule, strings.Count(raw, "\n")+1), d)
	}
}

type sampleDiff struct {
	gitleaks []gitleakssamples.Finding
	tightlip []finding.Finding
	missing  []gitleakssamples.Finding // gitleaks reports, tightlip does not
	extra    []finding.Finding         // tightlip reports for a gitleaks rule, gitleaks does not
	badLine  []string
}

func (d *sampleDiff) gitleaksReports(rule string) bool {
	for _, f := range d.gitleaks {
		if f.RuleID == rule {
			return true
		}
	}
	return false
}

func (d *sampleDiff) tightlipReports(rule string) bool {
	for _, f := range d.tightlip {
		if f.RuleID == rule {
			return true
		}
	}
	return false
}

func (d *sampleDiff) missingRule(rule string) bool {
	for _, f := range d.missing {
		if f.RuleID == rule {
			return true
		}
	}
	return false
}

func isPathOnly(f gitleakssamples.Finding) bool {
	return f.Secret == "" && strings.HasPrefix(f.Match, "file detected: ")
}

// diff scans raw under path with both engines and pairs their findings by
// (rule, secret), in line order.
func (c *conformance) diff(path, raw string) sampleDiff {
	out, ok := c.results[scanInput{path, raw}]
	if !ok {
		out = scanOutput{c.ref.Detect(path, raw), c.scan(path, []byte(raw))}
	}
	d := sampleDiff{gitleaks: out.gitleaks}
	for _, f := range out.tightlip {
		if c.ref.HasRule(f.RuleID) {
			d.tightlip = append(d.tightlip, f)
		}
	}
	type key struct{ rule, secret string }
	gl := map[key][]gitleakssamples.Finding{}
	tl := map[key][]finding.Finding{}
	for _, f := range d.gitleaks {
		k := key{f.RuleID, f.Secret}
		gl[k] = append(gl[k], f)
	}
	for _, f := range d.tightlip {
		k := key{f.RuleID, f.Secret}
		tl[k] = append(tl[k], f)
	}
	keys := make([]key, 0, len(gl)+len(tl))
	for k := range gl {
		keys = append(keys, k)
	}
	for k := range tl {
		if _, ok := gl[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].rule != keys[j].rule {
			return keys[i].rule < keys[j].rule
		}
		return keys[i].secret < keys[j].secret
	})
	for _, k := range keys {
		g, tt := gl[k], tl[k]
		sort.SliceStable(tt, func(i, j int) bool { return tt[i].Line < tt[j].Line })
		c.compared += len(g)
		n := min(len(g), len(tt))
		for i := 0; i < n; i++ {
			c.matched++
			if isPathOnly(g[i]) {
				continue
			}
			if tt[i].Line != g[i].SecretLine || (g[i].SecretColumn != 0 && tt[i].Column != g[i].SecretColumn) {
				c.lineMismatches++
				d.badLine = append(d.badLine, fmt.Sprintf("%s %s: gitleaks match starts at %d:%d, secret at %d:%d; tightlip says %d:%d",
					k.rule, quote(k.secret), g[i].StartLine, g[i].StartColumn, g[i].SecretLine, g[i].SecretColumn, tt[i].Line, tt[i].Column))
			}
		}
		for _, f := range g[n:] {
			if shadowedByOwnRule(c, f, out.tightlip) {
				c.matched++
				continue
			}
			if u := c.known[knownKey{f.RuleID, f.Secret}]; u != nil {
				u.used++
				c.knownUsed++
				continue
			}
			d.missing = append(d.missing, f)
		}
		d.extra = append(d.extra, tt[n:]...)
	}
	return d
}

// shadowedByOwnRule reports whether a gitleaks generic finding that tightlip
// lacks was reported, same secret and line, by one of tightlip's own rules:
// the engine drops a generic finding that a more specific rule covers, as
// gitleaks does among its own rules.
func shadowedByOwnRule(c *conformance, f gitleakssamples.Finding, tightlip []finding.Finding) bool {
	if !strings.Contains(f.RuleID, "generic") {
		return false
	}
	for _, t := range tightlip {
		if !c.ref.HasRule(t.RuleID) && strings.Contains(t.Secret, f.Secret) && t.Line == f.SecretLine {
			return true
		}
	}
	return false
}

func (c *conformance) report(rule, what string, d sampleDiff) {
	c.mismatches++
	if c.shown == nil {
		c.shown, c.suppressed = map[string]int{}, map[string]int{}
	}
	if c.shown[rule] >= maxShownPerRule && !*showAll {
		c.suppressed[rule]++
		return
	}
	c.shown[rule]++
	var b strings.Builder
	fmt.Fprintf(&b, "MISMATCH %s\n", what)
	if len(d.gitleaks)+len(d.tightlip) > 12 {
		fmt.Fprintf(&b, "    gitleaks: %d findings, tightlip: %d findings (for gitleaks rules)\n", len(d.gitleaks), len(d.tightlip))
	} else {
		if len(d.gitleaks) == 0 {
			fmt.Fprintf(&b, "    gitleaks: nothing\n")
		}
		for _, f := range d.gitleaks {
			fmt.Fprintf(&b, "    gitleaks: %s line %d (secret line %d) secret %s\n", f.RuleID, f.StartLine, f.SecretLine, quote(f.Secret))
		}
		if len(d.tightlip) == 0 {
			fmt.Fprintf(&b, "    tightlip: nothing (for gitleaks rules)\n")
		}
		for _, f := range d.tightlip {
			fmt.Fprintf(&b, "    tightlip: %s line %d secret %s\n", f.RuleID, f.Line, quote(f.Secret))
		}
	}
	for _, f := range d.missing {
		fmt.Fprintf(&b, "    MISSING in tightlip: %s secret %s\n", f.RuleID, quote(f.Secret))
	}
	for _, f := range d.extra {
		fmt.Fprintf(&b, "    EXTRA in tightlip: %s line %d secret %s\n", f.RuleID, f.Line, quote(f.Secret))
	}
	for _, l := range d.badLine {
		fmt.Fprintf(&b, "    LINE: %s\n", l)
	}
	c.t.Error(b.String())
}

// quote shows a sample or secret as a Go string, shortened when long.
func quote(s string) string {
	const max = 400
	if len(s) > max {
		return fmt.Sprintf("%q…(%d bytes)", s[:max], len(s))
	}
	return fmt.Sprintf("%q", s)
}
