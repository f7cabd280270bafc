package main

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/bench/internal/fakesecret"
	"github.com/tightlip/tightlip/bench/internal/manifest"
)

// planted is a fake secret being planted, with what the history keeps
// track of until it is removed.
type planted struct {
	manifest.Planted
	commitIx, removedIx, dueIx int
	block                      string // the lines added, as in the file
	name                       fakesecret.Name
}

// negative is a placeholder left where a secret was removed: no scanner
// should report it.
type negative struct {
	manifest.Negative
	commitIx int
}

// planPlants spreads the plants on main over the history (the ones on
// abandoned branches come with those branches).
func (s *sim) planPlants() {
	n := s.o.secrets - s.o.abandoned/2
	for i := range n {
		s.plantAt = append(s.plantAt, int(float64(s.o.commits)*(0.02+0.88*(float64(i)+s.r.Float64())/float64(n))))
	}
}

var (
	yamlTopKey = regexp.MustCompile(`^[A-Za-z_][\w.-]*:(?:\s|$)`)
)

// plant adds one fake secret to the commit being built and returns a
// commit subject ("" when no place was found). On an abandoned branch it
// goes into an existing file only; its removal is the branch's business.
func (s *sim) plant(abandoned bool) string {
	r := s.r
	sr := &fakesecret.Rules[len(s.secrets)%len(fakesecret.Rules)]
	v := sr.Generate(r)
	nm := sr.Names[r.Intn(len(sr.Names))]
	p := &planted{Planted: manifest.Planted{ID: len(s.secrets) + 1, RuleID: sr.ID, Secret: v}, name: nm}

	var ctxs []string
	switch {
	case sr.PEM:
		ctxs = []string{"pem-file", "go-raw-string", "yaml-block"}
	default:
		ctxs = []string{"go-const", "go-const", "yaml", "json", "markdown", "dotenv", "compose", "js-const"}
		if sr.Header != "" {
			ctxs = append(ctxs, "go-headers", "markdown-curl", "shell-curl")
		}
	}
	hv := v
	if sr.Header != "" {
		hv = fmt.Sprintf(sr.HeaderFmt, v)
	}
	for try := 0; try < 10; try++ {
		ctx := ctxs[r.Intn(len(ctxs))]
		p.Context = ctx
		p.Secret = v // a yaml-block try that found no place indented it
		goName := nm.Camel() + itoa(p.ID)
		var lines []string // the block; ok when placed
		var f *file
		var at int
		fresh := false // a new file that holds the block already
		switch ctx {
		case "go-const", "go-headers", "go-raw-string":
			f, at = s.placeIn("go", func(l [][]byte, i int) bool {
				return i > 0 && bytes.HasPrefix(l[i], []byte("func ")) && len(bytes.TrimSpace(l[i-1])) == 0
			})
			switch ctx {
			case "go-const":
				lines = []string{"// " + fakesecret.Comment, "const " + goName + " = \"" + v + "\"", ""}
			case "go-headers":
				lines = []string{"// " + fakesecret.Comment, "var " + nm.Camel() + "Headers" + itoa(p.ID) + " = map[string]string{",
					"\t\"" + sr.Header + "\": \"" + hv + "\",", "}", ""}
			default:
				pem := strings.Split(v, "\n")
				lines = append([]string{"// " + fakesecret.Comment, "const " + goName + " = `" + pem[0]}, pem[1:]...)
				lines[len(lines)-1] += "`"
				lines = append(lines, "")
			}
		case "yaml", "yaml-block":
			f, at = s.placeIn("yaml", func(l [][]byte, i int) bool { return yamlTopKey.Match(l[i]) })
			if ctx == "yaml" {
				lines = []string{"# " + fakesecret.Comment, nm.Snake() + ": " + v}
			} else {
				pem := strings.Split(v, "\n")
				p.Secret = strings.Join(pem, "\n  ")
				lines = []string{"# " + fakesecret.Comment, nm.Snake() + ": |"}
				for _, l := range pem {
					lines = append(lines, "  "+l)
				}
			}
		case "json":
			f, at = s.placeIn("json", func(l [][]byte, i int) bool {
				return i == 1 && len(l) > 2 && string(bytes.TrimSpace(l[0])) == "{" && bytes.HasPrefix(bytes.TrimSpace(l[1]), []byte(`"`))
			})
			if f != nil {
				l1 := f.content()
				l1 = l1[bytes.IndexByte(l1, '\n')+1:]
				indent := string(l1[:len(l1)-len(bytes.TrimLeft(l1, " \t"))])
				lines = []string{indent + `"` + nm.Camel() + `": "` + v + `",`}
			}
		case "markdown", "markdown-curl":
			f, at = s.placeIn("md", func(l [][]byte, i int) bool {
				return i > 0 && len(bytes.TrimSpace(l[i-1])) == 0 && !bytes.HasPrefix(l[i], []byte("    ")) && !inFence(l, i)
			})
			cmd := `export ` + nm.UpperSnake() + `="` + v + `"`
			if ctx == "markdown-curl" {
				cmd = `curl -sS -H "` + sr.Header + `: ` + hv + `" ` + sr.URL
			}
			lines = []string{"```sh", "# " + fakesecret.Comment, cmd, "```", ""}
		default:
			if abandoned {
				continue
			}
			f, lines = s.newSecretFile(ctx, p, v, hv, sr)
			fresh = true
		}
		if f == nil {
			continue
		}
		p.File = f.path
		p.block = strings.Join(lines, "\n") + "\n"
		if !fresh {
			data := f.content()
			ls := splitLines(data)
			ins := []byte(p.block)
			var out []byte
			for i, l := range ls {
				if i == at {
					out = append(out, ins...)
				}
				out = append(out, l...)
			}
			if at >= len(ls) {
				out = append(out, ins...)
			}
			s.setContent(f, "", out)
		}
		f.live = append(f.live, p)
		s.secrets = append(s.secrets, p)
		s.plantedNow = append(s.plantedNow, p)
		if !abandoned {
			// Most leaks are noticed soon, some after months.
			n := s.o.commits
			gap := r.Between(1, 40)
			switch x := r.Float64(); {
			case x < 0.45:
			case x < 0.85:
				gap = r.Between(40, max(41, n/25))
			default:
				gap = r.Between(max(41, n/25), max(42, n/5))
			}
			p.dueIx = min(s.n+gap, s.o.commits*97/100)
			s.due = append(s.due, p)
		}
		return plantSubjects[r.Intn(len(plantSubjects))] + " " + path.Base(path.Dir(f.path))
	}
	return ""
}

