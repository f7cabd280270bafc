// Package literalfix applies the fixes that replace a few bytes of a Go
// string literal: go-plain-http-url's http:// → https://. It is the write
// side of those fixes for `tightlip scan --fix`; the gitignore fixes have
// their own (gitignore.Apply); both go through fixapply.Files.
package literalfix

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/fixapply"
	"github.com/tightlip/tightlip/internal/safefile"
)

// MaxSource bounds a file rewritten: the scan read it under the same limit.
const MaxSource = 64 * safefile.MiB

// Change is one replacement made.
type Change struct {
	Line      int
	Old, Text string
}

// Applied is what Apply changed in one file.
type Applied struct {
	// File is the slash path from the scanned root.
	File    string
	Changes []Change
	// Identities are those of the findings the changes fix.
	Identities []string
}

// Apply applies the Replace fixes of findings under root, one rewrite per
// file. It changes a file only if it is still exactly the file scanned
// (its SHA-256 is the fix's digest) and every replacement is one it knows:
// the scheme http:// (in any case), just inside the opening quote of a
// whole Go string literal, becoming https://. Otherwise the file is left
// alone with an error naming it; the other files are still fixed. Writes
// go through safefile.RewriteIn: only .go files, only inside root, never
// through a symbolic link.
func Apply(root string, findings []finding.Finding) ([]Applied, error) {
	type plan struct {
		digest string
		reps   []finding.Replace
		ids    []string
		err    error
	}
	plans := map[string]*plan{}
	for _, f := range findings {
		if f.Fix == nil || len(f.Fix.Replaces) == 0 {
			continue
		}
		for _, r := range f.Fix.Replaces {
			p := plans[r.File]
			if p == nil {
				p = &plan{digest: r.Digest}
				plans[r.File] = p
			}
			if r.Digest != p.digest {
				p.err = fmt.Errorf("fix %s: its fixes were made from different versions of the file; scan again", r.File)
			}
			if !slices.Contains(p.reps, r) {
				p.reps = append(p.reps, r)
			}
		}
		for _, r := range f.Fix.Replaces {
			if p := plans[r.File]; !slices.Contains(p.ids, f.Identity) {
				p.ids = append(p.ids, f.Identity)
			}
		}
	}
	return fixapply.Files(root, plans, func(r *os.Root, file string, p *plan) (Applied, error) {
		if p.err != nil {
			return Applied{}, p.err
		}
		a, err := rewrite(r, file, p.digest, p.reps)
		a.Identities = p.ids
		return a, err
	})
}

// rewrite applies reps to file, which must still have digest.
func rewrite(root *os.Root, file, digest string, reps []finding.Replace) (Applied, error) {
	a := Applied{File: file}
	if !fs.ValidPath(file) || path.Ext(file) != ".go" {
		return a, fmt.Errorf("fix %s: --fix only rewrites URL literals in .go files under the scanned directory", file)
	}
	slices.SortFunc(reps, func(x, y finding.Replace) int { return int(x.Offset - y.Offset) })
	err := safefile.RewriteIn(root, filepath.FromSlash(file), MaxSource, func(old []byte) ([]byte, error) {
		sum := sha256.Sum256(old)
		if hex.EncodeToString(sum[:]) != digest {
			return nil, fmt.Errorf("%w %s: the file changed since the scan; scan again", errEdit, file)
		}
		var out bytes.Buffer
		next := int64(0)
		for _, r := range reps {
			if err := check(old, r, next); err != nil {
				return nil, fmt.Errorf("%w %s:%d: %w", errEdit, file, r.Line, err)
			}
			out.Write(old[next:r.Offset])
			out.WriteString(r.Text)
			next = r.Offset + int64(len(r.Old))
			a.Changes = append(a.Changes, Change{Line: r.Line, Old: r.Old, Text: r.Text})
		}
		out.Write(old[next:])
		return out.Bytes(), nil
	})
	if err != nil && !errors.Is(err, errEdit) {
		// safefile's errors name the file already.
		return a, fmt.Errorf("fix: %w", err)
	}
	return a, err
}

// errEdit marks the errors of rewrite's own checks: they name the file.
var errEdit = errors.New("fix")

// check accepts a replacement only where it is the scheme fix of a whole
// string literal, at or after next (replacements do not overlap).
func check(src []byte, r finding.Replace, next int64) error {
	const scheme = "http://"
	switch {
	case !strings.EqualFold(r.Old, scheme) || r.Text != "https://":
		return fmt.Errorf("not a fix --fix applies (%q to %q)", r.Old, r.Text)
	case r.Offset < 1 || r.Offset < next || r.Offset+int64(len(r.Old)) > int64(len(src)):
		return errors.New("the fix is out of place; scan again")
	case string(src[r.Offset:r.Offset+int64(len(r.Old))]) != r.Old:
		return errors.New("the literal no longer starts with " + scheme + "; scan again")
	}
	// The literal: up to the line's end for an interpreted string, which
	// cannot span lines, to the closing backquote for a raw one.
	lit := src[r.Offset-1:]
	switch lit[0] {
	case '"':
		if i := bytes.IndexByte(lit, '\n'); i >= 0 {
			lit = lit[:i]
		}
	case '`':
		if i := bytes.IndexByte(lit[1:], '`'); i >= 0 {
			lit = lit[:i+2]
		}
	default:
		return errors.New("the text there is not the start of a string literal; scan again")
	}
	if _, err := strconv.QuotedPrefix(string(lit)); err != nil {
		return errors.New("the text there is not a whole string literal; scan again")
	}
	return nil
}
