package main

import (
	"io"

	"github.com/tightlip/tightlip/internal/detect"
)

// redactingWriter is tightlip's standard error: every message goes through
// it and has its secrets redacted, since errors, warnings, notes and --fix
// lines may quote the scanned tree (a path, a config value, a problem).
// Each Write is scrubbed on its own, so a message must be written in one
// call (fmt.Fprintf does). It is not safe for concurrent use.
type redactingWriter struct {
	// raw is the standard error itself, for the progress line, which
	// prints counts only.
	raw io.Writer
	// noRedact (--no-redact) writes messages as they are.
	noRedact bool
	// scrub redacts a message; nil until the scan's engine is known, and
	// then the built-in rules are used.
	scrub func(string) string
}

func newRedactingWriter(w io.Writer) *redactingWriter {
	return &redactingWriter{raw: w}
}

// withheld replaces a message when there is no way to redact it.
const withheld = "tightlip: (message withheld: the rules that redact it could not be built)\n"

func (r *redactingWriter) Write(p []byte) (int, error) {
	out := string(p)
	if !r.noRedact {
		out = r.scrubber()(out)
	}
	if _, err := io.WriteString(r.raw, out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// scrubber returns scrub, built from the built-in rules when the scan has
// not set one (an error before the configuration is read).
func (r *redactingWriter) scrubber() func(string) string {
	if r.scrub == nil {
		eng, err := detect.NewDefault()
		if err != nil {
			return func(string) string { return withheld }
		}
		r.scrub = eng.Scrub
	}
	return r.scrub
}
