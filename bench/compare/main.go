// Command compare summarises a bench/run.sh run: timings of both scanners
// and how many of the secrets planted by bench/gentree each one reported.
//
// Usage:
//
//	compare -manifest DIR.manifest.json -tree DIR -times times.tsv \
//	        [-gitleaks gitleaks.json] [-tightlip tightlip.json] [-list 20]
//	compare run -o FILE -- COMMAND [ARG...]
//
// The second form runs COMMAND and writes "wall user sys maxrss_kb exit" to
// FILE; run.sh uses it when GNU time (/usr/bin/time -f) is not installed.
//
// times.tsv has one line per timed run: tool, round, wall seconds, user
// seconds, system seconds, max RSS in KiB, exit status (tab separated).
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tightlip/tightlip/bench/internal/manifest"
	"github.com/tightlip/tightlip/bench/internal/report"
	childrss "github.com/tightlip/tightlip/bench/internal/rss"
	tlfinding "github.com/tightlip/tightlip/internal/finding"
)

// showSecrets prints differing secret values in full; by default they are
// redacted as tightlip's reports redact them, since the benchmark also runs
// on real repositories.
var showSecrets bool

func main() {
	if len(os.Args) > 1 && os.Args[1] == "run" {
		os.Exit(timeRun(os.Args[2:]))
	}
	var (
		manPath  = flag.String("manifest", "", "manifest written by gentree")
		tree     = flag.String("tree", "", "the scanned tree (to make report paths relative)")
		times    = flag.String("times", "", "timings file written by run.sh")
		glPath   = flag.String("gitleaks", "", "gitleaks JSON report")
		tlPath   = flag.String("tightlip", "", "tightlip JSON report")
		listN    = flag.Int("list", 20, "how many differing values to list")
		tlName   = flag.String("tightlip-name", "tightlip", "label for the second tool")
		glName   = flag.String("gitleaks-name", "gitleaks", "label for the first tool")
		failures = 0
	)
	flag.BoolVar(&showSecrets, "show-secrets", false, "print differing secret values in full (they are redacted by default)")
	flag.Parse()
	if *manPath == "" {
		fmt.Fprintln(os.Stderr, "usage: compare -manifest M -tree DIR [-times F] [-gitleaks G.json] [-tightlip T.json]")
		os.Exit(2)
	}
	m, err := manifest.Read[manifest.Tree](*manPath)
	if err != nil {
		fatal(err)
	}
	fmt.Printf("tree: %s\n      %.1f MB, %d files, seed %d, corpus %.12s, tree digest %.12s\n",
		*tree, float64(m.Tree.Bytes)/1e6, m.Tree.Files, m.Generator.Seed, m.Corpus.Digest, m.Tree.Digest)

	names := []string{*glName, *tlName}
	if *times != "" {
		if err := printTimes(*times, names, m.Tree.Bytes); err != nil {
			fatal(err)
		}
	}

	reports := map[string][]report.Finding{}
	if *glPath != "" {
		f, err := readReport(report.ReadGitleaks, *glPath, *tree)
		if err != nil {
			fmt.Fprintf(os.Stderr, "compare: %s report: %v\n", *glName, err)
			failures++
		} else {
			reports[*glName] = f
		}
	}
	if *tlPath != "" {
		f, err := readReport(report.ReadTightlip, *tlPath, *tree)
		if err != nil {
			fmt.Fprintf(os.Stderr, "compare: %s report: %v\n", *tlName, err)
			failures++
		} else {
			reports[*tlName] = f
		}
	}
	var present []string
	for _, n := range names {
		if _, ok := reports[n]; ok {
			present = append(present, n)
		}
	}
	if len(present) > 0 {
		printRecall(m, present, reports)
	}
	if len(present) == 2 {
		printDiff(present[0], present[1], reports, m, *listN)
		printDiff(present[1], present[0], reports, m, *listN)
	}
	if failures > 0 {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(2)
}

// relPath turns a reported path into a slash path relative to the tree.
func relPath(p, tree string) string {
	p = filepath.ToSlash(p)
	for _, root := range roots(tree) {
		if root != "" && strings.HasPrefix(p, root+"/") {
			return p[len(root)+1:]
		}
	}
	return strings.TrimPrefix(p, "./")
}

func roots(tree string) []string {
	if tree == "" {
		return nil
	}
	out := []string{filepath.ToSlash(filepath.Clean(tree))}
	if abs, err := filepath.Abs(tree); err == nil {
		out = append(out, filepath.ToSlash(abs))
	}
	if real, err := filepath.EvalSymlinks(tree); err == nil {
		out = append(out, filepath.ToSlash(real))
	}
	return out
}

// readReport reads a report with read and makes its paths relative to
// the tree.
func readReport(read func(string) ([]report.Finding, error), path, tree string) ([]report.Finding, error) {
	fs, err := read(path)
	for i := range fs {
		fs[i].File = relPath(fs[i].File, tree)
	}
	return fs, err
}

// --- timings -------------------------------------------------------------

type sample struct {
	wall, user, sys float64
	rssKB           int64
	exit            int
	haveCPU         bool
}

func printTimes(path string, names []string, treeBytes int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	byTool := map[string][]sample{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(strings.TrimSpace(sc.Text()), "\t")
		if len(fields) < 3 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		for len(fields) < 7 {
			fields = append(fields, "")
		}
		var s sample
		if s.wall, err = strconv.ParseFloat(fields[2], 64); err != nil {
			return fmt.Errorf("%s: bad wall time %q", path, fields[2])
		}
		u, e1 := strconv.ParseFloat(fields[3], 64)
		sy, e2 := strconv.ParseFloat(fields[4], 64)
		if e1 == nil && e2 == nil {
			s.user, s.sys, s.haveCPU = u, sy, true
		}
		if r, err := strconv.ParseInt(fields[5], 10, 64); err == nil && r > 0 {
			s.rssKB = r
		}
		s.exit, _ = strconv.Atoi(fields[6])
		byTool[fields[0]] = append(byTool[fields[0]], s)
	}
	if err := sc.Err(); err != nil {
		return err
	}

	fmt.Println("\nper round, interleaved: wall seconds (user+sys CPU seconds)")
	fmt.Printf("  %-6s", "round")
	for _, n := range names {
		fmt.Printf(" %20s", n)
	}
	fmt.Println()
	maxRounds := 0
	for _, n := range names {
		maxRounds = max(maxRounds, len(byTool[n]))
	}
	for i := 0; i < maxRounds; i++ {
		fmt.Printf("  %-6d", i+1)
		for _, n := range names {
			cell := "-"
			if i < len(byTool[n]) {
				s := byTool[n][i]
				cell = fmt.Sprintf("%.2f", s.wall)
				if s.haveCPU {
					cell += fmt.Sprintf(" (%.2f)", s.user+s.sys)
				}
				if s.exit > 1 || s.exit < 0 {
					cell += " exit " + strconv.Itoa(s.exit)
				}
			}
			fmt.Printf(" %20s", cell)
		}
		fmt.Println()
	}

	fmt.Println("\nsummary (medians over rounds):")
	fmt.Printf("  %-10s %9s %9s %11s %9s %10s\n", "tool", "wall s", "MB/s", "cpu s", "cpu/wall", "max RSS MB")
	med, medCPU := map[string]float64{}, map[string]float64{}
	for _, n := range names {
		ss := byTool[n]
		if len(ss) == 0 {
			continue
		}
		var walls, cpus []float64
		var rss int64
		for _, s := range ss {
			walls = append(walls, s.wall)
			if s.haveCPU {
				cpus = append(cpus, s.user+s.sys)
			}
			rss = max(rss, s.rssKB)
		}
		w := median(walls)
		med[n] = w
		cpu, ratio, rssS := "-", "-", "-"
		if len(cpus) > 0 {
			c := median(cpus)
			medCPU[n] = c
			cpu = fmt.Sprintf("%.2f", c)
			if w > 0 {
				ratio = fmt.Sprintf("%.2f", c/w)
			}
		}
		if rss > 0 {
			rssS = fmt.Sprintf("%.1f", float64(rss)/1024)
		}
		mbs := "-"
		if w > 0 {
			mbs = fmt.Sprintf("%.1f", float64(treeBytes)/1e6/w)
		}
		fmt.Printf("  %-10s %9.2f %9s %11s %9s %10s\n", n, w, mbs, cpu, ratio, rssS)
	}
	if a, b := med[names[0]], med[names[1]]; a > 0 && b > 0 {
		fmt.Printf("  ratio median(%s)/median(%s): wall %.3f  (%s is %.1fx %s)\n", names[1], names[0], b/a, names[1], speedup(a, b), fasterSlower(a, b))
	}
	if a, b := medCPU[names[0]], medCPU[names[1]]; a > 0 && b > 0 {
		fmt.Printf("  ratio median(%s)/median(%s): CPU  %.3f  (%.1fx %s; CPU time suffers less from other load on the machine)\n", names[1], names[0], b/a, speedup(a, b), fasterSlower(a, b))
	}
	return nil
}

func speedup(a, b float64) float64 {
	if b < a {
		return a / b
	}
	return b / a
}

func fasterSlower(a, b float64) string {
	if b < a {
		return "faster"
	}
	return "slower"
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// --- recall --------------------------------------------------------------

// matches reports whether a finding reports the planted value: same file,
// and one value contains the other (tools may cut a PEM block or a URL
// differently).
func matches(f report.Finding, p *manifest.Planted) bool {
	if f.File != p.File || f.Secret == "" {
		return false
	}
	return strings.Contains(f.Secret, p.Secret) || (len(f.Secret) >= 8 && strings.Contains(p.Secret, f.Secret))
}

func printRecall(m *manifest.Tree, tools []string, reports map[string][]report.Finding) {
	byFile := map[string]map[string][]report.Finding{}
	for _, t := range tools {
		byFile[t] = map[string][]report.Finding{}
		for _, f := range reports[t] {
			byFile[t][f.File] = append(byFile[t][f.File], f)
		}
	}
	type stat struct{ found, sameLine, sameRule, located int }
	total := map[string]*stat{}
	perRule := map[string]map[string]int{}
	var ruleOrder []string
	plantedPerRule := map[string]int{}
	missed := map[string][]*manifest.Planted{}
	for _, t := range tools {
		total[t] = &stat{}
		perRule[t] = map[string]int{}
	}
	for _, p := range m.Secrets {
		if plantedPerRule[p.RuleID] == 0 {
			ruleOrder = append(ruleOrder, p.RuleID)
		}
		plantedPerRule[p.RuleID]++
		for _, t := range tools {
			st := total[t]
			var hit, line, rule, loc bool
			for _, f := range byFile[t][p.File] {
				if matches(f, p) {
					hit = true
					line = line || f.Line == p.Line
					rule = rule || f.RuleID == p.RuleID
				} else if f.Line == p.Line {
					loc = true
				}
			}
			switch {
			case hit:
				st.found++
				perRule[t][p.RuleID]++
				if line {
					st.sameLine++
				}
				if rule {
					st.sameRule++
				}
			case loc:
				st.located++
				missed[t] = append(missed[t], p)
			default:
				missed[t] = append(missed[t], p)
			}
		}
	}
	n := len(m.Secrets)
	fmt.Printf("\nrecall of the %d planted secrets (same file, value contained either way):\n", n)
	fmt.Printf("  %-10s %12s %10s %14s %22s\n", "tool", "found", "same line", "same rule id", "only line matched")
	for _, t := range tools {
		st := total[t]
		fmt.Printf("  %-10s %5d %5.1f%% %10d %14d %22d\n", t, st.found, pct(st.found, n), st.sameLine, st.sameRule, st.located)
	}
	fmt.Printf("\n  %-28s %7s", "rule", "planted")
	for _, t := range tools {
		fmt.Printf(" %10s", t)
	}
	fmt.Println()
	for _, r := range ruleOrder {
		fmt.Printf("  %-28s %7d", r, plantedPerRule[r])
		for _, t := range tools {
			fmt.Printf(" %10d", perRule[t][r])
		}
		fmt.Println()
	}
	for _, t := range tools {
		if len(missed[t]) == 0 {
			continue
		}
		fmt.Printf("\n  missed by %s (first %d of %d):\n", t, min(10, len(missed[t])), len(missed[t]))
		for _, p := range missed[t][:min(10, len(missed[t]))] {
			fmt.Printf("    #%d %s [%s] %s:%d\n", p.ID, p.RuleID, p.Context, p.File, p.Line)
		}
	}

	fmt.Printf("\nnegatives (placeholders that must not be reported): %d planted\n", len(m.Negatives))
	for _, t := range tools {
		var hits []string
		for _, ng := range m.Negatives {
			for _, f := range byFile[t][ng.File] {
				if f.Line == ng.Line {
					hits = append(hits, fmt.Sprintf("#%d %q (%s) %s:%d", ng.ID, ng.Value, f.RuleID, ng.File, ng.Line))
					break
				}
			}
		}
		fmt.Printf("  %-10s reported %d\n", t, len(hits))
		for _, h := range hits {
			fmt.Printf("    %s\n", h)
		}
	}

	fmt.Println("\nother findings (not a planted secret; the replayed corpus has test keys and secret-like strings):")
	for _, t := range tools {
		other, values := 0, map[string]bool{}
		for _, f := range reports[t] {
			if !isPlanted(f, m) {
				other++
				values[f.Secret] = true
			}
		}
		fmt.Printf("  %-10s %d findings, %d unique values (all findings: %d)\n", t, other, len(values), len(reports[t]))
	}
}

func isPlanted(f report.Finding, m *manifest.Tree) bool {
	for _, p := range m.Secrets {
		if matches(f, p) {
			return true
		}
	}
	return false
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// printDiff lists unique secret values reported by a but not by b.
func printDiff(a, b string, reports map[string][]report.Finding, m *manifest.Tree, n int) {
	inB := map[string]bool{}
	for _, f := range reports[b] {
		inB[f.Secret] = true
	}
	seen := map[string]bool{}
	var only []report.Finding
	for _, f := range reports[a] {
		if f.Secret == "" || inB[f.Secret] || seen[f.Secret] {
			continue
		}
		seen[f.Secret] = true
		only = append(only, f)
	}
	sort.SliceStable(only, func(i, j int) bool {
		if only[i].RuleID != only[j].RuleID {
			return only[i].RuleID < only[j].RuleID
		}
		return only[i].File < only[j].File
	})
	fmt.Printf("\nunique secret values found by %s but not %s: %d\n", a, b, len(only))
	for _, f := range only[:min(n, len(only))] {
		tag := ""
		if isPlanted(f, m) {
			tag = " [planted]"
		}
		secret := tlfinding.Redact(f.Secret)
		if showSecrets {
			secret = shorten(f.Secret, 72)
		}
		fmt.Printf("  %-26s %s:%d  %s%s\n", f.RuleID, f.File, f.Line, secret, tag) //tightlip:allow printed in full only with -show-secrets; redacted otherwise
	}
}

func shorten(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", `\n`)
	if len(s) > n {
		return s[:n-3] + "..."
	}
	return s
}

// --- timing helper -------------------------------------------------------

// timeRun implements "compare run -o FILE -- COMMAND ARGS...".
func timeRun(args []string) int {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	out := fs.String("o", "", "file to write \"wall user sys maxrss_kb exit\" to")
	_ = fs.Parse(args)
	cmdArgs := fs.Args()
	if *out == "" || len(cmdArgs) == 0 {
		fmt.Fprintln(os.Stderr, "usage: compare run -o FILE -- COMMAND [ARG...]")
		return 2
	}
	cmd := exec.Command(cmdArgs[0], cmdArgs[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	code := 0
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		fmt.Fprintln(os.Stderr, "compare run:", err)
		return 127
	}
	var user, sys float64
	var rss int64
	if ps := cmd.ProcessState; ps != nil {
		user, sys = ps.UserTime().Seconds(), ps.SystemTime().Seconds()
		rss = childrss.MaxKB(ps)
	}
	line := fmt.Sprintf("%.3f %.3f %.3f %d %d\n", wall.Seconds(), user, sys, rss, code)
	if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "compare run:", err)
		return 2
	}
	return code
}
