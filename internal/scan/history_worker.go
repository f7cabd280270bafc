package scan

import (
	"context"
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
	"github.com/tightlip/tightlip/internal/textpos"
)

// worker reads and scans units on one goroutine, with its own storage.
type worker struct {
	g    *gitScan
	objs *gitrepo.Objects
	// recent keeps the last blobs read: the next version of a file is
	// usually an edit of the one just scanned.
	recent [4]recentBlob
	next   int
}

type recentBlob struct {
	hash plumbing.Hash
	data []byte
	// long says whether data holds a keyword of the long-reach rules:
	// 0 not known yet, longNone, longSome.
	long int8
}

const (
	longNone int8 = 1 + iota
	longSome
)

func (g *gitScan) newWorker() *worker {
	return &worker{g: g, objs: g.repo.Objects()}
}

func (w *worker) close() { w.objs.Release() }

// blob returns a blob's content, or why it cannot be scanned: skip is a
// skip reason, err a read error.
func (w *worker) blob(h plumbing.Hash) (data []byte, skip string, err error) {
	for _, r := range w.recent {
		if r.hash == h && r.data != nil {
			return r.data, "", nil
		}
	}
	data, size, err := w.objs.Blob(h, w.g.maxSize)
	if err != nil {
		return nil, SkipMissing, err
	}
	if size > w.g.maxSize {
		return nil, SkipTooLarge, nil
	}
	// The content of a skipped blob still comes back: a binary keystore is a
	// credential file all the same (see credentialFiles).
	if gitrepo.IsLFSPointer(data) {
		return data, SkipLFS, nil
	}
	// Text comes back decoded (UTF-16 as UTF-8), and is what edits are
	// compared on: a base and its edit decode alike.
	text, _, ok := decodeText(data)
	if !ok {
		return data, SkipBinary, nil
	}
	data = text
	w.recent[w.next] = recentBlob{hash: h, data: data}
	w.next = (w.next + 1) % len(w.recent)
	return data, "", nil
}

// credentialFiles reports each occurrence whose path the credential-file
// list names (a .env, a private key, a keystore …): committing one is a
// finding of its own, attributed to the commit that added it, whatever its
// content's other findings. data is nil when the blob was too large to read.
func (w *worker) credentialFiles(u *unit, data []byte, skip string) {
	list := w.g.credentialFiles
	if list == nil {
		return
	}
	if skip == SkipLFS {
		data = nil // the content is elsewhere: judge by name
	}
	for _, o := range u.occs {
		if f, ok := list.Committed(o.path, data); ok {
			w.g.attribute(f, o)
		}
	}
}

// scanKey is one Detect call for a unit: a whole scan (zero base) or an
// edit of base, at paths of one class.
type scanKey struct {
	base  plumbing.Hash
	class string
}

// unit scans one blob for every occurrence: whole once if any occurrence
// introduces it without a base, otherwise the edited region once per base.
// Occurrences at paths of the same class share the scan.
func (w *worker) unit(ctx context.Context, u *unit) {
	data, skip, err := w.blob(u.blob)
	if err != nil {
		w.g.unreadable(u, err)
		return
	}
	w.credentialFiles(u, data, skip)
	if skip != "" {
		w.g.skip(skip)
		return
	}
	whole := slices.ContainsFunc(u.occs, func(o occurrence) bool { return o.base.IsZero() })
	multiPath := slices.ContainsFunc(u.occs, func(o occurrence) bool { return o.path != u.occs[0].path })
	groups := map[scanKey][]occurrence{}
	var keys []scanKey
	for _, o := range u.occs {
		k := scanKey{base: o.base}
		if whole {
			k.base = plumbing.ZeroHash
		}
		if multiPath {
			k.class = w.g.class(o.path)
		}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], o)
	}
	// One time limit for the blob, whatever number of scans it takes.
	fctx, cancel := context.WithTimeout(ctx, w.g.fileTimeout)
	defer cancel()
	beforeDetect(fctx, u.occs[0].path)
	for _, k := range keys {
		if !w.scan(fctx, u.blob, data, k.base, groups[k]) {
			if ctx.Err() == nil {
				// The blob's own limit, not the scan's.
				w.g.skip(SkipFileTimeout, fileTimeoutProblem(fmt.Sprintf("%s (%s)", u.occs[0].path, w.g.where(u.occs[0].commit)), w.g.fileTimeout))
			}
			return
		}
	}
	w.g.done()
}

