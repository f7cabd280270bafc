package main

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/bench/internal/manifest"
	"github.com/tightlip/tightlip/bench/internal/splitmix"
)

// file is one live file of the simulated repository.
type file struct {
	path string
	kind string
	// src holds the content while data is nil: the file is still exactly
	// a corpus file, read from disk when needed.
	src  string
	data []byte
	size int
	mark int // blob mark of the current content; 0 until it is written
	// lines0 is the line count when the file was added; edits keep the
	// file from growing far beyond it.
	lines0 int
	unit   *unitState // the corpus unit a third_party or go/ file belongs to
	live   []*planted // planted secrets the file holds now
	hot    bool
	// secretFile is set for the small files made to hold a planted secret
	// (.env, keys, scripts): edits leave them alone.
	secretFile bool
	idx        int // in sim.files
}

func (f *file) content() []byte {
	if f.data == nil {
		d, err := os.ReadFile(f.src)
		if err != nil {
			fail(fmt.Errorf("corpus file vanished: %w", err))
		}
		return d
	}
	return f.data
}

// unitState is a corpus unit as the history holds it: which of its
// versions is current and which of its directories were added.
type unitState struct {
	u       *unit
	current int
	added   []string // directories added so far, in order
	isAdded map[string]bool
}

// group is a directory of a unit waiting to be added.
type group struct {
	us  *unitState
	dir string
}

// sim is the simulated repository and the history being written.
type sim struct {
	o  options
	r  *splitmix.Rand
	c  *srcSet
	st *stream

	byPath map[string]*file
	files  []*file // live files, in no particular order
	hot    []*file

	queue      []group // corpus directories not added yet
	units      []*unitState
	corpusLeft int64 // corpus bytes still to add
	projLeft   int64 // project bytes still to write
	projects   []string
	added      int64 // bytes of files added (all kinds)

	// the commit being built
	pending    []string // paths touched, in order
	touched    map[string]bool
	deleted    map[string]bool // paths deleted in the commit being built
	plantedNow []*planted

	// history state
	n           int // commits written
	when        int64
	mainTip     int
	mainCount   int
	branch      *branchState
	tags        int
	marks       []commitRef // every commit, in order
	secrets     []*planted
	plantAt     []int // commit indexes of the planned plants on main
	due         []*planted
	negatives   []*negative
	abandonLeft int
	stats       manifest.HistoryStats
	donorCache  map[string][][]byte
	progress    func()
}

type commitRef struct {
	mark int
	ref  string
}

// branchState is a topic branch being written: merged into main at its
// end, or left unmerged under refs/heads/wip/.
type branchState struct {
	ref       string
	tip       int
	abandoned bool
	changed   []string
	isChanged map[string]bool
	// saved holds, for an abandoned branch, what its files were on main.
	saved map[string]file
}

func newSim(o options, c *srcSet, st *stream) *sim {
	s := &sim{o: o, r: splitmix.New(o.seed, 1), c: c, st: st, byPath: map[string]*file{},
		touched: map[string]bool{}, deleted: map[string]bool{}, donorCache: map[string][][]byte{}}
	s.when = 1483264800 // 2017-01-01 10:00 UTC
	for _, u := range c.units {
		us := &unitState{u: u, isAdded: map[string]bool{}}
		s.units = append(s.units, us)
		v := u.versions[0]
		dirs := make([]string, 0, len(v.dirs))
		for d := range v.dirs {
			dirs = append(dirs, d)
		}
		slices.Sort(dirs)
		for _, d := range dirs {
			s.queue = append(s.queue, group{us, d})
		}
	}
	// Directories arrive in random order, but a module's top directory
	// comes with its first directory (see addGroup).
	s.r.Shuffle(len(s.queue), func(i, j int) { s.queue[i], s.queue[j] = s.queue[j], s.queue[i] })
	s.corpusLeft = min(c.bytes, int64(float64(o.size)*o.corpusShare))
	s.projLeft = o.size - s.corpusLeft
	for i := range o.projects {
		s.projects = append(s.projects, "services/"+projectNames[i%len(projectNames)]+suffix(i/len(projectNames)))
	}
	s.abandonLeft = o.abandoned
	return s
}

func suffix(i int) string {
	if i == 0 {
		return ""
	}
	return "-" + itoa(i+1)
}

var projectNames = []string{"billing", "gateway", "auth", "ledger", "notifier", "catalog", "search", "ingest",
	"scheduler", "payments", "reports", "inventory", "accounts", "affiliates", "postbacks", "webhooks",
	"analytics", "exporter", "campaigns", "offers", "tracking", "fraud", "partners", "invoicing"}

