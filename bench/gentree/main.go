// Command gentree writes a reproducible working tree for benchmarking secret
// scanners: real text files replayed from GOROOT and the Go module cache,
// laid out as many small projects, with fake secrets planted in realistic
// contexts and a manifest of what was planted.
//
// Usage:
//
//	go run ./bench/gentree -out DIR [-size 200MB] [-seed 1] [-secrets 300] [-negatives 30]
//
// The same seed and the same corpus (the files under GOROOT and GOMODCACHE)
// give a byte-identical tree; the manifest records digests of both so runs
// can be compared. The manifest is written beside the tree, to
// DIR.manifest.json by default, so that no scanner reads it.
//
// Every planted value is generated from the seed and carries a marker
// (TLFAKE, TLF4KE for generic keys, deadbeef in hex-only formats); none is
// a real credential.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tightlip/tightlip/bench/internal/corpus"
	"github.com/tightlip/tightlip/bench/internal/fakesecret"
	"github.com/tightlip/tightlip/bench/internal/manifest"
	"github.com/tightlip/tightlip/bench/internal/splitmix"
)

func main() {
	var (
		out       = flag.String("out", "", "directory to create (required)")
		sizeStr   = flag.String("size", "200MB", "approximate tree size (B, KB, MB, GB; KiB, MiB, GiB)")
		seed      = flag.Uint64("seed", 1, "PRNG seed")
		nSecrets  = flag.Int("secrets", 300, "fake secrets to plant")
		nNeg      = flag.Int("negatives", 30, "placeholders to plant that must not be reported")
		manPath   = flag.String("manifest", "", "manifest path (default DIR.manifest.json)")
		maxStr    = flag.String("max-file", "1MB", "largest corpus file to replay")
		goroot    = flag.String("goroot", "", "GOROOT to replay (default: go env GOROOT)")
		modcache  = flag.String("modcache", "", "module cache to replay (default: go env GOMODCACHE)")
		corpusArg = flag.String("corpus", "pinned", "what to replay besides GOROOT: \"pinned\" (the module versions pinned in bench/internal/corpus/modules.txt, downloaded if missing) or \"all\" (whatever the module cache holds; not reproducible elsewhere)")
		exclude   = flag.String("exclude", `^github\.com/zricethezav/gitleaks/`, "regexp of corpus paths (relative to GOROOT or GOMODCACHE) not to replay; gitleaks' own test data is full of secret-shaped strings")
		goMod     = flag.Bool("gomod", false, "also replay go.mod, go.sum and go.work files, which makes every project a Go module (tightlip then runs its Go analyzers on each; gitleaks skips these files)")
		force     = flag.Bool("force", false, "replace DIR if it exists and has a manifest beside it")
		quietFlag = flag.Bool("q", false, "no summary on stderr")
	)
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gentree -out DIR [-size 200MB] [-seed 1] [-secrets 300] [-negatives 30]")
		os.Exit(2)
	}
	size, err := parseSize(*sizeStr)
	if err != nil {
		fatal(err)
	}
	maxFile, err := parseSize(*maxStr)
	if err != nil {
		fatal(err)
	}
	var ex *regexp.Regexp
	if *exclude != "" {
		if ex, err = regexp.Compile(*exclude); err != nil {
			fatal(fmt.Errorf("-exclude: %w", err))
		}
	}
	if *manPath == "" {
		*manPath = filepath.Clean(*out) + ".manifest.json"
	}
	if *goroot == "" || *modcache == "" {
		gr, mc, err := goEnv()
		if err != nil {
			fatal(err)
		}
		if *goroot == "" {
			*goroot = gr
		}
		if *modcache == "" {
			*modcache = mc
		}
	}
	start := time.Now()
	logf := func(format string, a ...any) {
		if !*quietFlag {
			fmt.Fprintf(os.Stderr, "gentree: "+format+"\n", a...)
		}
	}
	var mods []string
	switch *corpusArg {
	case "pinned":
		if mods, err = ensureModules(*modcache, logf); err != nil {
			fatal(err)
		}
	case "all":
	default:
		fatal(fmt.Errorf("-corpus wants pinned or all, not %q", *corpusArg))
	}
	m, err := generate(options{out: *out, manifest: *manPath, size: size, seed: *seed, secrets: *nSecrets, negatives: *nNeg,
		maxFile: maxFile, exclude: ex, goroot: *goroot, modcache: *modcache, mods: mods, goMod: *goMod, force: *force})
	if err != nil {
		fatal(err)
	}
	if !*quietFlag {
		fmt.Fprintf(os.Stderr, "gentree: wrote %s: %d files, %.1f MB in %d projects (%d corpus pass(es)), %d secrets, %d negatives, in %s\n",
			*out, m.Tree.Files, float64(m.Tree.Bytes)/1e6, m.Tree.Projects, m.Tree.Passes, len(m.Secrets), len(m.Negatives), time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(os.Stderr, "gentree: corpus %s (%d files, %.1f MB)\ngentree: tree digest %s\ngentree: manifest %s\n",
			m.Corpus.Digest[:16], m.Corpus.Files, float64(m.Corpus.Bytes)/1e6, m.Tree.Digest, *manPath)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gentree:", err)
	os.Exit(1)
}

func goEnv() (goroot, modcache string, err error) {
	v, err := corpus.GoEnv("GOROOT", "GOMODCACHE")
	if err != nil {
		return "", "", fmt.Errorf("%w (pass -goroot and -modcache)", err)
	}
	return strings.TrimSpace(v[0]), strings.TrimSpace(v[1]), nil
}

// goVersion is the first line of GOROOT/VERSION ("go1.26.8").
func goVersion(goroot string) string {
	data, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return ""
	}
	v, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimSpace(v)
}

