// Command gen writes the git repository that the history benchmark scans:
// a reproducible, edit-heavy history made with git fast-import from real
// Go, YAML, JSON and Markdown files (GOROOT and pinned module versions),
// with fake secrets planted and later removed, and a manifest of them
// beside the repository.
//
//	go run ./bench/history/gen -out /tmp/hist.git            # 20,000 commits
//	go run ./bench/history/gen -out /tmp/small.git -commits 500 -size 20MB
//
// See bench/history/README.md.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tightlip/tightlip/bench/internal/corpus"
	"github.com/tightlip/tightlip/bench/internal/fakesecret"
	"github.com/tightlip/tightlip/bench/internal/manifest"
)

type options struct {
	out, manifest string
	seed          uint64
	commits       int
	size          int64
	corpusShare   float64
	secrets       int
	hot           int
	hotShare      float64
	projects      int
	abandoned     int
	featureRate   float64
	addRate       float64
	tagEvery      int
	corpus        string
	pack          string
	window, depth int
	maxFile       int
	quiet         bool
}

func main() {
	var o options
	var size string
	flag.StringVar(&o.out, "out", "", "repository to create (a bare repository; must not exist)")
	flag.StringVar(&o.manifest, "manifest", "", "manifest to write (default OUT.manifest.json, beside the repository)")
	flag.Uint64Var(&o.seed, "seed", 1, "seed; the same seed, corpus and Go version give the same repository")
	flag.IntVar(&o.commits, "commits", 20000, "number of commits (merges and unmerged branches included)")
	flag.StringVar(&size, "size", "900MB", "bytes of files the history adds (corpus files and new project files), e.g. 50MB")
	flag.Float64Var(&o.corpusShare, "corpus-share", 0.35, "share of -size made of whole corpus files (at most the corpus); the rest is new project code composed of pieces of real files")
	flag.IntVar(&o.secrets, "secrets", 300, "fake secrets to plant (each removed later)")
	flag.IntVar(&o.hot, "hot", 400, "size of the set of large files that most edits go to")
	flag.Float64Var(&o.hotShare, "hot-share", 0.6, "share of file edits that go to the hot set")
	flag.IntVar(&o.projects, "projects", 12, "projects (services/…) that new code goes to")
	flag.IntVar(&o.abandoned, "abandoned", 24, "unmerged branches left under refs/heads/wip/")
	flag.Float64Var(&o.featureRate, "feature-rate", 0.05, "chance that a main commit is instead a topic branch merged with a merge commit")
	flag.Float64Var(&o.addRate, "add-rate", 0.12, "share of commits that add files")
	flag.IntVar(&o.tagEvery, "tag-every", 500, "tag main every this many commits")
	flag.StringVar(&o.corpus, "corpus", "pinned", "pinned: GOROOT and the modules pinned in bench/internal/corpus/modules.txt; goroot: GOROOT only; or a directory, replayed alone (for tests)")
	flag.StringVar(&o.pack, "pack", "repack", "repack: git repack -adf (window and depth below); aggressive: git gc --aggressive; none: leave fast-import's packs")
	flag.IntVar(&o.window, "window", 10, "delta window of -pack repack")
	flag.IntVar(&o.depth, "depth", 50, "delta depth of -pack repack")
	flag.IntVar(&o.maxFile, "max-file", 1<<20, "largest corpus file replayed, in bytes")
	flag.BoolVar(&o.quiet, "q", false, "no progress on stderr")
	flag.Parse()
	if o.out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -out DIR [flags]")
		flag.PrintDefaults()
		os.Exit(2)
	}
	var err error
	if o.size, err = parseSize(size); err != nil {
		fatal(err)
	}
	if o.manifest == "" {
		o.manifest = strings.TrimSuffix(o.out, "/") + ".manifest.json"
	}
	if o.commits < 10 {
		fatal(errors.New("-commits must be at least 10"))
	}
	if err := generate(o); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, x := range []struct {
		suf string
		m   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(u, x.suf) {
			u, mult = strings.TrimSuffix(u, x.suf), x.m
			break
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(u), 64)
	if err != nil || f <= 0 {
		return 0, fmt.Errorf("bad size %q (want e.g. 1200MB)", s)
	}
	return int64(f * float64(mult)), nil
}