var plantSubjects = []string{"Configure client for", "Wire up credentials in", "Add settings for", "WIP: staging config for",
	"Make it work on", "Quick fix for", "Hook up the API in"}

// inFence reports whether line i of a Markdown file is inside a code
// fence.
func inFence(l [][]byte, i int) bool {
	fence := false
	for _, line := range l[:i] {
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("```")) {
			fence = !fence
		}
	}
	return fence
}

// placeIn picks a file of kind (a hot one half the time) and a line where
// ok holds; nil when none was found.
func (s *sim) placeIn(kind string, ok func(l [][]byte, i int) bool) (*file, int) {
	for try := 0; try < 60; try++ {
		var f *file
		if try < 20 && len(s.hot) > 0 && s.r.Chance(0.5) {
			f = s.hot[s.r.Intn(len(s.hot))]
		} else {
			f = s.files[s.r.Intn(len(s.files))]
		}
		if f.kind != kind || notPlantable.MatchString(f.path) {
			continue
		}
		data := f.content()
		l := splitLines(data)
		prot := protected(f, data)
		var cands []int
		for i := range l {
			if ok(l, i) && !slicesInside(prot, i) {
				cands = append(cands, i)
			}
		}
		if len(cands) == 0 {
			continue
		}
		return f, cands[s.r.Intn(len(cands))]
	}
	return nil, 0
}

func slicesInside(prot [][2]int, at int) bool {
	for _, p := range prot {
		if at > p[0] && at < p[1] {
			return true
		}
	}
	return false
}

// notPlantable matches paths gitleaks' global allowlist skips.
var notPlantable = regexp.MustCompile(`(?i)(?:^|/)(?:vendor|node_modules)/|(?:^|/)go\.(?:mod|sum|work)|package-lock\.json$|gitleaks\.toml`)

