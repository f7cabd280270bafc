package main

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
)

// edit changes a few lines of n files, most of them large ones, and
// returns the commit subject.
func (s *sim) edit(n int) string {
	if s.r.Chance(0.004) && len(s.hot) > 0 {
		// The project's attention moves: a hot file cools down, another
		// large file heats up.
		i := s.r.Intn(len(s.hot))
		s.hot[i].hot = false
		s.hot = append(s.hot[:i], s.hot[i+1:]...)
		if f := s.pickLarge(); f != nil {
			s.makeHot(f)
		}
	}
	var first *file
	for range n {
		f := s.pickEditTarget()
		if f == nil {
			continue
		}
		s.editFile(f, s.r.Geometric(0.6, 4))
		if first == nil {
			first = f
		}
		s.stats.FileEdits++
	}
	if first == nil {
		return "Empty commit"
	}
	area := path.Base(path.Dir(first.path))
	base := strings.TrimSuffix(path.Base(first.path), path.Ext(first.path))
	return fmt.Sprintf("%s: %s %s", area, verbs[s.r.Intn(len(verbs))], base)
}

var verbs = []string{"fix", "update", "simplify", "refactor", "handle errors in", "document", "tidy",
	"speed up", "add a case to", "rename fields in", "clean up", "correct a typo in", "extend"}

// pickEditTarget chooses the file to edit: a hot file, or any file with a
// chance that grows with its size.
func (s *sim) pickEditTarget() *file {
	if len(s.hot) > 0 && s.r.Chance(s.o.hotShare) {
		return s.hot[s.r.Intn(len(s.hot))]
	}
	if len(s.files) == 0 {
		return nil
	}
	for range 256 {
		f := s.files[s.r.Intn(len(s.files))]
		if f.secretFile {
			continue
		}
		if f.size >= 64<<10 || s.r.Float64() < float64(f.size)/(64<<10) {
			return f
		}
	}
	return nil
}

// pickLarge returns a random file of at least 16 kB that is not hot.
func (s *sim) pickLarge() *file {
	for range 200 {
		f := s.files[s.r.Intn(len(s.files))]
		if f.size >= 16_000 && !f.hot {
			return f
		}
	}
	return nil
}

// splitLines splits data after each newline; the last line may lack one.
func splitLines(data []byte) [][]byte {
	var out [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, data)
			break
		}
		out = append(out, data[:i+1])
		data = data[i+1:]
	}
	return out
}

// protected returns the line ranges [from, to) of f's planted secrets,
// which edits leave alone so that each secret stays exactly as planted
// until it is removed.
func protected(f *file, data []byte) [][2]int {
	var out [][2]int
	for _, p := range f.live {
		at := bytes.Index(data, []byte(p.block))
		if at < 0 {
			fail(fmt.Errorf("planted block of secret %d lost from %s", p.ID, f.path))
		}
		from := bytes.Count(data[:at], []byte{'\n'})
		out = append(out, [2]int{from, from + strings.Count(p.block, "\n")})
	}
	return out
}

// editFile applies hunks small edits to f: lines replaced, inserted,
// deleted or a token changed, with lines taken from real files of the
// same kind.
func (s *sim) editFile(f *file, hunks int) {
	data := f.content()
	lines := splitLines(data)
	if len(lines) > 0 && !bytes.HasSuffix(lines[len(lines)-1], []byte{'\n'}) {
		lines[len(lines)-1] = append(bytes.Clone(lines[len(lines)-1]), '\n')
	}
	prot := protected(f, data)
	free := func(from, to int) bool { // may lines [from, to) change?
		for _, p := range prot {
			if from < p[1] && to > p[0] {
				return false
			}
		}
		return true
	}
	insertable := func(at int) bool {
		for _, p := range prot {
			if at > p[0] && at < p[1] {
				return false
			}
		}
		return true
	}
	shift := func(at, delta int) {
		for i := range prot {
			if prot[i][0] >= at {
				prot[i][0] += delta
				prot[i][1] += delta
			}
		}
	}
	grown := float64(len(lines)) > 1.25*float64(f.lines0)
	changed := false
	for try := 0; try < 4*hunks && hunks > 0; try++ {
		x := s.r.Float64()
		if grown && x >= 0.35 && x < 0.55 {
			x = 0.6 // insert → delete
		}
		switch {
		case x < 0.35 && len(lines) > 0: // replace 1-3 lines
			n := min(len(lines), s.r.Between(1, 3))
			at := s.r.Intn(len(lines) - n + 1)
			if !free(at, at+n) {
				continue
			}
			repl := s.donorLines(f.kind, s.r.Between(max(1, n-1), n+1))
			lines = append(lines[:at], append(repl, lines[at+n:]...)...)
			shift(at+n, len(repl)-n)
		case x < 0.55: // insert 1-12 lines, sometimes a whole new block
			n := s.r.Between(1, 12)
			if s.r.Chance(0.1) {
				n = s.r.Between(20, 80)
			}
			at := s.r.Intn(len(lines) + 1)
			if !insertable(at) {
				continue
			}
			ins := s.donorLines(f.kind, n)
			lines = append(lines[:at], append(ins, lines[at:]...)...)
			shift(at, len(ins))
		case x < 0.72 && len(lines) > 4: // delete 1-8 lines, sometimes more
			n := s.r.Between(1, 8)
			if s.r.Chance(0.1) {
				n = s.r.Between(10, 40)
			}
			n = min(n, len(lines)/4)
			at := s.r.Intn(len(lines) - n + 1)
			if n == 0 || !free(at, at+n) {
				continue
			}
			lines = append(lines[:at], lines[at+n:]...)
			shift(at, -n)
		case len(lines) > 0: // change one token of a line
			at := s.r.Intn(len(lines))
			if !free(at, at+1) {
				continue
			}
			nl, ok := s.tweak(lines[at], f.kind)
			if !ok {
				continue
			}
			lines[at] = nl
		default:
			continue
		}
		changed = true
		hunks--
	}
	if !changed {
		lines = append(lines, s.donorLines(f.kind, 1)...)
	}
	s.setContent(f, "", bytes.Join(lines, nil))
}

