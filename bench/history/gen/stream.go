package main

import (
	"bufio"
	"fmt"
	"io"
)

// stream writes a git fast-import stream. Marks number blobs and commits
// alike; the manifest resolves commit marks to hashes through
// --export-marks.
type stream struct {
	w    *bufio.Writer
	mark int
}

func newStream(w io.Writer) *stream { return &stream{w: bufio.NewWriterSize(w, 1<<20)} }

// blob writes a blob and returns its mark.
func (s *stream) blob(data []byte) int {
	s.mark++
	fmt.Fprintf(s.w, "blob\nmark :%d\ndata %d\n", s.mark, len(data))
	// Write errors surface at Flush, which the caller checks.
	_, _ = s.w.Write(data)
	_ = s.w.WriteByte('\n')
	return s.mark
}

// fileOp is one line of a commit's tree changes: a file set to a blob, or
// deleted (mark 0).
type fileOp struct {
	path string
	mark int
}

type person struct{ name, email string }

// commit writes a commit on ref and returns its mark. from (a mark) sets
// the first parent; 0 continues the ref. merge adds a second parent.
func (s *stream) commit(ref string, from, merge int, who person, when int64, tz, msg string, ops []fileOp) int {
	s.mark++
	fmt.Fprintf(s.w, "commit %s\nmark :%d\n", ref, s.mark)
	fmt.Fprintf(s.w, "author %s <%s> %d %s\n", who.name, who.email, when, tz)
	fmt.Fprintf(s.w, "committer %s <%s> %d %s\n", who.name, who.email, when, tz)
	fmt.Fprintf(s.w, "data %d\n%s\n", len(msg), msg)
	if from != 0 {
		fmt.Fprintf(s.w, "from :%d\n", from)
	}
	if merge != 0 {
		fmt.Fprintf(s.w, "merge :%d\n", merge)
	}
	for _, op := range ops {
		if op.mark == 0 {
			fmt.Fprintf(s.w, "D %s\n", op.path)
		} else {
			fmt.Fprintf(s.w, "M 100644 :%d %s\n", op.mark, op.path)
		}
	}
	_ = s.w.WriteByte('\n') // errors surface at Flush
	return s.mark
}

// tag writes an annotated tag of a commit.
func (s *stream) tag(name string, commit int, who person, when int64, msg string) {
	fmt.Fprintf(s.w, "tag %s\nfrom :%d\ntagger %s <%s> %d +0000\ndata %d\n%s\n", name, commit, who.name, who.email, when, len(msg), msg)
}

func (s *stream) flush() error { return s.w.Flush() }
