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
	"encoding/json"
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

	tlfinding "github.com/tightlip/tightlip/finding"
)

// showSecrets prints differing secret values in full; by default they are
// redacted as tightlip's reports redact them, since the benchmark also runs
// on real repositories.
var showSecrets bool

type manifest struct {
	Generator struct {
		Seed uint64 `json:"seed"`
	} `json:"generator"`
	Corpus struct {
		Digest string `json:"digest"`
	} `json:"corpus"`
	Tree struct {
		Files  int    `json:"files"`
		Bytes  int64  `json:"bytes"`
		Digest string `json:"digest"`
	} `json:"tree"`
	Secrets   []planted `json:"secrets"`
	Negatives []planted `json:"negatives"`
}

type planted struct {
	ID      int    `json:"id"`
	RuleID  string `json:"rule_id"`
	Context string `json:"context"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Secret  string `json:"secret"`
	Value   string `json:"value"`
}

// finding is what both reports are reduced to.
type finding struct {
	rule, file, secret string
	line               int
}

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
	var m manifest
	if err := readJSON(*manPath, &m); err != nil {
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

	reports := map[string][]finding{}
	if *glPath != "" {
		f, err := readGitleaks(*glPath, *tree)
		if err != nil {
			fmt.Fprintf(os.Stderr, "compare: %s report: %v\n", *glName, err)
			failures++
		} else {
			reports[*glName] = f
		}
	}
	if *tlPath != "" {
		f, err := readTightlip(*tlPath, *tree)
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
		printRecall(&m, present, reports)
	}
	if len(present) == 2 {
		printDiff(present[0], present[1], reports, &m, *listN)
		printDiff(present[1], present[0], reports, &m, *listN)
	}
	if failures > 0 {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "compare:", err)
	os.Exit(2)
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
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

func readGitleaks(path, tree string) ([]finding, error) {
	var raw []struct {
		RuleID    string
		File      string
		StartLine int
		Secret    string
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	out := make([]finding, 0, len(raw))
	for _, r := range raw {
		out = append(out, finding{rule: r.RuleID, file: relPath(r.File, tree), line: r.StartLine, secret: r.Secret})
	}
	return out, nil
}

func readTightlip(path, tree string) ([]finding, error) {
	var raw struct {
		Findings []struct {
			RuleID string `json:"rule_id"`
			File   string `json:"file"`
			Line   int    `json:"line"`
			Secret string `json:"secret"`
		} `json:"findings"`
	}
	if err := readJSON(path, &raw); err != nil {
		return nil, err
	}
	out := make([]finding, 0, len(raw.Findings))
	for _, r := range raw.Findings {
		out = append(out, finding{rule: r.RuleID, file: relPath(r.File, tree), line: r.Line, secret: r.Secret})
	}
	return out, nil
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
func matches(f finding, p planted) bool {
	if f.file != p.File || f.secret == "" {
		return false
	}
	return strings.Contains(f.secret, p.Secret) || (len(f.secret) >= 8 && strings.Contains(p.Secret, f.secret))
}

func printRecall(m *manifest, tools []string, reports map[string][]finding) {
	byFile := map[string]map[string][]finding{}
	for _, t := range tools {
		byFile[t] = map[string][]finding{}
		for _, f := range reports[t] {
			byFile[t][f.file] = append(byFile[t][f.file], f)
		}
	}
	type stat struct{ found, sameLine, sameRule, located int }
	total := map[string]*stat{}
	perRule := map[string]map[string]int{}
	var ruleOrder []string
	plantedPerRule := map[string]int{}
	missed := map[string][]planted{}
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
					line = line || f.line == p.Line
					rule = rule || f.rule == p.RuleID
				} else if f.line == p.Line {
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
				if f.line == ng.Line {
					hits = append(hits, fmt.Sprintf("#%d %q (%s) %s:%d", ng.ID, ng.Value, f.rule, ng.File, ng.Line))
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
				values[f.secret] = true
			}
		}
		fmt.Printf("  %-10s %d findings, %d unique values (all findings: %d)\n", t, other, len(values), len(reports[t]))
	}
}

func isPlanted(f finding, m *manifest) bool {
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
func printDiff(a, b string, reports map[string][]finding, m *manifest, n int) {
	inB := map[string]bool{}
	for _, f := range reports[b] {
		inB[f.secret] = true
	}
	seen := map[string]bool{}
	var only []finding
	for _, f := range reports[a] {
		if f.secret == "" || inB[f.secret] || seen[f.secret] {
			continue
		}
		seen[f.secret] = true
		only = append(only, f)
	}
	sort.SliceStable(only, func(i, j int) bool {
		if only[i].rule != only[j].rule {
			return only[i].rule < only[j].rule
		}
		return only[i].file < only[j].file
	})
	fmt.Printf("\nunique secret values found by %s but not %s: %d\n", a, b, len(only))
	for _, f := range only[:min(n, len(only))] {
		tag := ""
		if isPlanted(f, m) {
			tag = " [planted]"
		}
		secret := tlfinding.Redact(f.secret)
		if showSecrets {
			secret = shorten(f.secret, 72)
		}
		fmt.Printf("  %-26s %s:%d  %s%s\n", f.rule, f.file, f.line, secret, tag)
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
		rss = maxRSSKB(ps)
	}
	line := fmt.Sprintf("%.3f %.3f %.3f %d %d\n", wall.Seconds(), user, sys, rss, code)
	if err := os.WriteFile(*out, []byte(line), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "compare run:", err)
		return 2
	}
	return code
}
