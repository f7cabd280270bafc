package main

import (
	"math"
	"path"

	"github.com/tightlip/tightlip/bench/internal/manifest"
	"github.com/tightlip/tightlip/bench/internal/splitmix"
)

// entry is one file of the generated tree: a replayed corpus file (src) with
// planted blocks inserted (ins), or a synthetic file (syn).
type entry struct {
	dst string // slash path relative to the tree root
	src *srcFile
	syn *synth
	ins []insertion
}

// insertion puts blk before line at (0-based) of the original file;
// at == number of lines appends.
type insertion struct {
	at  int
	seq int
	blk block
}

// block is a run of lines; marks say which of them carry a manifest item.
type block struct {
	lines []string
	marks []mark
}

type mark struct {
	off  int
	item *manifest.Planted
}

// synth is a file the generator writes itself (.env, .properties, scripts,
// key files …): header, the planted blocks, footer.
type synth struct {
	header []string
	blocks []block
	footer []string
	names  map[string]bool // identifiers already declared (JS)
}

var (
	orgs = []string{"acme", "globex", "initech", "umbrella", "hooli", "wonka", "stark", "wayne", "tyrell", "cyberdyne",
		"soylent", "oscorp", "aperture", "blackmesa", "vandelay", "pied-piper", "dunder", "gringotts", "monarch", "massive-dynamic"}
	adjectives = []string{"swift", "quiet", "amber", "cobalt", "brisk", "lunar", "solar", "rapid", "silent", "golden",
		"crimson", "nimble", "steady", "bright", "hidden", "polar", "urban", "vivid", "frozen", "gentle"}
	nouns = []string{"billing", "ledger", "gateway", "catalog", "payments", "search", "inventory", "auth", "notify", "reports",
		"checkout", "profile", "scheduler", "metrics", "ingest", "export", "postback", "offers", "affiliates", "webhooks"}
	suffixes = []string{"svc", "api", "worker", "web", "cli", "lib", "sdk", "service", "app", "tools"}
)

type project struct {
	root string // "org/name"
	name string
}

type plan struct {
	entries  []*entry
	byDst    map[string]*entry
	projects []*project
	bytes    int64 // sizes of the replayed files (before planting)
	passes   int   // how many times the corpus was walked through
}

func (p *plan) add(e *entry) bool {
	if p.byDst[e.dst] != nil {
		return false
	}
	p.byDst[e.dst] = e
	p.entries = append(p.entries, e)
	if e.src != nil {
		p.bytes += e.src.size
	}
	return true
}

// layout cuts the corpus into projects until target bytes are planned.
// Units are taken in a seeded order and split into consecutive slices of a
// random size; when every unit is used the corpus is replayed again under
// new project names.
func layout(c *srcSet, target int64, r *splitmix.Rand) *plan {
	p := &plan{byDst: map[string]*entry{}}
	used := map[string]bool{}
	small := func(kind string) []srcFile {
		var out []srcFile
		for _, f := range c.pools[kind] {
			if f.size <= 64<<10 {
				out = append(out, f)
			}
		}
		return out
	}
	cfg := map[string][]srcFile{"yaml": small("yaml"), "json": small("json"), "toml": small("toml"), "md": small("md"), "js": small("js")}

	newProject := func() *project {
		for i := 0; ; i++ {
			name := r.Pick(adjectives) + "-" + r.Pick(nouns) + "-" + r.Pick(suffixes)
			root := r.Pick(orgs) + "/" + name
			if i > 20 {
				root += "-" + itoa(i)
			}
			if !used[root] {
				used[root] = true
				pr := &project{root: root, name: name}
				p.projects = append(p.projects, pr)
				return pr
			}
		}
	}
	extras := func(pr *project) {
		if md := cfg["md"]; len(md) > 0 && p.byDst[pr.root+"/README.md"] == nil && r.Chance(0.8) {
			f := md[r.Intn(len(md))]
			p.add(&entry{dst: pr.root + "/README.md", src: &f})
		}
		for n := r.Intn(4); n > 0; n-- {
			kind := r.Pick([]string{"yaml", "yaml", "json", "toml"})
			pool := cfg[kind]
			if len(pool) == 0 {
				continue
			}
			f := pool[r.Intn(len(pool))]
			dirs := []string{"config", "deploy", "configs"}
			if kind == "yaml" {
				dirs = append(dirs, ".github/workflows", "charts/"+pr.name)
			}
			p.add(&entry{dst: pr.root + "/" + r.Pick(dirs) + "/" + path.Base(f.rel), src: &f})
		}
		if js := cfg["js"]; len(js) > 0 && r.Chance(0.25) {
			for n := 1 + r.Intn(3); n > 0; n-- {
				f := js[r.Intn(len(js))]
				p.add(&entry{dst: pr.root + "/web/src/" + path.Base(f.rel), src: &f})
			}
		}
	}

	if c.bytes == 0 {
		return p
	}
	order := make([]*unit, len(c.units))
	for p.bytes < target {
		copy(order, c.units)
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		p.passes++
		for _, u := range order {
			for i := 0; i < len(u.files) && p.bytes < target; {
				pr := newProject()
				want := int64(math.Exp(math.Log(100e3) + r.Float64()*(math.Log(8e6)-math.Log(100e3))))
				var got int64
				for ; i < len(u.files) && (got < want || got == 0); i++ {
					f := u.files[i]
					p.add(&entry{dst: pr.root + "/" + f.rel, src: &u.files[i]})
					got += f.size
				}
				extras(pr)
			}
			if p.bytes >= target {
				break
			}
		}
	}
	return p
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}
