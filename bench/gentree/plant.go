package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/tightlip/tightlip/bench/internal/fakesecret"
	"github.com/tightlip/tightlip/bench/internal/manifest"
	"github.com/tightlip/tightlip/bench/internal/splitmix"
)

const negComment = "tightlip bench: placeholder, not a secret"

// notPlantable matches paths gitleaks' default global allowlist skips (or
// that look like it), so nothing is planted where gitleaks cannot see it.
var notPlantable = regexp.MustCompile(`(?i)(?:^|/)(?:vendor|node_modules|bower_components)/|(?:^|/)go\.(?:mod|sum|work)|(?:^|/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|yarn\.lock|deno\.lock|javascript\.json)$|(?:^|/)(?:angular|bootstrap|jquery|plotly|swagger-?ui)[^/]*\.js|(?:^|/)v?env/lib|(?:^|/)virtualenv/|\.dist-info/|gitleaks\.toml`)

type planter struct {
	r        *splitmix.Rand
	p        *plan
	byKind   map[string][]*entry
	lines    map[*entry][]string
	secrets  []*manifest.Planted
	negs     []*manifest.Planted
	seq      int
	pemCount int
}

func newPlanter(p *plan, r *splitmix.Rand) *planter {
	pl := &planter{r: r, p: p, byKind: map[string][]*entry{}, lines: map[*entry][]string{}}
	for _, e := range p.entries {
		if e.src == nil || notPlantable.MatchString(e.dst) {
			continue
		}
		k := e.src.kind
		switch k {
		case "go", "yaml", "json", "toml", "md":
			pl.byKind[k] = append(pl.byKind[k], e)
		}
	}
	return pl
}

// fileLines returns the original lines of a replayed file (without "\n").
func (pl *planter) fileLines(e *entry) []string {
	if l, ok := pl.lines[e]; ok {
		return l
	}
	data, err := os.ReadFile(e.src.abs)
	if err != nil {
		data = nil
	}
	l := splitLines(string(data))
	for i := range l {
		l[i] = strings.TrimSuffix(l[i], "\n")
	}
	pl.lines[e] = l
	return l
}

func splitLines(s string) []string {
	l := strings.SplitAfter(s, "\n")
	if len(l) > 0 && l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}

var (
	yamlTopKey = regexp.MustCompile(`^[A-Za-z_][\w.-]*:(?:\s|$)`)
)

// position picks where a block goes in an existing file of the given kind;
// ok is false when the file has no good place.
func (pl *planter) position(kind string, lines []string) (at int, indent string, ok bool) {
	var cand []int
	switch kind {
	case "go":
		for i := 1; i < len(lines); i++ {
			if strings.HasPrefix(lines[i], "func ") && strings.TrimSpace(lines[i-1]) == "" {
				cand = append(cand, i)
			}
		}
		if len(cand) == 0 {
			return len(lines), "", hasPackage(lines)
		}
	case "yaml":
		for i := range lines {
			if yamlTopKey.MatchString(lines[i]) {
				cand = append(cand, i)
			}
		}
	case "json":
		if len(lines) > 2 && strings.TrimSpace(lines[0]) == "{" && strings.HasPrefix(strings.TrimSpace(lines[1]), `"`) {
			ind := lines[1][:len(lines[1])-len(strings.TrimLeft(lines[1], " \t"))]
			return 1, ind, true
		}
		return 0, "", false
	case "toml":
		for i := range lines {
			if strings.HasPrefix(lines[i], "[") {
				return i, "", true
			}
		}
		return len(lines), "", true
	case "md":
		fence := false
		for i := 1; i < len(lines); i++ {
			if strings.HasPrefix(strings.TrimSpace(lines[i-1]), "```") {
				fence = !fence
			}
			if !fence && strings.TrimSpace(lines[i-1]) == "" {
				cand = append(cand, i)
			}
		}
	}
	if len(cand) == 0 {
		return 0, "", false
	}
	return cand[pl.r.Intn(len(cand))], "", true
}

func hasPackage(lines []string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, "package ") {
			return true
		}
	}
	return false
}