// newSecretFile creates a small file holding the secret, in the directory
// of a project: the files secrets leak in.
func (s *sim) newSecretFile(ctx string, p *planted, v, hv string, sr *fakesecret.Rule) (*file, []string) {
	var dir string
	if len(s.projects) > 0 && s.r.Chance(0.8) {
		dir = s.projects[s.r.Intn(len(s.projects))]
	} else {
		dir = path.Dir(s.files[s.r.Intn(len(s.files))].path)
	}
	nm := p.name
	var name string
	var head, lines, tail []string
	switch ctx {
	case "dotenv":
		name = s.r.Pick([]string{".env", ".env.production", ".env.staging", "deploy/.env.local"})
		head = []string{"# " + path.Base(dir) + " environment", "APP_ENV=production", "LOG_LEVEL=info", "PORT=8080", ""}
		lines = []string{"# " + fakesecret.Comment, nm.UpperSnake() + "=" + v}
	case "compose":
		name = s.r.Pick([]string{"docker-compose.yml", "deploy/docker-compose.prod.yaml"})
		head = []string{"services:", "  app:", "    image: " + path.Base(dir) + ":latest", "    ports:", `      - "8080:8080"`, "    environment:", "      APP_ENV: production"}
		lines = []string{"      # " + fakesecret.Comment, "      " + nm.UpperSnake() + `: "` + v + `"`}
	case "js-const":
		name = s.r.Pick([]string{"web/src/api/client.js", "web/src/config.ts"})
		head = []string{"// HTTP client configuration", "", `const BASE_URL = "https://api.` + path.Base(dir) + `.internal";`, ""}
		lines = []string{"// " + fakesecret.Comment, "export const " + nm.Camel() + itoa(p.ID) + ` = "` + v + `";`}
		tail = []string{"", "export default BASE_URL;"}
	case "shell-curl":
		name = s.r.Pick([]string{"scripts/smoke-test.sh", "hack/call-api.sh"})
		head = []string{"#!/usr/bin/env bash", "set -euo pipefail", ""}
		lines = []string{"# " + fakesecret.Comment, `curl -fsS -H "` + sr.Header + `: ` + hv + `" \`, "  " + sr.URL}
		tail = []string{`echo "done"`}
	case "pem-file":
		name = s.r.Pick([]string{"certs/server.key", "config/keys/deploy_key.pem", ".ssh/id_rsa", "secrets/tls.key"})
		lines = append([]string{"# " + fakesecret.Comment}, strings.Split(v, "\n")...)
	default:
		return nil, nil
	}
	fp := dir + "/" + name
	for i := 2; s.byPath[fp] != nil || s.deleted[fp]; i++ {
		ext := path.Ext(name)
		if strings.HasPrefix(path.Base(name), ".env") {
			ext = ""
		}
		fp = dir + "/" + strings.TrimSuffix(name, ext) + "-" + itoa(i) + ext
	}
	var all []string
	all = append(all, head...)
	all = append(all, lines...)
	all = append(all, tail...)
	kind := kindOf(name)
	if kind == "" {
		kind = "other"
	}
	f := s.addFile(fp, kind, "", []byte(strings.Join(all, "\n")+"\n"), nil)
	f.secretFile = true
	return f, lines
}

// removeDue removes the planted secrets whose time has come and returns a
// commit subject ("" when there were none).
func (s *sim) removeDue() string {
	subject := ""
	keep := s.due[:0]
	for _, p := range s.due {
		if p.dueIx <= s.n && p.commitIx < s.n {
			if m := s.unplant(p); subject == "" {
				subject = m
			}
			continue
		}
		keep = append(keep, p)
	}
	s.due = keep
	return subject
}

// unplant removes a planted secret: its lines go, or a placeholder takes
// its place, or its file goes.
func (s *sim) unplant(p *planted) string {
	f := s.byPath[p.File]
	if f == nil {
		fail(fmt.Errorf("file of planted secret %d is gone: %s", p.ID, p.File))
	}
	p.removedIx = s.n
	f.live = deleteP(f.live, p)
	upper := p.name.UpperSnake()
	// The file goes only when it holds no other live secret (a file made
	// for one secret may have got another since) and not on an abandoned
	// branch, which only edits files. (The chance is drawn first, as it
	// was before these conditions, for the same history from the same
	// seed.)
	if f.secretFile && s.r.Chance(0.6) && len(f.live) == 0 && (s.branch == nil || !s.branch.abandoned) {
		s.removeFile(f)
		p.Removal = "file deleted"
		s.goneWith(f)
		return "Remove " + path.Base(f.path) + " from the repository"
	}
	data := f.content()
	at := bytes.Index(data, []byte(p.block))
	if at < 0 {
		fail(fmt.Errorf("planted block of secret %d lost from %s", p.ID, f.path))
	}
	repl := ""
	p.Removal = "deleted lines"
	if s.r.Chance(0.4) {
		placeholder := "${" + upper + "}"
		switch p.Context {
		case "go-const":
			repl = "var " + p.name.Camel() + itoa(p.ID) + " = os.Getenv(\"" + upper + "\")\n\n"
			placeholder = ""
		case "yaml", "compose":
			if p.Context == "compose" {
				repl = "      " + upper + ": " + placeholder + "\n"
			} else {
				repl = p.name.Snake() + ": " + placeholder + "\n"
			}
		case "dotenv":
			placeholder = "<your-" + strings.ToLower(strings.ReplaceAll(upper, "_", "-")) + ">"
			repl = upper + "=" + placeholder + "\n"
		default:
			placeholder = ""
		}
		if repl != "" {
			p.Removal = "placeholder"
			if placeholder != "" {
				s.negatives = append(s.negatives, &negative{Negative: manifest.Negative{Value: placeholder, File: f.path}, commitIx: s.n})
			}
		}
	}
	out := append(append(bytes.Clone(data[:at]), repl...), data[at+len(p.block):]...)
	s.setContent(f, "", out)
	if repl == "" {
		return "Remove hard-coded credential from " + path.Base(f.path)
	}
	return "Read " + upper + " from the environment"
}

// goneWith records that f is deleted in the commit being built: a secret
// removed from it earlier in the same commit goes with the file, and no
// placeholder is left in it.
func (s *sim) goneWith(f *file) {
	for _, q := range s.secrets {
		if q.File == f.path && q.removedIx == s.n {
			q.Removal = "file deleted"
		}
	}
	s.negatives = slices.DeleteFunc(s.negatives, func(n *negative) bool { return n.File == f.path && n.commitIx == s.n })
}

func deleteP(l []*planted, p *planted) []*planted {
	out := l[:0:0]
	for _, q := range l {
		if q != p {
			out = append(out, q)
		}
	}
	return out
}

func itoa(i int) string { return fmt.Sprint(i) }