// ---- files -----------------------------------------------------------

func (s *sim) touch(p string) {
	if !s.touched[p] {
		s.touched[p] = true
		s.pending = append(s.pending, p)
	}
	if b := s.branch; b != nil {
		if b.abandoned {
			if _, ok := b.saved[p]; !ok {
				if f := s.byPath[p]; f != nil {
					b.saved[p] = *f
				} else {
					b.saved[p] = file{} // did not exist
				}
			}
		} else if !b.isChanged[p] {
			b.isChanged[p] = true
			b.changed = append(b.changed, p)
		}
	}
}

// addFile adds a new file (from a corpus file when src is set). A file
// already at p takes the new content, unless it holds a planted secret.
func (s *sim) addFile(p, kind, src string, data []byte, us *unitState) *file {
	if f := s.byPath[p]; f != nil {
		if len(f.live) == 0 {
			s.setContent(f, src, data)
		}
		return f
	}
	f := &file{path: p, kind: kind, unit: us, idx: len(s.files)}
	s.files = append(s.files, f)
	s.byPath[p] = f
	delete(s.deleted, p)
	s.setContent(f, src, data)
	f.lines0 = bytes.Count(f.content(), []byte{'\n'}) + 1
	s.added += int64(f.size)
	return f
}

func (s *sim) setContent(f *file, src string, data []byte) {
	s.touch(f.path)
	f.src, f.data, f.mark = src, data, 0
	if data == nil {
		st, err := os.Stat(src)
		if err != nil {
			fail(err)
		}
		f.size = int(st.Size())
	} else {
		f.size = len(data)
	}
}

func (s *sim) removeFile(f *file) {
	s.touch(f.path)
	s.deleted[f.path] = true
	last := s.files[len(s.files)-1]
	s.files[f.idx] = last
	last.idx = f.idx
	s.files = s.files[:len(s.files)-1]
	delete(s.byPath, f.path)
	if f.hot {
		s.hot = slices.DeleteFunc(s.hot, func(h *file) bool { return h == f })
	}
}

// ---- commits ---------------------------------------------------------

var people = func() []person {
	first := []string{"Ada", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jonas",
		"Kiri", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tomas",
		"Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoe", "Arjun", "Bea", "Cyril", "Dorota"}
	last := []string{"Park", "Silva", "Wei", "Okafor", "Haddad", "Novak", "Sato", "Lindqvist", "Moreau", "Kowalski"}
	var out []person
	for i, f := range first {
		l := last[(i*7)%len(last)]
		out = append(out, person{f + " " + l, strings.ToLower(f+"."+l) + "@example.com"})
	}
	return out
}()

var zones = []string{"+0000", "+0100", "+0200", "-0500", "-0800", "+0530", "+0900"}

// finish writes the commit built so far on the current ref.
func (s *sim) finish(subject string) {
	var ops []fileOp
	for _, p := range s.pending {
		if f := s.byPath[p]; f != nil {
			if f.mark == 0 {
				f.mark = s.st.blob(f.content())
			}
			ops = append(ops, fileOp{p, f.mark})
		} else if s.deleted[p] {
			ops = append(ops, fileOp{p, 0})
		}
	}
	s.when += int64(300 + s.r.Intn(6*3600))
	if s.r.Chance(0.1) {
		s.when += int64(s.r.Intn(3 * 86400))
	}
	who := people[s.r.Intn(len(people))]
	tz := zones[s.r.Intn(len(zones))]
	ref, from := "refs/heads/main", 0
	if b := s.branch; b != nil {
		ref = b.ref
		if b.tip == 0 {
			from = s.mainTip
		}
	}
	body := ""
	if s.r.Chance(0.4) {
		body = "\n\n" + bodies[s.r.Intn(len(bodies))]
	}
	m := s.st.commit(ref, from, 0, who, s.when, tz, subject+body+"\n", ops)
	s.recordCommit(m, ref)
	if b := s.branch; b != nil {
		b.tip = m
	} else {
		s.mainTip = m
		s.mainCount++
		if s.mainCount%s.o.tagEvery == 0 {
			s.tags++
			s.stats.Tags++
			s.st.tag(fmt.Sprintf("v1.%d.0", s.tags), m, who, s.when, fmt.Sprintf("Release v1.%d.0", s.tags))
		}
	}
	s.pending = s.pending[:0]
	clear(s.touched)
	clear(s.deleted)
}

