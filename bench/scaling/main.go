// Command scaling measures how tightlip's time and peak memory grow with
// the size of inputs that used to make a scan super-linear (issue 12):
// one long line of JWT-looking text, one of "key=" repeated, one holding
// thousands of findings, and a directory tree thousands of levels deep
// (the gitignore check alone, and a whole scan that must find the key
// planted at the bottom).
//
// Usage:
//
//	go run ./bench/scaling [-base 128KiB] [-depth 375] [-mult 1,2,4,8] [-rounds 3] [-shape NAME]
//
// Each measurement runs in a child process (this program again), so that
// its peak resident set size is its own. It prints, per shape and size,
// the median time of the rounds, its ratio to the smallest size's, and the
// largest peak RSS, and for deep-scan whether the scan was complete and
// found the planted key. Linear work shows ratios close to the multiples.
//
// It is a program, not a test: go test ./... does not run it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	childrss "github.com/tightlip/tightlip/bench/internal/rss"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/gitignore"
	"github.com/tightlip/tightlip/internal/scan"
)

// shapes are the pathological inputs; each unit is repeated on one line.
var shapes = []struct{ name, unit string }{
	{"jwt-run", "eyJhbGciOiJIUzI1NiJ9"},
	{"key=", "key="},
	{"aws-keys", ""}, // generated: distinct keys, each a finding
	{"deep-tree", ""},
	{"deep-scan", ""},
}

// deepKey is planted at the bottom of deep-scan's tree: a fake AWS key
// ID (TLFAKE), which the rules report.
const deepKey = "aws_access_key_id = AKIATLFAKE234567ABCD\n"

func main() {
	if len(os.Args) == 4 && os.Args[1] == "-one" {
		n, err := strconv.Atoi(os.Args[3])
		if err != nil {
			fail(err)
		}
		d, note, err := one(os.Args[2], n)
		if err != nil {
			fail(err)
		}
		fmt.Printf("%v\t%s\n", d.Seconds(), note)
		return
	}
	base := flag.String("base", "128KiB", "smallest line, in bytes (KiB, MiB suffixes)")
	depth := flag.Int("depth", 375, "smallest tree depth")
	mult := flag.String("mult", "1,2,4,8", "multiples of the smallest size")
	rounds := flag.Int("rounds", 3, "runs per size; the median is reported")
	only := flag.String("shape", "", "measure one shape only")
	flag.Parse()
	b, err := parseSize(*base)
	if err != nil {
		fail(err)
	}
	var ms []int
	for _, m := range strings.Split(*mult, ",") {
		n, err := strconv.Atoi(m)
		if err != nil || n < 1 {
			fail(fmt.Errorf("-mult: %q", m))
		}
		ms = append(ms, n)
	}
	exe, err := os.Executable()
	if err != nil {
		fail(err)
	}
	fmt.Printf("| shape | size | median s | ratio to %dx | peak RSS MiB | result |\n|---|---|---|---|---|---|\n", ms[0])
	for _, sh := range shapes {
		if *only != "" && sh.name != *only {
			continue
		}
		var first float64
		for _, m := range ms {
			n, label := b*m, fmt.Sprintf("%d KiB", b*m>>10)
			if strings.HasPrefix(sh.name, "deep-") {
				n, label = *depth*m, fmt.Sprintf("%d levels", *depth*m)
			}
			var times []float64
			var rss int64
			var note string
			for range *rounds {
				s, kb, nt, err := child(exe, sh.name, n)
				if err != nil {
					fail(fmt.Errorf("%s %d: %w", sh.name, n, err))
				}
				times = append(times, s)
				rss = max(rss, kb)
				note = nt
			}
			slices.Sort(times)
			med := times[len(times)/2]
			if first == 0 {
				first = med
			}
			fmt.Printf("| %s | %s (%dx) | %.3f | %.1f | %.0f | %s |\n", sh.name, label, m, med, med/first, float64(rss)/1024, note)
		}
	}
}

