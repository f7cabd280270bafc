// Command gen captures the true- and false-positive samples of gitleaks'
// default rules from the gitleaks module in the Go module cache and writes
// them as gzip-compressed JSON (see package gitleakssamples).
//
// It copies the gitleaks module from the module cache into a temporary
// directory (go build -overlay refuses to replace files under GOMODCACHE),
// replaces two files there and builds gitleaks' cmd/generate/config program
// in that copy, against gitleaks' own go.mod and go.sum. Nothing is written to
// the module cache and nothing of gitleaks' code lands in this repository.
// The replaced files:
//
//   - cmd/generate/config/utils/validate.go is gitleaks' file with Validate and
//     ValidateWithPaths renamed; an added file defines new Validate and
//     ValidateWithPaths that append their arguments as one JSON line to
//     $TIGHTLIP_SAMPLES_OUT and then call the renamed originals, so every
//     sample is still checked by gitleaks' own code;
//   - cmd/generate/secrets/regen.go seeds reggen from the regex, its
//     occurrence number and $TIGHTLIP_SEED, so secrets.NewSecret is
//     deterministic.
//
// The program is run once per seed, exactly as gitleaks' `go generate` runs it
// (working directory cmd/generate/config, output TOML path as argument); the
// TOML it writes is compared with the module cache's config/gitleaks.toml.
//
// Usage (from anywhere inside the tightlip module):
//
//	go run ./internal/detect/internal/gitleakssamples/gen -o testdata/gitleaks-samples/samples.json.gz
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/viper"
	glconfig "github.com/zricethezav/gitleaks/v8/config"

	"github.com/tightlip/tightlip/internal/detect/internal/gitleakssamples"
)

func main() {
	out := flag.String("o", "samples.json.gz", "output file")
	seedList := flag.String("seeds", "1,2", "comma-separated seeds for secrets.NewSecret; one generator run per seed, samples merged")
	keep := flag.Bool("keep", false, "keep the temporary directory (patched gitleaks copy, binary, raw records)")
	flag.Parse()
	if err := run(*out, *seedList, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "gitleakssamples/gen:", err)
		os.Exit(1)
	}
}

type record struct {
	Rule  string   `json:"rule"`
	Paths bool     `json:"paths"`
	TPs   []sample `json:"tps"`
	FPs   []sample `json:"fps"`
}

type sample struct {
	Raw  string `json:"raw"`
	Path string `json:"path,omitempty"`
}

func run(out, seedList string, keep bool) error {
	var seeds []int64
	for _, s := range strings.Split(seedList, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return fmt.Errorf("bad -seeds: %w", err)
		}
		seeds = append(seeds, n)
	}

	mod, dir, err := locateModule()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "gitleakssamples-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "temporary directory:", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	work := filepath.Join(tmp, "gitleaks")
	if err := copyTree(dir, work); err != nil {
		return err
	}
	if err := patch(work); err != nil {
		return err
	}
	bin := filepath.Join(tmp, "gitleaks-generate")
	build := exec.Command("go", "build", "-o", bin, "./cmd/generate/config")
	build.Dir = work
	// Build inside gitleaks' own module (its go.mod and go.sum): the program
	// is compiled against exactly the dependencies gitleaks ships with.
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building gitleaks' cmd/generate/config with the recording patch: %w", err)
	}

	shipped, err := os.ReadFile(filepath.Join(dir, "config", "gitleaks.toml"))
	if err != nil {
		return err
	}
	configMatches := true
	var recs []record
	for _, seed := range seeds {
		recFile := filepath.Join(tmp, fmt.Sprintf("records-%d.jsonl", seed))
		tomlFile := filepath.Join(tmp, fmt.Sprintf("gitleaks-%d.toml", seed))
		cmd := exec.Command(bin, tomlFile)
		cmd.Dir = filepath.Join(work, "cmd", "generate", "config") // main.go reads rules/config.tmpl relative to it
		cmd.Env = append(os.Environ(), "TIGHTLIP_SAMPLES_OUT="+recFile, "TIGHTLIP_SEED="+strconv.FormatInt(seed, 10))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("running gitleaks' config generator (seed %d): %w\n%s", seed, err, stderr.String())
		}
		generated, err := os.ReadFile(tomlFile)
		if err != nil {
			return err
		}
		if !bytes.Equal(generated, shipped) {
			configMatches = false
			fmt.Fprintf(os.Stderr, "warning: the config generated from the rule functions differs from %s (seed %d); kept in %s with -keep\n",
				filepath.Join(dir, "config", "gitleaks.toml"), seed, tomlFile)
		}
		rs, err := readRecords(recFile)
		if err != nil {
			return err
		}
		recs = append(recs, rs...)
	}

	defaultIDs, err := defaultRuleIDs(string(shipped))
	if err != nil {
		return err
	}
	set := merge(recs, defaultIDs)
	set.Gitleaks = mod
	set.Seeds = seeds
	set.ConfigMatchesShipped = configMatches
	set.ConfigSHA256 = gitleakssamples.ConfigHash(string(shipped))

	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // zero header: no name, no mtime, so output is reproducible
	enc := json.NewEncoder(zw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(set); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	tps, fps := 0, 0
	for _, r := range set.Rules {
		tps += len(r.TPs)
		fps += len(r.FPs)
	}
	fmt.Fprintf(os.Stderr, "%s %s: %d rules with samples (%d in default config, %d without samples), %d tps, %d fps -> %s\n",
		mod.Path, mod.Version, len(set.Rules), len(defaultIDs), len(set.Unsampled), tps, fps, out)
	return nil
}