// scan runs the rules over data (whole, or the regions an edit of base
// changed) once, and attributes what they find to each occurrence. It
// reports false when ctx stopped the rules: what they found before is
// attributed all the same.
func (w *worker) scan(ctx context.Context, h plumbing.Hash, data []byte, base plumbing.Hash, occs []occurrence) bool {
	regions := []region{{0, len(data), 0}}
	var found []finding.Finding
	if !base.IsZero() {
		// An unusable base (unreadable, binary, too large) means a whole
		// scan: more work, nothing missed.
		if b, skip, err := w.blob(base); err == nil && skip == "" {
			regions = changedRegions(b, data, w.g.margin)
			found = w.longReach(ctx, h, data, base, b, regions, occs[0].path)
		}
	}
	complete := true
	for _, r := range regions {
		if ctx.Err() != nil {
			complete = false
			break
		}
		res, stopped := w.g.opts.Engine.DetectContext(ctx, occs[0].path, data[r.from:r.to])
		complete = complete && !stopped
		w.g.read(int64(r.to-r.from), res)
		if len(res.Findings) == 0 {
			continue
		}
		// Regions start at a '\n'; the lines reported count lone '\r's
		// too (see textpos), those before the region included.
		shift := r.line + textpos.LoneCRs(data[:r.from])
		for _, f := range res.Findings {
			if f.Secret != "" {
				// Path-only findings say line 1 of the file, not of the
				// region.
				f.Line += shift
				f.EndLine += shift
			}
			found = append(found, f)
		}
	}
	if ctx.Err() != nil {
		complete = false
	}
	if len(found) == 0 {
		return complete
	}
	for _, o := range occs {
		keep := w.newLines(data, o)
		for _, f := range found {
			if keep != nil && !keep.anyNew(f.Line, f.EndLine) {
				continue
			}
			f.File = o.path
			w.g.attribute(f, o)
		}
	}
	return complete
}

// longReach runs the rules whose matches reach further than an edit's
// regions (detect.LongReach) over the whole edited file h: a multi-line key
// whose END line an edit fixes is found as a scan of the file would find
// it. What was there before is attributed to the older commit (History) or
// is on no new line (a range), as for any finding. Bytes and suppressions
// are counted by the regions' scan, not twice.
//
// Most files hold none of those rules' keywords, and most edits add none:
// when the base had none, the regions are all that is searched for one,
// so that an edit of a large file still costs what the edit costs.
func (w *worker) longReach(ctx context.Context, h plumbing.Hash, data []byte, base plumbing.Hash, baseData []byte, regions []region, path string) []finding.Finding {
	long := w.g.long
	if long == nil {
		return nil
	}
	has := false
	if w.longState(base, baseData) == longNone {
		for _, r := range regions {
			if long.Contains(data[r.from:r.to]) {
				has = true
				break
			}
		}
	} else {
		has = long.Contains(data)
	}
	w.setLongState(h, has)
	if !has {
		return nil
	}
	res, _ := long.DetectContext(ctx, path, data)
	return res.Findings
}

// longState returns whether blob h (data) holds a keyword of the
// long-reach rules, from the recent blobs when it is known there.
func (w *worker) longState(h plumbing.Hash, data []byte) int8 {
	for i := range w.recent {
		if r := &w.recent[i]; r.hash == h && r.data != nil && r.long != 0 {
			return r.long
		}
	}
	has := w.g.long.Contains(data)
	w.setLongState(h, has)
	if has {
		return longSome
	}
	return longNone
}

func (w *worker) setLongState(h plumbing.Hash, has bool) {
	for i := range w.recent {
		if r := &w.recent[i]; r.hash == h && r.data != nil {
			r.long = longNone
			if has {
				r.long = longSome
			}
		}
	}
}

// newLines returns, for scans that report only what was added, the lines
// occurrence o brought; nil when every finding counts (History, or a new
// file).
func (w *worker) newLines(data []byte, o occurrence) *lineSet {
	if !w.g.addedOnly || o.base.IsZero() && len(o.others) == 0 {
		return nil
	}
	var bases [][]byte
	for _, h := range append([]plumbing.Hash{o.base}, o.others...) {
		if h.IsZero() {
			continue
		}
		if b, skip, err := w.blob(h); err == nil && skip == "" {
			bases = append(bases, b)
		}
	}
	return newLineSet(data, bases)
}