func generate(o options) error {
	logf := func(format string, args ...any) {
		if !o.quiet {
			fmt.Fprintf(os.Stderr, "gen: "+format+"\n", args...)
		}
	}
	if _, err := os.Stat(o.out); err == nil {
		return fmt.Errorf("%s exists; remove it first", o.out)
	}
	env, err := corpus.GoEnv("GOROOT", "GOMODCACHE", "GOVERSION")
	if err != nil {
		return err
	}
	var mods []corpus.Module
	total := 0 // pinned modules, present or not
	switch o.corpus {
	case "pinned":
		pinned := corpus.HistoryModules()
		mods, total = ensureModules(env[1], pinned, logf), len(pinned)
	case "goroot":
	default:
		if st, err := os.Stat(o.corpus); err != nil || !st.IsDir() {
			return fmt.Errorf("-corpus %q: want pinned, goroot or a directory", o.corpus)
		}
		env[0] = o.corpus
	}
	start := time.Now()
	c, err := collect(env[0], env[2], env[1], mods, o.maxFile)
	if err != nil {
		return err
	}
	logf("corpus: %d files, %.1f MB, %d units (GOROOT of %s and %d modules)", c.files, float64(c.bytes)/1e6, len(c.units), env[2], len(mods))

	if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
		return err
	}
	if err := run("", "git", "init", "-q", "--bare", o.out); err != nil {
		return err
	}
	for _, kv := range [][2]string{{"gc.auto", "0"}, {"core.logAllRefUpdates", "false"}} {
		if err := run(o.out, "git", "config", kv[0], kv[1]); err != nil {
			return err
		}
	}
	// fast-import runs in the repository: an absolute path, for a
	// relative -out.
	marksFile, err := filepath.Abs(o.out + ".marks.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(marksFile)
	fi := exec.Command("git", "fast-import", "--quiet", "--done", "--export-marks="+marksFile)
	fi.Dir = o.out
	fi.Stderr = os.Stderr
	stdin, err := fi.StdinPipe()
	if err != nil {
		return err
	}
	if err := fi.Start(); err != nil {
		return err
	}
	st := newStream(stdin)
	s := newSim(o, c, st)
	progress := time.Now()
	s.progress = func() {
		if time.Since(progress) > 10*time.Second {
			progress = time.Now()
			logf("%d/%d commits, %.0f MB added", s.n, o.commits, float64(s.added)/1e6)
		}
	}
	if err := s.run(); err != nil {
		// Stopped mid-stream, fast-import would complain of an "EOF in
		// data" and leave a crash report that says nothing of why: stop it
		// first. The half-made repository is of no use.
		_ = fi.Process.Kill()
		_ = fi.Wait()
		if rerr := os.RemoveAll(o.out); rerr != nil {
			return fmt.Errorf("%w; stopped git fast-import, but removing the incomplete %s: %w", err, o.out, rerr)
		}
		return fmt.Errorf("%w; stopped git fast-import and removed the incomplete %s", err, o.out)
	}
	_, _ = st.w.WriteString("done\n") // a write error surfaces at Flush
	if err := st.flush(); err != nil {
		stdin.Close()
		if werr := fi.Wait(); werr != nil {
			err = fmt.Errorf("%w (%w)", werr, err)
		}
		return fmt.Errorf("git fast-import stopped reading: %w; see its messages above, and a fast_import_crash_* report in %s if it left one", err, o.out)
	}
	stdin.Close()
	if err := fi.Wait(); err != nil {
		return fmt.Errorf("git fast-import: %w", err)
	}
	if err := run(o.out, "git", "symbolic-ref", "HEAD", "refs/heads/main"); err != nil {
		return err
	}
	genSecs := time.Since(start).Seconds()
	logf("history written in %.0f s: %d commits, %.0f MB of files added", genSecs, s.n, float64(s.added)/1e6)

	start = time.Now()
	switch o.pack {
	case "repack":
		logf("git repack -adf --window=%d --depth=%d ...", o.window, o.depth)
		err = run(o.out, "git", "repack", "-adf", "-q", fmt.Sprintf("--window=%d", o.window), fmt.Sprintf("--depth=%d", o.depth))
	case "aggressive":
		logf("git gc --aggressive ...")
		err = run(o.out, "git", "gc", "-q", "--aggressive", "--prune=now")
	case "none":
	default:
		err = fmt.Errorf("-pack %q: want repack, aggressive or none", o.pack)
	}
	if err != nil {
		return err
	}
	packSecs := time.Since(start).Seconds()

	m := &manifest.History{
		Generator: map[string]any{"seed": o.seed, "commits": o.commits, "size": o.size, "corpus_share": o.corpusShare,
			"secrets": o.secrets, "hot": o.hot, "hot_share": o.hotShare, "projects": o.projects, "abandoned": o.abandoned,
			"feature_rate": o.featureRate, "add_rate": o.addRate, "pack": o.pack, "window": o.window, "depth": o.depth,
			"max_file": o.maxFile},
		Corpus: manifest.HistoryCorpus{Mode: o.corpus, GoVersion: env[2], Modules: len(mods), Left: total - len(mods),
			Files: c.files, Bytes: c.bytes, Digest: c.digest},
		Stats: s.stats,
	}
	marks, err := readMarks(marksFile)
	if err != nil {
		return err
	}
	sha := func(ix int) string { return marks[s.marks[ix].mark] }
	counts := map[string]int{}
	for _, p := range s.secrets {
		p.Commit = sha(p.commitIx)
		if p.removedIx > 0 {
			p.Removed = sha(p.removedIx)
		}
		counts[p.RuleID]++
	}
	for _, n := range s.negatives {
		n.Commit = sha(n.commitIx)
	}
	for _, r := range fakesecret.Rules {
		if counts[r.ID] > 0 {
			m.Rules = append(m.Rules, manifest.RuleCount{RuleID: r.ID, Count: counts[r.ID]})
		}
	}
	for _, p := range s.secrets {
		m.Secrets = append(m.Secrets, &p.Planted)
	}
	m.Negatives = []*manifest.Negative{}
	for _, n := range s.negatives {
		m.Negatives = append(m.Negatives, &n.Negative)
	}
	m.Repo.BytesAdded = s.added
	m.Repo.Seconds.Generate, m.Repo.Seconds.Pack = genSecs, packSecs
	if err := repoStats(o.out, &m.Repo); err != nil {
		return err
	}
	if err := manifest.Write(o.manifest, m); err != nil {
		return err
	}
	logf("done: %s: %d commits, %d refs, %.1f MB packed (packed in %.0f s), head %s; %d secrets planted; manifest %s",
		o.out, m.Repo.Commits, m.Repo.Refs, float64(m.Repo.PackedBytes)/1e6, packSecs, m.Repo.Head[:12], len(m.Secrets), o.manifest)
	return nil
}