// locateModule finds the gitleaks module that the enclosing (tightlip) module
// requires, downloading it into the module cache if needed.
func locateModule() (gitleakssamples.Module, string, error) {
	var m struct {
		Path, Version, Dir, Sum string
	}
	for attempt := 0; attempt < 2; attempt++ {
		cmd := exec.Command("go", "list", "-m", "-json", gitleakssamples.ModulePath)
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err != nil {
			return gitleakssamples.Module{}, "", fmt.Errorf("go list -m %s: %w", gitleakssamples.ModulePath, err)
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return gitleakssamples.Module{}, "", err
		}
		if m.Dir != "" {
			break
		}
		dl := exec.Command("go", "mod", "download", gitleakssamples.ModulePath+"@"+m.Version)
		dl.Stdout, dl.Stderr = os.Stderr, os.Stderr
		if err := dl.Run(); err != nil {
			return gitleakssamples.Module{}, "", fmt.Errorf("go mod download: %w", err)
		}
	}
	if m.Dir == "" {
		return gitleakssamples.Module{}, "", fmt.Errorf("%s is not in the module cache", gitleakssamples.ModulePath)
	}
	if m.Sum == "" {
		// go list leaves Sum empty for some cache states; go.sum has it.
		m.Sum = sumFromGoSum(m.Path, m.Version)
	}
	return gitleakssamples.Module{Path: m.Path, Version: m.Version, Sum: m.Sum}, m.Dir, nil
}

func sumFromGoSum(path, version string) string {
	cmd := exec.Command("go", "env", "GOMOD")
	b, err := cmd.Output()
	if err != nil {
		return ""
	}
	gosum := strings.TrimSuffix(strings.TrimSpace(string(b)), ".mod") + ".sum"
	data, err := os.ReadFile(gosum)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == path && f[1] == version {
			return f[2]
		}
	}
	return ""
}