// child measures one shape at one size in a process of its own.
func child(exe, shape string, n int) (seconds float64, rssKB int64, note string, err error) {
	cmd := exec.Command(exe, "-one", shape, strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, "", err
	}
	secs, note, _ := strings.Cut(strings.TrimSpace(string(out)), "\t")
	seconds, err = strconv.ParseFloat(secs, 64)
	return seconds, childrss.MaxKB(cmd.ProcessState), note, err
}

// one builds the input, then times the work on it alone. note says what a
// deep-scan found.
func one(shape string, n int) (time.Duration, string, error) {
	eng, err := detect.NewDefault()
	if err != nil {
		return 0, "", err
	}
	switch shape {
	case "deep-tree":
		root, err := deepTree(n, "")
		if err != nil {
			return 0, "", err
		}
		defer os.RemoveAll(root)
		start := time.Now()
		_, err = gitignore.Check(context.Background(), root, gitignore.Options{})
		return time.Since(start), "", err
	case "deep-scan":
		root, err := deepTree(n, deepKey)
		if err != nil {
			return 0, "", err
		}
		defer os.RemoveAll(root)
		start := time.Now()
		res, err := scan.Run(context.Background(), scan.Source{Path: root}, scan.Options{Engine: eng})
		d := time.Since(start)
		if err != nil {
			return 0, "", err
		}
		return d, deepNote(res, n), nil
	}
	var content []byte
	switch shape {
	case "aws-keys":
		content = awsKeys(n)
	default:
		i := slices.IndexFunc(shapes, func(s struct{ name, unit string }) bool { return s.name == shape })
		if i < 0 {
			return 0, "", fmt.Errorf("no shape %q", shape)
		}
		content = []byte(strings.Repeat(shapes[i].unit, n/len(shapes[i].unit)))
	}
	start := time.Now()
	eng.Detect("input.txt", content)
	return time.Since(start), "", nil
}

// deepNote says whether a deep-scan was complete and found the key at the
// bottom of its depth levels, by its full path.
func deepNote(res *scan.Result, depth int) string {
	bottom := strings.Repeat("d/", depth) + "bottom.env"
	found := slices.ContainsFunc(res.Findings, func(f finding.Finding) bool { return f.File == bottom })
	note := "complete"
	if res.Summary.Incomplete {
		note = fmt.Sprintf("incomplete (%d problems)", len(res.Summary.Problems))
	}
	if found {
		return note + ", key at the bottom found"
	}
	return note + ", key at the bottom NOT found"
}

// awsKeys is one line of n bytes of distinct AWS access key IDs, fake
// (random base32 from a fixed seed), separated by spaces.
func awsKeys(n int) []byte {
	const b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	out := make([]byte, 0, n+21)
	x := uint64(1)
	for len(out) < n {
		out = append(out, "AKIA"...)
		for range 16 {
			x = x*6364136223846793005 + 1442695040888963407
			out = append(out, b32[x>>59])
		}
		out = append(out, ' ')
	}
	return out[:n]
}

// deepTree makes a chain of depth directories under a new temporary
// directory, a component at a time (the deepest paths are longer than
// the kernel takes whole), with bottom.env holding content at the
// bottom unless it is "".
func deepTree(depth int, content string) (string, error) {
	root, err := os.MkdirTemp("", "tightlip-deep-")
	if err != nil {
		return "", err
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	for range depth {
		if err := r.Mkdir("d", 0o755); err != nil {
			return "", err
		}
		next, err := r.OpenRoot("d")
		if err != nil {
			return "", err
		}
		r.Close()
		r = next
	}
	if content != "" {
		if err := r.WriteFile("bottom.env", []byte(content), 0o644); err != nil {
			return "", err
		}
	}
	r.Close()
	return root, nil
}

func parseSize(s string) (int, error) {
	mul := 1
	switch {
	case strings.HasSuffix(s, "KiB"):
		mul, s = 1<<10, strings.TrimSuffix(s, "KiB")
	case strings.HasSuffix(s, "MiB"):
		mul, s = 1<<20, strings.TrimSuffix(s, "MiB")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q", s)
	}
	return n * mul, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "scaling:", err)
	os.Exit(1)
}