// insertExisting puts blk into a random suitable file of kind; false if
// none was found.
func (pl *planter) insertExisting(kind string, build func(indent string) block) (*entry, bool) {
	cands := pl.byKind[kind]
	if len(cands) == 0 {
		return nil, false
	}
	for try := 0; try < 30; try++ {
		e := cands[pl.r.Intn(len(cands))]
		lines := pl.fileLines(e)
		at, indent, ok := pl.position(kind, lines)
		if !ok {
			continue
		}
		blk := build(indent)
		if at == len(lines) && len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) != "" {
			blk.lines = append([]string{""}, blk.lines...)
			for i := range blk.marks {
				blk.marks[i].off++
			}
		}
		pl.seq++
		e.ins = append(e.ins, insertion{at: at, seq: pl.seq, blk: blk})
		for _, m := range blk.marks {
			m.item.File = e.dst
		}
		return e, true
	}
	return nil, false
}

// synthetic files, by context: candidate paths, header and footer.
type synthKind struct {
	paths  []string
	header func(name string) []string
	footer []string
}

var synthKinds = map[string]synthKind{
	"dotenv": {paths: []string{".env", ".env.production", "deploy/.env.staging", "config/.env.local"},
		header: func(n string) []string {
			return []string{"# " + n + " environment", "APP_ENV=production", "LOG_LEVEL=info", "PORT=8080", ""}
		}},
	"properties": {paths: []string{"src/main/resources/application.properties", "config/application-prod.properties"},
		header: func(n string) []string {
			return []string{"# " + n, "server.port=8080", "spring.application.name=" + n, "logging.level.root=INFO", ""}
		}},
	"shell": {paths: []string{"scripts/deploy.sh", "scripts/smoke-test.sh", "hack/release.sh"},
		header: func(n string) []string {
			return []string{"#!/usr/bin/env bash", "# " + n + " helper script", "set -euo pipefail", ""}
		},
		footer: []string{`echo "done"`}},
	"python": {paths: []string{"settings.py", "app/settings/production.py"},
		header: func(n string) []string {
			return []string{`"""Production settings for ` + n + `."""`, "", "import os", "", "DEBUG = False", `ALLOWED_HOSTS = ["` + n + `.internal"]`, ""}
		}},
	"compose": {paths: []string{"docker-compose.yml", "deploy/docker-compose.prod.yaml"},
		header: func(n string) []string {
			return []string{"services:", "  app:", "    image: " + n + ":latest", "    ports:", `      - "8080:8080"`, "    environment:", "      APP_ENV: production"}
		}},
	"js": {paths: []string{"web/src/api/client.js", "web/src/lib/http.ts", "frontend/src/config.js"},
		header: func(n string) []string {
			return []string{"// HTTP client configuration for " + n, "", `const BASE_URL = "https://api.` + n + `.internal";`, ""}
		},
		footer: []string{"export default BASE_URL;"}},
	"pem": {paths: []string{"certs/server.key", "config/keys/deploy_key.pem", ".ssh/id_rsa", "secrets/tls.key"},
		header: func(string) []string { return nil }},
}

// synthFile returns a synthetic file of kind in a random project, creating
// it when needed. PEM files hold one key each.
func (pl *planter) synthFile(kind string) *entry {
	sk := synthKinds[kind]
	for try := 0; ; try++ {
		pr := pl.p.projects[pl.r.Intn(len(pl.p.projects))]
		rel := sk.paths[pl.r.Intn(len(sk.paths))]
		if kind == "pem" {
			pl.pemCount++
			if try > 0 || pl.r.Chance(0.5) {
				dot := strings.LastIndex(rel, ".")
				if dot <= strings.LastIndex(rel, "/")+1 {
					dot = len(rel)
				}
				rel = rel[:dot] + "-" + itoa(pl.pemCount) + rel[dot:]
			}
		}
		dst := pr.root + "/" + rel
		e := pl.p.byDst[dst]
		if e == nil {
			e = &entry{dst: dst, syn: &synth{header: sk.header(pr.name), footer: sk.footer, names: map[string]bool{}}}
			pl.p.add(e)
			return e
		}
		if e.syn != nil && kind != "pem" {
			return e
		}
		if try > 50 {
			panic("gentree: cannot place a synthetic file")
		}
	}
}