var sizeRE = regexp.MustCompile(`(?i)^\s*([0-9]+(?:\.[0-9]+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$`)

func parseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("bad size %q (want e.g. 200MB)", s)
	}
	f, _ := strconv.ParseFloat(m[1], 64)
	mult := map[string]float64{"": 1, "b": 1, "k": 1e3, "kb": 1e3, "kib": 1 << 10, "m": 1e6, "mb": 1e6, "mib": 1 << 20, "g": 1e9, "gb": 1e9, "gib": 1 << 30}[strings.ToLower(m[2])]
	return int64(f * mult), nil
}

type options struct {
	out, manifest    string
	size             int64
	seed             uint64
	secrets          int
	negatives        int
	maxFile          int64
	exclude          *regexp.Regexp
	goroot, modcache string
	mods             []string // module cache directories to replay; nil: the whole cache
	goMod            bool     // replay go.mod, go.sum and go.work files
	force            bool
}

// generate writes the tree and its manifest.
func generate(o options) (*manifest.Tree, error) {
	out, manPath, size, seed, nSecrets, nNeg, ex, goroot, modcache, mods, force :=
		filepath.Clean(o.out), o.manifest, o.size, o.seed, o.secrets, o.negatives, o.exclude, o.goroot, o.modcache, o.mods, o.force
	if fi, err := os.Stat(out); err == nil {
		if !fi.IsDir() {
			return nil, fmt.Errorf("%s exists and is not a directory", out)
		}
		if !force {
			return nil, fmt.Errorf("%s exists (use -force to replace it)", out)
		}
		if _, err := os.Stat(manPath); err != nil {
			return nil, fmt.Errorf("refusing to replace %s: no manifest %s beside it, so it may not be a generated tree", out, manPath)
		}
		if err := os.RemoveAll(out); err != nil {
			return nil, err
		}
	}

	c, err := collect(goroot, modcache, mods, ex, o.maxFile, o.goMod)
	if err != nil {
		return nil, err
	}
	if c.files == 0 {
		return nil, fmt.Errorf("no text files found under %s or %s", goroot, modcache)
	}
	p := layout(c, size, splitmix.New(seed, 1))
	pl := newPlanter(p, splitmix.New(seed, 2))
	for i := 0; i < nSecrets; i++ {
		pl.plantSecret(i+1, &fakesecret.Rules[i%len(fakesecret.Rules)])
	}
	for i := 0; i < nNeg; i++ {
		pl.plantNegative(i + 1)
	}

	tmp := out + ".partial"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	tree, err := write(tmp, p)
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return nil, err
	}
	tree.Projects = len(p.projects)
	tree.Passes = p.passes

	counts := map[string]int{}
	for _, it := range pl.secrets {
		counts[it.RuleID]++
	}
	m := &manifest.Tree{
		Version:   1,
		Generator: manifest.TreeGenerator{Seed: seed, Size: size, Secrets: nSecrets, Negatives: nNeg, MaxFile: o.maxFile, GoMod: o.goMod},
		Corpus: manifest.TreeCorpus{Mode: "pinned", GoVersion: goVersion(goroot), Modules: len(mods), Roots: []string{goroot, modcache},
			Units: len(c.units), Files: c.files, Bytes: c.bytes, Skipped: c.skipped, Digest: c.digest},
		Tree:      tree,
		Secrets:   pl.secrets,
		Negatives: pl.negs,
	}
	if mods == nil {
		m.Corpus.Mode = "all"
	}
	if ex != nil {
		m.Generator.Exclude = ex.String()
	}
	for _, sr := range fakesecret.Rules {
		if counts[sr.ID] > 0 {
			m.Rules = append(m.Rules, manifest.RuleCount{RuleID: sr.ID, Count: counts[sr.ID]})
		}
	}
	sort.SliceStable(m.Secrets, func(i, j int) bool { return m.Secrets[i].ID < m.Secrets[j].ID })
	for _, it := range append(append([]*manifest.Planted{}, m.Secrets...), m.Negatives...) {
		if it.File == "" || it.Line == 0 {
			return nil, fmt.Errorf("internal error: item %d (%s) was not placed", it.ID, it.RuleID)
		}
	}
	return m, manifest.Write(manPath, m)
}