var tokenRE = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]{2,}|[0-9]+`)

// tweak changes one identifier or number in line.
func (s *sim) tweak(line []byte, kind string) ([]byte, bool) {
	locs := tokenRE.FindAllIndex(line, -1)
	if len(locs) == 0 {
		return nil, false
	}
	l := locs[s.r.Intn(len(locs))]
	var repl []byte
	if line[l[0]] >= '0' && line[l[0]] <= '9' {
		repl = []byte(itoa(s.r.Intn(10000)))
	} else {
		for range 8 {
			d := s.donorLines(kind, 1)[0]
			if m := tokenRE.FindAll(d, -1); len(m) > 0 {
				if t := m[s.r.Intn(len(m))]; t[0] > '9' {
					repl = t
					break
				}
			}
		}
		if repl == nil {
			return nil, false
		}
	}
	out := make([]byte, 0, len(line)+len(repl))
	out = append(out, line[:l[0]]...)
	out = append(out, repl...)
	return append(out, line[l[1]:]...), true
}

// donor returns a random corpus file of kind (Go when there is none).
func (s *sim) donor(kind string) srcFile {
	pool := s.c.byKind[kind]
	if len(pool) == 0 {
		pool = s.c.byKind["go"]
	}
	return pool[s.r.Intn(len(pool))]
}

// donorText reads a corpus file, through a small cache.
func (s *sim) donorText(f srcFile) [][]byte {
	if l, ok := s.donorCache[f.abs]; ok {
		return l
	}
	data, err := os.ReadFile(f.abs)
	if err != nil {
		fail(err)
	}
	l := splitLines(data)
	if len(l) > 0 && !bytes.HasSuffix(l[len(l)-1], []byte{'\n'}) {
		l[len(l)-1] = append(bytes.Clone(l[len(l)-1]), '\n')
	}
	if len(s.donorCache) >= 256 {
		clear(s.donorCache)
	}
	s.donorCache[f.abs] = l
	return l
}

// donorLines returns n consecutive lines of a random real file of kind.
func (s *sim) donorLines(kind string, n int) [][]byte {
	for range 8 {
		l := s.donorText(s.donor(kind))
		if len(l) == 0 {
			continue
		}
		at := s.r.Intn(len(l))
		out := make([][]byte, 0, n)
		for i := at; i < len(l) && len(out) < n; i++ {
			out = append(out, l[i])
		}
		return out
	}
	return [][]byte{[]byte("\n")}
}

// compose writes a new file of kind for a package named pkg, the size of
// a real file, from pieces of real files: Go functions and types, Markdown
// sections, YAML documents; a JSON file is a real one with values changed.
func (s *sim) compose(kind, pkg string, like srcFile) []byte {
	target := min(max(like.size, 1500), 160_000)
	var b bytes.Buffer
	switch kind {
	case "go":
		name := strings.NewReplacer("-", "", ".", "").Replace(pkg)
		if name == "server" && s.r.Chance(0.3) {
			name = "main"
		}
		fmt.Fprintf(&b, "// Code in package %s.\n\npackage %s\n\n", name, name)
		for b.Len() < target {
			s.piece(&b, "go", func(l []byte) bool { return bytes.HasPrefix(l, []byte("func ")) || bytes.HasPrefix(l, []byte("type ")) },
				func(l []byte) bool { return len(l) > 0 && l[0] == '}' })
		}
	case "md":
		fmt.Fprintf(&b, "# %s\n\n", strings.ToUpper(pkg[:1])+pkg[1:])
		for b.Len() < target {
			s.piece(&b, "md", func(l []byte) bool { return bytes.HasPrefix(l, []byte("#")) }, nil)
		}
	case "yaml":
		for b.Len() < target {
			if b.Len() > 0 {
				b.WriteString("---\n")
			}
			for _, l := range s.donorLines("yaml", s.r.Between(20, 200)) {
				if !bytes.HasPrefix(l, []byte("---")) {
					b.Write(l)
				}
			}
		}
	default:
		l := s.donorText(like)
		for _, line := range l {
			if s.r.Chance(0.2) {
				if nl, ok := s.tweak(line, kind); ok {
					line = nl
				}
			}
			b.Write(line)
		}
	}
	return b.Bytes()
}

// piece appends a part of a real file of kind: from a line start accepts
// to the line end accepts (inclusive), or to the next line start accepts.
func (s *sim) piece(b *bytes.Buffer, kind string, start, end func([]byte) bool) {
	for range 16 {
		l := s.donorText(s.donor(kind))
		var starts []int
		for i, line := range l {
			if start(line) {
				starts = append(starts, i)
			}
		}
		if len(starts) == 0 {
			continue
		}
		i := starts[s.r.Intn(len(starts))]
		// Take the comment above it too.
		for i > 0 && bytes.HasPrefix(l[i-1], []byte("//")) {
			i--
		}
		j := i + 1
		for ; j < len(l) && j-i < 400; j++ {
			if end == nil && start(l[j]) {
				break
			}
			if end != nil && end(l[j]) {
				j++
				break
			}
		}
		for _, line := range l[i:j] {
			b.Write(line)
		}
		b.WriteString("\n")
		return
	}
	b.WriteString("\n")
}