func (pl *planter) appendSynth(kind string, blk block) {
	e := pl.synthFile(kind)
	e.syn.blocks = append(e.syn.blocks, blk)
	for _, m := range blk.marks {
		m.item.File = e.dst
	}
}

// plantSecret places one fake secret for rule sr in a random context.
func (pl *planter) plantSecret(id int, sr *fakesecret.Rule) {
	r := pl.r
	v := sr.Generate(r)
	nm := sr.Names[r.Intn(len(sr.Names))]
	it := &manifest.Planted{ID: id, RuleID: sr.ID, Secret: v}
	pl.secrets = append(pl.secrets, it)

	var ctxs []string
	switch {
	case sr.PEM:
		ctxs = []string{"pem-file", "pem-file", "go-raw-string", "yaml-block"}
	default:
		ctxs = []string{"go-const", "yaml", "json", "toml", "dotenv", "dotenv", "properties", "python", "compose", "js-const", "shell-export", "markdown"}
		if sr.Header != "" {
			ctxs = append(ctxs, "go-headers", "js-headers", "shell-curl", "shell-curl", "markdown-curl")
		}
	}
	ctx := ctxs[r.Intn(len(ctxs))]
	it.Context = ctx
	hv := ""
	if sr.Header != "" {
		hv = fmt.Sprintf(sr.HeaderFmt, v)
	}
	one := func(lines ...string) block {
		// lines[0] is the comment, lines[1] carries the value.
		return block{lines: lines, marks: []mark{{off: 1, item: it}}}
	}
	goName := nm.Camel() + itoa(id)
	var ok bool
	switch ctx {
	case "go-const":
		_, ok = pl.insertExisting("go", func(string) block {
			return one("// "+fakesecret.Comment, "const "+goName+" = \""+v+"\"", "")
		})
	case "go-headers":
		_, ok = pl.insertExisting("go", func(string) block {
			return block{lines: []string{"// " + fakesecret.Comment, "var " + nm.Camel() + "Headers" + itoa(id) + " = map[string]string{",
				"\t\"" + sr.Header + "\": \"" + hv + "\",", "}", ""}, marks: []mark{{off: 2, item: it}}}
		})
	case "go-raw-string":
		_, ok = pl.insertExisting("go", func(string) block {
			pem := strings.Split(v, "\n")
			lines := []string{"// " + fakesecret.Comment, "const " + goName + " = `" + pem[0]}
			lines = append(lines, pem[1:]...)
			lines[len(lines)-1] += "`"
			lines = append(lines, "")
			return block{lines: lines, marks: []mark{{off: 1, item: it}}}
		})
	case "yaml-block":
		_, ok = pl.insertExisting("yaml", func(string) block {
			pem := strings.Split(v, "\n")
			it.Secret = strings.Join(pem, "\n  ") // the value as it appears in the file
			lines := []string{"# " + fakesecret.Comment, nm.Snake() + ": |"}
			for _, l := range pem {
				lines = append(lines, "  "+l)
			}
			return block{lines: lines, marks: []mark{{off: 2, item: it}}}
		})
	case "yaml":
		q := `"`
		if r.Chance(0.5) {
			q = ""
		}
		_, ok = pl.insertExisting("yaml", func(string) block {
			return one("# "+fakesecret.Comment, nm.Snake()+": "+q+v+q)
		})
	case "json":
		_, ok = pl.insertExisting("json", func(indent string) block {
			return block{lines: []string{indent + `"` + nm.Camel() + `": "` + v + `",`}, marks: []mark{{off: 0, item: it}}}
		})
	case "toml":
		_, ok = pl.insertExisting("toml", func(string) block {
			return one("# "+fakesecret.Comment, nm.Snake()+` = "`+v+`"`, "")
		})
	case "markdown", "markdown-curl":
		_, ok = pl.insertExisting("md", func(string) block {
			cmd := `export ` + nm.UpperSnake() + `="` + v + `"`
			if ctx == "markdown-curl" {
				cmd = `curl -sS -H "` + sr.Header + `: ` + hv + `" ` + sr.URL
			}
			return block{lines: []string{"```sh", "# " + fakesecret.Comment, cmd, "```", ""}, marks: []mark{{off: 2, item: it}}}
		})
	}
	if ok {
		return
	}
	// Synthetic contexts, and existing-file contexts that found no file.
	switch {
	case sr.PEM:
		it.Secret = v
		it.Context = "pem-file"
		pl.appendSynth("pem", one(append([]string{"# " + fakesecret.Comment}, strings.Split(v, "\n")...)...))
	case ctx == "js-headers":
		e := pl.synthFile("js")
		name := nm.Camel() + "Headers"
		for n := 2; e.syn.names[name]; n++ {
			name = nm.Camel() + "Headers" + itoa(n)
		}
		e.syn.names[name] = true
		e.syn.blocks = append(e.syn.blocks, block{lines: []string{"// " + fakesecret.Comment, "export const " + name + " = {",
			`  "` + sr.Header + `": "` + hv + `",`, `  "Content-Type": "application/json",`, "};", ""},
			marks: []mark{{off: 2, item: it}}})
		it.File = e.dst
	case ctx == "shell-curl" || ctx == "markdown-curl" || ctx == "go-headers":
		it.Context = "shell-curl"
		pl.appendSynth("shell", block{lines: []string{"# " + fakesecret.Comment, `curl -fsS -H "` + sr.Header + `: ` + hv + `" \`, "  " + sr.URL, ""},
			marks: []mark{{off: 1, item: it}}})
	default:
		switch ctx {
		case "dotenv", "properties", "python", "compose", "js-const", "shell-export":
		default:
			ctx = "dotenv"
			it.Context = ctx
		}
		pl.appendSynth(synthOf(ctx), pl.assignBlock(ctx, nm, v, it, fakesecret.Comment, false))
	}
}

func synthOf(ctx string) string {
	switch ctx {
	case "js-const":
		return "js"
	case "shell-export":
		return "shell"
	}
	return ctx
}

// assignBlock renders "name = value" in the syntax of a synthetic context.
func (pl *planter) assignBlock(ctx string, nm fakesecret.Name, v string, it *manifest.Planted, comment string, quote bool) block {
	var c, line string
	switch ctx {
	case "dotenv":
		if quote || pl.r.Chance(0.3) {
			v = `"` + v + `"`
		}
		c, line = "# "+comment, nm.UpperSnake()+"="+v
	case "properties":
		c, line = "# "+comment, nm.Dotted()+"="+v
	case "python":
		c, line = "# "+comment, nm.UpperSnake()+` = "`+v+`"`
	case "compose":
		c, line = "      # "+comment, "      "+nm.UpperSnake()+`: "`+v+`"`
	case "shell-export":
		c, line = "# "+comment, "export "+nm.UpperSnake()+`="`+v+`"`
	case "js-const":
		c, line = "// "+comment, "export const "+nm.Camel()+itoa(it.ID)+` = "`+v+`";`
	case "yaml":
		c, line = "# "+comment, nm.Snake()+`: "`+v+`"`
	case "toml":
		c, line = "# "+comment, nm.Snake()+` = "`+v+`"`
	}
	return block{lines: []string{c, line}, marks: []mark{{off: 1, item: it}}}
}

// plantNegative places a placeholder that must not be reported.
func (pl *planter) plantNegative(id int) {
	r := pl.r
	n := fakesecret.Negatives[r.Intn(len(fakesecret.Negatives))]
	it := &manifest.Planted{ID: id, Kind: "placeholder", Value: n.Value}
	pl.negs = append(pl.negs, it)
	ctxs := []string{"dotenv", "properties", "python", "compose", "js-const", "yaml", "toml"}
	ctx := ctxs[r.Intn(len(ctxs))]
	it.Context = ctx
	switch ctx {
	case "yaml", "toml":
		if _, ok := pl.insertExisting(ctx, func(string) block {
			b := pl.assignBlock(ctx, n.Name, n.Value, it, negComment, true)
			b.lines = append(b.lines, "")
			return b
		}); ok {
			return
		}
		ctx = "dotenv"
		it.Context = ctx
	}
	pl.appendSynth(synthOf(ctx), pl.assignBlock(ctx, n.Name, n.Value, it, negComment, true))
}
