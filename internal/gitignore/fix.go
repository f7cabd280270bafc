package gitignore

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/fixapply"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/textsafe"
)

// appendFix builds the fix that appends lines to a .gitignore as it was
// scanned: in the file's line endings, after a line break if its last line
// has none, or as the whole content of a file that does not exist yet.
func appendFix(file string, st fileState, lines []string, description string) *finding.Fix {
	ins := finding.Insert{File: file, Line: 1, Column: 1, Offset: st.size}
	eol := st.eol()
	text := strings.Join(lines, eol) + eol
	if st.size > 0 {
		ins.Line, ins.Column = st.endLine, st.endCol
	}
	if st.lastLen > 0 {
		text = eol + text
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
// The tree may be hostile: Apply writes only files named .gitignore, only
// inside root, never through a symbolic link (at any component, even one
// pointing inside root), and never into anything but a regular file. A
// file it refuses is an error naming it; the other files are still fixed.
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
	for _, f := range findings {
		if f.RuleID != RuleMissing || f.Fix == nil {
			continue
		}
		for _, ins := range f.Fix.Inserts {
			p := plans[ins.File]
			if p == nil {
				p = &plan{offset: ins.Offset}
				plans[ins.File] = p
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
	return fixapply.Files(root, plans, func(r *os.Root, file string, p *plan) (Applied, error) {
		a, err := appendLines(r, file, p.offset, p.lines)
		a.Identities = p.ids
		return a, err
	})
}

// appendLines appends lines to file under root, which must still be size
// bytes long. The file is opened for appending only: whatever else goes
// wrong, what was in it stays as it was.
func appendLines(root *os.Root, file string, size int64, lines []string) (Applied, error) {
	a := Applied{File: file, Lines: lines}
	if path.Base(file) != ".gitignore" || !fs.ValidPath(file) {
		return a, fmt.Errorf("fix %s: --fix only writes .gitignore files under the scanned directory", file)
	}
	for _, l := range lines {
		if !textsafe.Plain(l) {
			return a, fmt.Errorf("fix %s: line %q has control or invisible characters", file, l)
		}
	}
	// A file the scan saw absent or empty may be created; one it saw with
	// content must still be there.
	f, created, err := safefile.OpenAppend(root, filepath.FromSlash(file), size == 0, 0o644)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return a, fmt.Errorf("fix %s: the file changed since the scan (it is gone); scan again", file)
	case err != nil:
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	defer f.Close()
	a.Created = created
	fi, err := f.Stat()
	if err != nil {
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	if fi.Size() != size {
		return a, fmt.Errorf("fix %s: the file changed since the scan (%d bytes, was %d); scan again", file, fi.Size(), size)
	}
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
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
	if _, err := f.Write(add.Bytes()); err != nil {
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	if err := f.Close(); err != nil {
		return a, fmt.Errorf("fix %s: %w", file, unwrapPath(err))
	}
	return a, nil
}
