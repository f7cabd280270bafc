package gitignore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/finding"
)

// appendFix builds the fix that appends lines to a .gitignore as it was
// scanned: in the file's line endings, after a line break if its last line
// has none, or as the whole content of a file that does not exist yet.
func appendFix(file string, st fileState, lines []string, description string) *finding.Fix {
	ins := finding.Insert{File: file, Line: 1, Column: 1, Offset: st.size}
	eol := st.eol()
	text := strings.Join(lines, eol) + eol
	switch {
	case st.size == 0:
	case st.lastLen > 0:
		ins.Line, ins.Column = st.lines, st.lastLen+1
		text = eol + text
	default:
		ins.Line = st.lines + 1
	}
	ins.Text = text
	return &finding.Fix{Description: description, Inserts: []finding.Insert{ins}}
}

// Applied is what Apply added to one file.
type Applied struct {
	// File is the slash path from the scanned root.
	File string
	// Created says the file did not exist before.
	Created bool
	// Lines are the lines appended, without line endings.
	Lines []string
	// Identities are those of the findings the lines fix (see
	// finding.IdentityOf).
	Identities []string
}

// Apply applies the fixes of gitignore-missing findings under root: it
// appends their lines to each .gitignore, creating the file if needed. It
// only ever appends, so no line of the user's moves or goes; it keeps the
// file's line endings and ends the last line first if it has no line break.
// A file whose size differs from the scan's is left alone, with an error:
// it changed in between, and the fix may no longer be right.
//
// Applying the fixes of a fresh scan twice changes nothing the second time:
// once the lines are there, the scan finds nothing to fix.
func Apply(root string, findings []finding.Finding) ([]Applied, error) {
	type plan struct {
		offset int64
		lines  []string
		ids    []string
	}
	plans := map[string]*plan{}
	var order []string
	for _, f := range findings {
		if f.RuleID != RuleMissing || f.Fix == nil {
			continue
		}
		for _, ins := range f.Fix.Inserts {
			p := plans[ins.File]
			if p == nil {
				p = &plan{offset: ins.Offset}
				plans[ins.File] = p
				order = append(order, ins.File)
			}
			if ins.Offset != p.offset {
				return nil, fmt.Errorf("fix %s: inserts at different places; only appends are applied", ins.File)
			}
			for _, l := range strings.Split(ins.Text, "\n") {
				if l = strings.TrimSuffix(l, "\r"); l != "" && !slices.Contains(p.lines, l) {
					p.lines = append(p.lines, l)
				}
			}
			p.ids = append(p.ids, f.Identity)
		}
	}
	slices.Sort(order)
	var done []Applied
	var errs []error
	for _, file := range order {
		p := plans[file]
		a, err := appendLines(root, file, p.offset, p.lines)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		a.Identities = p.ids
		done = append(done, a)
	}
	return done, errors.Join(errs...)
}

// appendLines appends lines to root/file, which must still be size bytes
// long. The file is opened for appending only: whatever else goes wrong,
// what was in it stays as it was.
func appendLines(root, file string, size int64, lines []string) (Applied, error) {
	abs := filepath.Join(root, filepath.FromSlash(file))
	a := Applied{File: file, Lines: lines}
	data, err := os.ReadFile(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		a.Created = true
	case err != nil:
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	if int64(len(data)) != size {
		return a, fmt.Errorf("fix %s: the file changed since the scan (%d bytes, was %d); scan again", file, len(data), size)
	}
	st := newFileState(data)
	eol := st.eol()
	var add bytes.Buffer
	if len(data) > 0 && data[len(data)-1] != '\n' {
		add.WriteString(eol)
	}
	for _, l := range lines {
		add.WriteString(l)
		add.WriteString(eol)
	}
	flags := os.O_WRONLY | os.O_APPEND
	if a.Created {
		flags |= os.O_CREATE | os.O_EXCL
	}
	out, err := os.OpenFile(abs, flags, 0o644)
	if err != nil {
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	if _, err := out.Write(add.Bytes()); err != nil {
		out.Close()
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	if err := out.Close(); err != nil {
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	return a, nil
}