// copyTree copies the module directory src (read-only in the module cache)
// to dst with writable permissions.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// patch rewrites the two files in the copy at work.
func patch(work string) error {
	validatePath := filepath.Join(work, "cmd", "generate", "config", "utils", "validate.go")
	orig, err := os.ReadFile(validatePath)
	if err != nil {
		return err
	}
	renamed := string(orig)
	for _, fn := range []string{"Validate", "ValidateWithPaths"} {
		from := "\nfunc " + fn + "("
		if n := strings.Count(renamed, from); n != 1 {
			return fmt.Errorf("%s: expected one %q, found %d; the recording patch needs updating", validatePath, strings.TrimSpace(from), n)
		}
		renamed = strings.Replace(renamed, from, "\nfunc tightlipOriginal"+fn+"(", 1)
	}
	regenPath := filepath.Join(work, "cmd", "generate", "secrets", "regen.go")
	if _, err := os.Stat(regenPath); err != nil {
		return err
	}
	files := map[string]string{
		validatePath: renamed,
		filepath.Join(work, "cmd", "generate", "config", "utils", "zz_tightlip_record.go"): recordGo,
		regenPath: regenGo,
	}
	for p, content := range files {
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

const recordGo = `package utils

// Added by tightlip's gitleakssamples generator (temporary copy only).

import (
	"encoding/json"
	"os"

	"github.com/zricethezav/gitleaks/v8/config"
)

type tightlipSample struct {
	Raw  string ` + "`json:\"raw\"`" + `
	Path string ` + "`json:\"path,omitempty\"`" + `
}

type tightlipRecord struct {
	Rule  string           ` + "`json:\"rule\"`" + `
	Paths bool             ` + "`json:\"paths\"`" + `
	TPs   []tightlipSample ` + "`json:\"tps\"`" + `
	FPs   []tightlipSample ` + "`json:\"fps\"`" + `
}

func tightlipWrite(rec tightlipRecord) {
	f, err := os.OpenFile(os.Getenv("TIGHTLIP_SAMPLES_OUT"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		panic(err)
	}
	if err := json.NewEncoder(f).Encode(rec); err != nil {
		panic(err)
	}
	if err := f.Close(); err != nil {
		panic(err)
	}
}

func Validate(rule config.Rule, truePositives []string, falsePositives []string) *config.Rule {
	rec := tightlipRecord{Rule: rule.RuleID, TPs: []tightlipSample{}, FPs: []tightlipSample{}}
	for _, s := range truePositives {
		rec.TPs = append(rec.TPs, tightlipSample{Raw: s})
	}
	for _, s := range falsePositives {
		rec.FPs = append(rec.FPs, tightlipSample{Raw: s})
	}
	tightlipWrite(rec)
	return tightlipOriginalValidate(rule, truePositives, falsePositives)
}

func ValidateWithPaths(rule config.Rule, truePositives map[string]string, falsePositives map[string]string) *config.Rule {
	rec := tightlipRecord{Rule: rule.RuleID, Paths: true, TPs: []tightlipSample{}, FPs: []tightlipSample{}}
	for p, s := range truePositives {
		rec.TPs = append(rec.TPs, tightlipSample{Raw: s, Path: p})
	}
	for p, s := range falsePositives {
		rec.FPs = append(rec.FPs, tightlipSample{Raw: s, Path: p})
	}
	tightlipWrite(rec)
	return tightlipOriginalValidateWithPaths(rule, truePositives, falsePositives)
}
`

const regenGo = `// Package secrets: replaced by tightlip's gitleakssamples generator (in a
// temporary copy only) so that generated samples are reproducible.
package secrets

import (
	"hash/fnv"
	"os"
	"strconv"
	"sync"

	"github.com/lucasjones/reggen"
)

var (
	tightlipMu   sync.Mutex
	tightlipSeen = map[string]int64{}
)

func NewSecret(regex string) string {
	g, err := reggen.NewGenerator(regex)
	if err != nil {
		panic(err)
	}
	base, err := strconv.ParseInt(os.Getenv("TIGHTLIP_SEED"), 10, 64)
	if err != nil {
		panic("TIGHTLIP_SEED: " + err.Error())
	}
	tightlipMu.Lock()
	n := tightlipSeen[regex]
	tightlipSeen[regex]++
	tightlipMu.Unlock()
	h := fnv.New64a()
	h.Write([]byte(regex))
	g.SetSeed(int64(h.Sum64()) ^ (base*1000003 + n))
	return g.Generate(1)
}
`

func readRecords(path string) ([]record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("no samples recorded: %w", err)
	}
	defer f.Close()
	var recs []record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, sc.Err()
}

// defaultRuleIDs parses the shipped TOML the way the test does.
func defaultRuleIDs(toml string) (map[string]bool, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(toml)); err != nil {
		return nil, err
	}
	var vc glconfig.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, r := range vc.Rules {
		ids[r.ID] = true
	}
	return ids, nil
}

func merge(recs []record, defaultIDs map[string]bool) *gitleakssamples.Set {
	type acc struct {
		tps, fps map[gitleakssamples.Sample]bool
	}
	byID := map[string]*acc{}
	for _, r := range recs {
		a := byID[r.Rule]
		if a == nil {
			a = &acc{tps: map[gitleakssamples.Sample]bool{}, fps: map[gitleakssamples.Sample]bool{}}
			byID[r.Rule] = a
		}
		for _, s := range r.TPs {
			a.tps[gitleakssamples.Sample{Raw: s.Raw, Path: s.Path, PathBased: r.Paths}] = true
		}
		for _, s := range r.FPs {
			a.fps[gitleakssamples.Sample{Raw: s.Raw, Path: s.Path, PathBased: r.Paths}] = true
		}
	}
	sorted := func(m map[gitleakssamples.Sample]bool) []gitleakssamples.Sample {
		out := make([]gitleakssamples.Sample, 0, len(m))
		for s := range m {
			out = append(out, s)
		}
		sort.Slice(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.PathBased != b.PathBased {
				return !a.PathBased
			}
			if a.Path != b.Path {
				return a.Path < b.Path
			}
			return a.Raw < b.Raw
		})
		return out
	}
	set := &gitleakssamples.Set{}
	for id, a := range byID {
		set.Rules = append(set.Rules, gitleakssamples.Rule{
			ID: id, InDefaultConfig: defaultIDs[id], TPs: sorted(a.tps), FPs: sorted(a.fps),
		})
	}
	sort.Slice(set.Rules, func(i, j int) bool { return set.Rules[i].ID < set.Rules[j].ID })
	for id := range defaultIDs {
		if byID[id] == nil {
			set.Unsampled = append(set.Unsampled, id)
		}
	}
	sort.Strings(set.Unsampled)
	return set
}