func run(dir string, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

func output(dir string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return string(out), nil
}

func readMarks(name string) (map[int]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[int]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		mark, sha, ok := strings.Cut(sc.Text(), " ")
		if !ok || !strings.HasPrefix(mark, ":") {
			continue
		}
		n, err := strconv.Atoi(mark[1:])
		if err != nil {
			continue
		}
		m[n] = sha
	}
	return m, sc.Err()
}

// repoStats fills in what git says about the repository.
func repoStats(dir string, ri *manifest.Repo) error {
	out, err := output(dir, "git", "rev-list", "--all", "--count")
	if err != nil {
		return err
	}
	ri.Commits, _ = strconv.Atoi(strings.TrimSpace(out))
	out, err = output(dir, "git", "count-objects", "-v")
	if err != nil {
		return err
	}
	for _, l := range strings.Split(out, "\n") {
		k, v, _ := strings.Cut(l, ": ")
		n, _ := strconv.ParseInt(v, 10, 64)
		switch k {
		case "size-pack":
			ri.PackedBytes = n * 1024
		case "in-pack", "count":
			ri.Objects += int(n)
		}
	}
	out, err = output(dir, "git", "for-each-ref", "--format=%(objectname) %(refname)")
	if err != nil {
		return err
	}
	refs := strings.Split(strings.TrimSpace(out), "\n")
	slices.Sort(refs)
	ri.Refs = len(refs)
	h := sha256.New()
	_, _ = io.WriteString(h, strings.Join(refs, "\n")) // hashes never fail to write
	ri.RefsDigest = hex.EncodeToString(h.Sum(nil))
	out, err = output(dir, "git", "rev-parse", "HEAD")
	if err != nil {
		return err
	}
	ri.Head = strings.TrimSpace(out)
	return nil
}