// write renders every entry under root in plan order and returns the
// tree's size and digest.
func write(root string, p *plan) (manifest.TreeInfo, error) {
	var ti manifest.TreeInfo
	h := sha256.New()
	made := map[string]bool{}
	var buf bytes.Buffer
	for _, e := range p.entries {
		buf.Reset()
		switch {
		case e.syn != nil:
			renderSynth(&buf, e.syn)
		default:
			data, err := os.ReadFile(e.src.abs)
			if err != nil {
				return ti, err
			}
			if len(e.ins) == 0 {
				buf.Write(data)
			} else {
				applyInsertions(&buf, string(data), e.ins)
			}
		}
		dst := filepath.Join(root, filepath.FromSlash(e.dst))
		if dir := filepath.Dir(dst); !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return ti, err
			}
			for d := dir; d != root && !made[d]; d = filepath.Dir(d) {
				made[d] = true
			}
		}
		if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
			return ti, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", e.dst, buf.Len())
		h.Write(buf.Bytes())
		ti.Files++
		ti.Bytes += int64(buf.Len())
	}
	ti.Digest = hex.EncodeToString(h.Sum(nil))
	return ti, nil
}

func renderSynth(w *bytes.Buffer, s *synth) {
	n := 0
	emit := func(l string) {
		w.WriteString(l)
		w.WriteByte('\n')
		n++
	}
	for _, l := range s.header {
		emit(l)
	}
	for _, b := range s.blocks {
		for _, m := range b.marks {
			m.item.Line = n + m.off + 1
		}
		for _, l := range b.lines {
			emit(l)
		}
	}
	for _, l := range s.footer {
		emit(l)
	}
}

// applyInsertions writes data with the blocks inserted and records the
// final line number of every marked item.
func applyInsertions(w *bytes.Buffer, data string, ins []insertion) {
	sort.SliceStable(ins, func(i, j int) bool {
		if ins[i].at != ins[j].at {
			return ins[i].at < ins[j].at
		}
		return ins[i].seq < ins[j].seq
	})
	lines := splitLines(data)
	n, k := 0, 0
	for i := 0; i <= len(lines); i++ {
		for ; k < len(ins) && ins[k].at == i; k++ {
			if b := w.Bytes(); len(b) > 0 && b[len(b)-1] != '\n' {
				w.WriteByte('\n')
			}
			for _, m := range ins[k].blk.marks {
				m.item.Line = n + m.off + 1
			}
			for _, l := range ins[k].blk.lines {
				w.WriteString(l)
				w.WriteByte('\n')
			}
			n += len(ins[k].blk.lines)
		}
		if i < len(lines) {
			w.WriteString(lines[i])
			n++
		}
	}
}