func (s *sim) recordCommit(mark int, ref string) {
	for _, p := range s.plantedNow {
		p.commitIx = s.n
		p.Ref = ref
		f := s.byPath[p.File]
		data := f.content()
		at := bytes.Index(data, []byte(p.Secret))
		if at < 0 {
			fail(fmt.Errorf("planted secret %d not in %s", p.ID, p.File))
		}
		p.Line = bytes.Count(data[:at], []byte{'\n'}) + 1
	}
	s.plantedNow = s.plantedNow[:0]
	s.marks = append(s.marks, commitRef{mark, ref})
	s.n++
	if s.progress != nil {
		s.progress()
	}
}

var bodies = []string{
	"The previous behaviour surprised users on large inputs.",
	"Found while reviewing the staging rollout.",
	"No functional change intended.",
	"Follow-up to the review comments on the last change.",
	"This keeps the hot path free of allocations.",
	"Signed-off-by: a developer <dev@example.com>",
	"Part of the Q3 reliability work.",
	"Tests cover the new edge cases.",
}

// ---- the history -----------------------------------------------------

// simError is a failure of the simulation, deep in its calls: fail panics
// with it and run recovers it.
type simError struct{ err error }

func fail(err error) { panic(simError{err}) }

// run writes the history to the stream and returns what went wrong, if
// anything did: then the stream stops wherever it was, perhaps in the
// middle of a blob.
func (s *sim) run() (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if se, ok := r.(simError); ok {
			err = se.err
		} else {
			err = fmt.Errorf("internal error: %v\n%s", r, debug.Stack())
		}
		if s.n < s.o.commits {
			err = fmt.Errorf("at commit %d of %d: %w", s.n+1, s.o.commits, err)
		} else {
			err = fmt.Errorf("after the last commit: %w", err)
		}
	}()
	s.simulate()
	return nil
}

func (s *sim) simulate() {
	s.planPlants()
	s.initial()
	for s.n < s.o.commits {
		left := s.o.commits - s.n
		switch {
		case left > 20 && s.r.Chance(s.o.featureRate):
			s.feature(s.r.Between(1, 6))
		case left > 20 && s.abandonLeft > 0 && s.r.Chance(float64(s.abandonLeft)/float64(left)):
			s.abandoned()
		default:
			s.regular()
		}
	}
	if len(s.due) > 0 {
		fail(fmt.Errorf("%d planted secrets were not removed", len(s.due)))
	}
}

// initial writes the first commit: a first share of the corpus and of the
// projects.
func (s *sim) initial() {
	for s.added < s.o.size/20 && (len(s.queue) > 0 && s.corpusLeft > 0 || s.projLeft > 0) {
		if len(s.queue) > 0 && s.corpusLeft > 0 {
			s.addGroup()
		}
		if s.projLeft > 0 {
			s.addProjectFiles(200_000)
		}
	}
	s.finish("Initial import")
}

// regular writes one commit on the current ref (main or a merged topic
// branch): due removals and plants, then an add, a module bump, a delete,
// a rename or, mostly, edits.
func (s *sim) regular() {
	subject := ""
	if n := s.removeDue(); n != "" {
		subject = n
	}
	if len(s.plantAt) > 0 && s.n >= s.plantAt[0] {
		s.plantAt = s.plantAt[1:]
		if m := s.plant(false); m != "" && subject == "" {
			subject = m
		}
	}
	if subject != "" && s.r.Chance(0.5) {
		s.finish(subject)
		return
	}
	left := float64(s.o.commits - s.n)
	x := s.r.Float64()
	var m string
	switch {
	case x < s.o.addRate && (len(s.queue) > 0 && s.corpusLeft > 0 || s.projLeft > 0):
		m = s.add(left)
		s.stats.Adds++
	case x < s.o.addRate+0.004 && s.canBump():
		m = s.bump()
	case x < s.o.addRate+0.010:
		m = s.deleteSome()
	case x < s.o.addRate+0.016:
		m = s.rename()
	}
	if m == "" {
		m = s.edit(s.r.Geometric(0.45, 8))
		s.stats.Edits++
	}
	if subject == "" {
		subject = m
	}
	s.finish(subject)
}

// feature writes n commits on a topic branch, then merges it into main
// with a merge commit (main does not move meanwhile).
func (s *sim) feature(n int) {
	s.branch = &branchState{ref: "refs/heads/topic", isChanged: map[string]bool{}}
	name := topicNames[s.r.Intn(len(topicNames))]
	for range n {
		s.regular()
	}
	b := s.branch
	s.branch = nil
	var ops []fileOp
	for _, p := range b.changed {
		if f := s.byPath[p]; f != nil {
			ops = append(ops, fileOp{p, f.mark})
		} else {
			ops = append(ops, fileOp{p, 0})
		}
	}
	s.when += int64(60 + s.r.Intn(3600))
	who := people[s.r.Intn(len(people))]
	m := s.st.commit("refs/heads/main", 0, b.tip, who, s.when, "+0000",
		fmt.Sprintf("Merge pull request #%d from %s/%s\n", 1000+s.n, strings.ToLower(strings.Fields(who.name)[0]), name), ops)
	s.recordCommit(m, "refs/heads/main")
	s.mainTip = m
	s.mainCount++
	s.stats.Merges++
}

