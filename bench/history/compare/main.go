// Command compare summarises a history benchmark run: timings of gitleaks,
// tightlip and the git cat-file floor, the overlap of the unique secret
// values each tool reported, and, when the repository was generated,
// recall of the planted secrets. bench/history/run.sh calls it; see
// bench/history/README.md.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/tightlip/tightlip/bench/internal/manifest"
	"github.com/tightlip/tightlip/bench/internal/report"
)

type timing struct {
	tool          string
	round         int
	wall, cpu     float64
	rssKB, status int
}

func main() {
	var o struct {
		manifest, gitleaks, tightlip, times string
		list                                int
	}
	flag.StringVar(&o.manifest, "manifest", "", "manifest of planted secrets (optional)")
	flag.StringVar(&o.gitleaks, "gitleaks", "", "gitleaks JSON report")
	flag.StringVar(&o.tightlip, "tightlip", "", "tightlip JSON report")
	flag.StringVar(&o.times, "times", "", "timings: lines of tool, round, wall s, user s, sys s, max RSS KiB, exit status")
	flag.IntVar(&o.list, "list", 20, "how many differences to list")
	flag.Parse()
	if o.tightlip == "" {
		fmt.Fprintln(os.Stderr, "usage: compare -tightlip FILE [-gitleaks FILE] [-times FILE] [-manifest FILE]")
		os.Exit(2)
	}
	var gl []report.Finding
	var err error
	if o.gitleaks != "" {
		gl, err = report.ReadGitleaks(o.gitleaks)
		check(err)
	}
	tl, err := report.ReadTightlip(o.tightlip)
	check(err)
	var verdicts []string
	if o.times != "" {
		ts, err := readTimes(o.times)
		check(err)
		verdicts = timings(os.Stdout, ts)
	}
	if o.gitleaks != "" {
		verdicts = append(verdicts, overlap(os.Stdout, gl, tl, o.list)...)
	}
	if o.manifest != "" {
		m, err := manifest.Read[manifest.History](o.manifest)
		check(err)
		verdicts = append(verdicts, recall(os.Stdout, m, gl, tl, o.gitleaks != "", o.list)...)
	}
	fmt.Println("\ntargets (issue 4):")
	for _, v := range verdicts {
		fmt.Println("  " + v)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
}

func readTimes(name string) ([]timing, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var out []timing
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(l)
		if len(f) < 7 {
			continue
		}
		var t timing
		t.tool = f[0]
		t.round, _ = strconv.Atoi(f[1])
		t.wall, _ = strconv.ParseFloat(f[2], 64)
		u, _ := strconv.ParseFloat(f[3], 64)
		s, _ := strconv.ParseFloat(f[4], 64)
		t.cpu = u + s
		t.rssKB, _ = strconv.Atoi(f[5])
		t.status, _ = strconv.Atoi(f[6])
		out = append(out, t)
	}
	return out, nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

type toolStats struct {
	wall, cpu float64 // medians
	rssKB     int     // highest
	walls     []float64
}

func timings(w io.Writer, ts []timing) []string {
	by := map[string]*toolStats{}
	var rounds []int
	for _, t := range ts {
		s := by[t.tool]
		if s == nil {
			s = &toolStats{}
			by[t.tool] = s
		}
		s.walls = append(s.walls, t.wall)
		s.rssKB = max(s.rssKB, t.rssKB)
		if !slices.Contains(rounds, t.round) {
			rounds = append(rounds, t.round)
		}
	}
	for tool, s := range by {
		var cpus []float64
		for _, t := range ts {
			if t.tool == tool {
				cpus = append(cpus, t.cpu)
			}
		}
		s.wall, s.cpu = median(s.walls), median(cpus)
	}
	fmt.Fprintln(w, "per round (wall s, CPU s in parentheses):")
	for _, r := range rounds {
		fmt.Fprintf(w, "  round %d:", r)
		for _, t := range ts {
			if t.round == r {
				fmt.Fprintf(w, "  %s %.1f (%.1f)", t.tool, t.wall, t.cpu)
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "\nmedians:")
	fmt.Fprintf(w, "  %-9s %10s %10s %8s %12s\n", "", "wall s", "CPU s", "CPU/wall", "max RSS MiB")
	for _, tool := range []string{"gitleaks", "tightlip", "floor"} {
		if s := by[tool]; s != nil {
			fmt.Fprintf(w, "  %-9s %10.1f %10.1f %8.2f %12.0f\n", tool, s.wall, s.cpu, s.cpu/max(s.wall, 0.001), float64(s.rssKB)/1024)
		}
	}
	var v []string
	g, t, f := by["gitleaks"], by["tightlip"], by["floor"]
	if g != nil && t != nil {
		rw, rc := t.wall/g.wall, t.cpu/g.cpu
		fmt.Fprintf(w, "  ratio tightlip/gitleaks: wall %.3f, CPU %.3f (%.1fx faster by wall time); per round, median %.3f\n",
			rw, rc, g.wall/t.wall, pairedRatio(ts, "tightlip", "gitleaks"))
		v = append(v, verdict(rw <= 0.2, fmt.Sprintf("tightlip <= 0.2x gitleaks wall time: %.3f (CPU %.3f)", rw, rc)))
	}
	if f != nil && t != nil {
		r := t.wall / f.wall
		fmt.Fprintf(w, "  ratio tightlip/floor: wall %.2f, CPU %.2f; per round, median %.2f\n", r, t.cpu/max(f.cpu, 0.001),
			pairedRatio(ts, "tightlip", "floor"))
		v = append(v, verdict(r <= 3, fmt.Sprintf("tightlip within 3x of the cat-file floor: %.2fx (per-round median %.2fx)", r,
			pairedRatio(ts, "tightlip", "floor"))))
	}
	if t != nil {
		v = append(v, verdict(t.rssKB < 1<<20, fmt.Sprintf("tightlip max RSS under 1 GiB: %.0f MiB", float64(t.rssKB)/1024)))
	}
	return v
}

// pairedRatio is the median over rounds of a's wall time over b's in the
// same round: runs close in time share the machine's load, so on a busy
// machine this is steadier than the ratio of medians.
func pairedRatio(ts []timing, a, b string) float64 {
	wall := map[[2]any]float64{}
	for _, t := range ts {
		wall[[2]any{t.tool, t.round}] = t.wall
	}
	var r []float64
	for _, t := range ts {
		if t.tool == a {
			if d, ok := wall[[2]any{b, t.round}]; ok && d > 0 {
				r = append(r, t.wall/d)
			}
		}
	}
	return median(r)
}

func verdict(ok bool, s string) string {
	if ok {
		return "MET     " + s
	}
	return "MISSED  " + s
}

// values maps each unique secret value to its first finding.
func values(fs []report.Finding) map[string]report.Finding {
	m := map[string]report.Finding{}
	for _, f := range fs {
		if f.Secret == "" {
			continue
		}
		if _, ok := m[f.Secret]; !ok {
			m[f.Secret] = f
		}
	}
	return m
}

func sortedKeys(m map[string]report.Finding) []string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	slices.SortFunc(k, func(a, b string) int {
		fa, fb := m[a], m[b]
		return cmp.Or(cmp.Compare(fa.RuleID, fb.RuleID), cmp.Compare(fa.File, fb.File), cmp.Compare(a, b))
	})
	return k
}

func overlap(w io.Writer, gl, tl []report.Finding, list int) []string {
	g, t := values(gl), values(tl)
	var both, gOnly, tOnly []string
	for _, s := range sortedKeys(g) {
		if _, ok := t[s]; ok {
			both = append(both, s)
		} else {
			gOnly = append(gOnly, s)
		}
	}
	for _, s := range sortedKeys(t) {
		if _, ok := g[s]; !ok {
			tOnly = append(tOnly, s)
		}
	}
	fmt.Fprintln(w, "\nfindings (unique secret values):")
	fmt.Fprintf(w, "  gitleaks: %d findings, %d unique values\n", len(gl), len(g))
	fmt.Fprintf(w, "  tightlip: %d findings, %d unique values\n", len(tl), len(t))
	fmt.Fprintf(w, "  found by both: %d; gitleaks only: %d; tightlip only: %d\n", len(both), len(gOnly), len(tOnly))
	if len(gOnly) > 0 {
		fmt.Fprintf(w, "  gitleaks only, by rule: %s\n", byRule(gOnly, g))
		if list > 0 {
			fmt.Fprintf(w, "  gitleaks only (first %d):\n", min(list, len(gOnly)))
		}
		for _, s := range gOnly[:min(list, len(gOnly))] {
			f := g[s]
			note := ""
			if near := containing(s, t); near != "" {
				note = "  [tightlip reports it within " + strconv.Quote(clip(near, 40)) + "]"
			}
			fmt.Fprintf(w, "    %-26s %s:%d @%s  %s%s\n", f.RuleID, f.File, f.Line, short(f.Commit), strconv.Quote(clip(s, 50)), note)
		}
	}
	if len(tOnly) > 0 {
		fmt.Fprintf(w, "  tightlip only, by rule: %s\n", byRule(tOnly, t))
	}
	return []string{verdict(len(gOnly) == 0, fmt.Sprintf("every unique secret gitleaks reports is reported by tightlip: %d of %d (%d missing)",
		len(both), len(g), len(gOnly)))}
}

// byRule counts values by the rule of their first finding, most first.
func byRule(vals []string, m map[string]report.Finding) string {
	n := map[string]int{}
	for _, s := range vals {
		n[m[s].RuleID]++
	}
	var rules []string
	for r := range n {
		rules = append(rules, r)
	}
	slices.SortFunc(rules, func(a, b string) int { return cmp.Or(cmp.Compare(n[b], n[a]), cmp.Compare(a, b)) })
	var parts []string
	for _, r := range rules {
		parts = append(parts, fmt.Sprintf("%s %d", r, n[r]))
	}
	return strings.Join(parts, ", ")
}

// containing returns a value of m that contains s or is contained in it
// (at least 8 characters), if any.
func containing(s string, m map[string]report.Finding) string {
	for _, k := range sortedKeys(m) {
		if len(k) >= 8 && (strings.Contains(k, s) || strings.Contains(s, k)) {
			return k
		}
	}
	return ""
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func short(c string) string {
	if len(c) > 10 {
		return c[:10]
	}
	return c
}

// recall reports how many planted secrets each tool found: a finding in the
// same file whose value contains the planted one or lies inside it.
func recall(w io.Writer, m *manifest.History, gl, tl []report.Finding, withGitleaks bool, list int) []string {
	fmt.Fprintf(w, "\nplanted secrets (manifest: %d):\n", len(m.Secrets))
	var v []string
	for _, tool := range []struct {
		name string
		fs   []report.Finding
	}{{"gitleaks", gl}, {"tightlip", tl}} {
		if tool.name == "gitleaks" && !withGitleaks {
			continue
		}
		byFile := map[string][]report.Finding{}
		for _, f := range tool.fs {
			byFile[f.File] = append(byFile[f.File], f)
		}
		found, sameCommit := 0, 0
		var missed []*manifest.Planted
		for _, p := range m.Secrets {
			ok, commit := false, false
			for _, f := range byFile[p.File] {
				if len(f.Secret) >= 8 && (strings.Contains(f.Secret, p.Secret) || strings.Contains(p.Secret, f.Secret)) {
					ok = true
					commit = commit || f.Commit == p.Commit
				}
			}
			if ok {
				found++
				if commit {
					sameCommit++
				}
			} else {
				missed = append(missed, p)
			}
		}
		fmt.Fprintf(w, "  %-9s found %d/%d (%d attributed to the planting commit)\n", tool.name, found, len(m.Secrets), sameCommit)
		for _, p := range missed[:min(list, len(missed))] {
			fmt.Fprintf(w, "    missed #%d %-24s %-14s %s:%d @%s (%s)\n", p.ID, p.RuleID, p.Context, p.File, p.Line, short(p.Commit), p.Ref)
		}
		if tool.name == "tightlip" {
			v = append(v, verdict(found == len(m.Secrets), fmt.Sprintf("every planted secret found by tightlip: %d/%d", found, len(m.Secrets))))
		}
	}
	if len(m.Negatives) > 0 {
		g, t := 0, 0
		for _, n := range m.Negatives {
			for _, f := range gl {
				if f.File == n.File && strings.Contains(f.Secret, n.Value) {
					g++
					break
				}
			}
			for _, f := range tl {
				if f.File == n.File && strings.Contains(f.Secret, n.Value) {
					t++
					break
				}
			}
		}
		if withGitleaks {
			fmt.Fprintf(w, "  placeholders left where secrets were removed: %d; reported by gitleaks %d, by tightlip %d\n", len(m.Negatives), g, t)
		} else {
			fmt.Fprintf(w, "  placeholders left where secrets were removed: %d; reported by tightlip %d\n", len(m.Negatives), t)
		}
	}
	return v
}