var topicNames = []string{"fix-retry", "faster-startup", "config-reload", "metrics", "cleanup", "api-v2",
	"postback-signing", "rate-limit", "tracing", "docs-refresh", "bump-deps", "pagination"}

// abandoned writes a short branch that is never merged, under
// refs/heads/wip/: edits only, and sometimes a secret planted and removed
// again on the branch. Main's files are restored afterwards.
func (s *sim) abandoned() {
	s.abandonLeft--
	s.stats.Branches++
	s.branch = &branchState{ref: fmt.Sprintf("refs/heads/wip/%s-%d", topicNames[s.r.Intn(len(topicNames))], s.stats.Branches),
		abandoned: true, saved: map[string]file{}}
	n := s.r.Between(2, 4)
	var p *planted
	for i := range n {
		switch {
		case i == 0 && s.r.Chance(0.5):
			if m := s.plant(true); m != "" {
				p = s.secrets[len(s.secrets)-1]
				s.finish(m)
				continue
			}
		case i == n-1 && p != nil:
			s.finish(s.unplant(p))
			continue
		}
		s.finish(s.edit(s.r.Geometric(0.5, 4)))
	}
	for p, f := range s.branch.saved {
		if f.path == "" {
			// Abandoned branches only edit existing files.
			fail(fmt.Errorf("abandoned branch created %s", p))
		}
		cur := s.byPath[p]
		*cur = f
	}
	s.branch = nil
}

// ---- adds, bumps, deletes, renames ------------------------------------

// add adds a share of what is left to add: corpus directories or new
// project files, in proportion to the bytes left of each.
func (s *sim) add(commitsLeft float64) string {
	// Spread what is left over the add commits expected from here on;
	// corpus and project files are chosen in proportion to the bytes left
	// of each, so each add takes the same share of both.
	addsLeft := max(1, commitsLeft*s.o.addRate*0.95)
	budget := max(8000, int64(float64(s.corpusLeft+s.projLeft)/addsLeft))
	if len(s.queue) > 0 && s.corpusLeft > 0 && (s.projLeft <= 0 || s.r.Float64() < float64(s.corpusLeft)/float64(s.corpusLeft+s.projLeft)) {
		first := ""
		var total int64
		for len(s.queue) > 0 && (first == "" || total < budget) {
			start := s.added
			d := s.addGroup()
			if first == "" {
				first = d
			}
			total += s.added - start
		}
		return "Add " + first
	}
	return "Add " + s.addProjectFiles(budget)
}

// addGroup adds the next corpus directory (from its unit's current
// version) and returns its repository path.
func (s *sim) addGroup() string {
	g := s.queue[0]
	s.queue = s.queue[1:]
	us := g.us
	v := us.u.versions[us.current]
	dir := path.Join(us.u.root, g.dir)
	start := s.added
	for _, f := range v.dirs[g.dir] {
		s.addCorpusFile(us, f)
	}
	s.corpusLeft -= s.added - start
	if !us.isAdded[g.dir] {
		us.isAdded[g.dir] = true
		us.added = append(us.added, g.dir)
	}
	return dir
}

func (s *sim) addCorpusFile(us *unitState, f srcFile) *file {
	nf := s.addFile(path.Join(us.u.root, f.rel), f.kind, f.abs, nil, us)
	if f.size >= 16_000 && len(s.hot) < s.o.hot && s.r.Chance(0.1) {
		s.makeHot(nf)
	}
	return nf
}

func (s *sim) makeHot(f *file) {
	if !f.hot {
		f.hot = true
		s.hot = append(s.hot, f)
	}
}

// addProjectFiles writes about budget bytes of new files into one
// package of a project, composed of pieces of real files.
func (s *sim) addProjectFiles(budget int64) string {
	proj := s.projects[s.r.Intn(len(s.projects))]
	pkg := pkgNames[s.r.Intn(len(pkgNames))]
	var kind string
	switch x := s.r.Float64(); {
	case x < 0.8:
		kind = "go"
	case x < 0.88:
		kind = "md"
	case x < 0.96:
		kind = "yaml"
	default:
		kind = "json"
	}
	dir := proj + "/" + pkg
	switch kind {
	case "md":
		dir = proj + "/docs"
	case "yaml":
		dir = proj + "/deploy"
	case "json":
		dir = proj + "/testdata"
	}
	var total int64
	for total < budget && s.projLeft > 0 {
		donor := s.donor(kind)
		name := path.Base(donor.rel)
		p := dir + "/" + name
		for i := 2; s.byPath[p] != nil; i++ {
			p = dir + "/" + strings.TrimSuffix(name, path.Ext(name)) + "_" + itoa(i) + path.Ext(name)
		}
		data := s.compose(kind, path.Base(dir), donor)
		f := s.addFile(p, kind, "", data, nil)
		total += int64(len(data))
		s.projLeft -= int64(len(data))
		if len(data) >= 12_000 && len(s.hot) < s.o.hot && s.r.Chance(0.5) {
			s.makeHot(f)
		}
	}
	return dir
}

var pkgNames = []string{"api", "server", "client", "store", "internal/cache", "internal/auth", "handlers",
	"worker", "config", "model", "middleware", "pkg/retry", "pkg/httpx", "cmd/server", "queue", "report"}

// canBump reports whether some added unit has a newer version.
func (s *sim) canBump() bool {
	for _, us := range s.units {
		if len(us.added) > 0 && us.current+1 < len(us.u.versions) {
			return true
		}
	}
	return false
}

// bump moves an added unit to its next version: every directory added so
// far takes that version's files (files holding a planted secret stay).
func (s *sim) bump() string {
	var cands []*unitState
	for _, us := range s.units {
		if len(us.added) > 0 && us.current+1 < len(us.u.versions) {
			cands = append(cands, us)
		}
	}
	us := cands[s.r.Intn(len(cands))]
	us.current++
	v := us.u.versions[us.current]
	for _, d := range us.added {
		want := map[string]bool{}
		for _, f := range v.dirs[d] {
			want[path.Join(us.u.root, f.rel)] = true
			if old := s.byPath[path.Join(us.u.root, f.rel)]; old != nil && len(old.live) > 0 {
				continue
			}
			s.addCorpusFile(us, f)
		}
		prefix := path.Join(us.u.root, d) + "/"
		var gone []*file
		for _, f := range s.files {
			if f.unit == us && strings.HasPrefix(f.path, prefix) && !strings.Contains(f.path[len(prefix):], "/") &&
				!want[f.path] && len(f.live) == 0 {
				gone = append(gone, f)
			}
		}
		slices.SortFunc(gone, func(a, b *file) int { return strings.Compare(a.path, b.path) })
		for _, f := range gone {
			s.removeFile(f)
		}
	}
	s.stats.Bumps++
	return fmt.Sprintf("third_party: update %s to %s", us.u.name, v.name)
}

// deleteSome removes a file, or a small directory, holding no planted
// secret.
func (s *sim) deleteSome() string {
	for range 20 {
		f := s.files[s.r.Intn(len(s.files))]
		if len(f.live) > 0 {
			continue
		}
		dir := path.Dir(f.path)
		var in []*file
		if s.r.Chance(0.5) {
			for _, g := range s.files {
				if path.Dir(g.path) == dir {
					in = append(in, g)
				}
			}
		}
		if len(in) == 0 || len(in) > 25 || slices.ContainsFunc(in, func(g *file) bool { return len(g.live) > 0 }) {
			s.removeFile(f)
			s.stats.Deletes++
			return "Remove unused " + f.path
		}
		slices.SortFunc(in, func(a, b *file) int { return strings.Compare(a.path, b.path) })
		for _, g := range in {
			s.removeFile(g)
		}
		s.stats.Deletes++
		return "Remove " + dir
	}
	return ""
}

// rename moves a file holding no planted secret to a subdirectory, now
// and then with a small edit.
func (s *sim) rename() string {
	for range 20 {
		f := s.files[s.r.Intn(len(s.files))]
		if len(f.live) > 0 || f.unit != nil && s.r.Chance(0.7) {
			continue
		}
		np := path.Join(path.Dir(f.path), s.r.Pick([]string{"internal", "legacy", "v2", "util"}), path.Base(f.path))
		if s.byPath[np] != nil {
			continue
		}
		src, data, kind, hot := f.src, f.data, f.kind, f.hot
		s.removeFile(f)
		nf := s.addFile(np, kind, src, data, nil)
		s.added -= int64(nf.size)
		nf.lines0 = f.lines0
		if hot {
			s.makeHot(nf)
		}
		if s.r.Chance(0.3) {
			s.editFile(nf, 1)
		}
		s.stats.Renames++
		return fmt.Sprintf("Move %s to %s", path.Base(f.path), path.Dir(np))
	}
	return ""
}
