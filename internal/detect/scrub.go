package detect

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tightlip/tightlip/internal/finding"
)

// Scrub returns text with every secret the rules find in it shortened by
// finding.Redact: for free text that tightlip prints besides its findings
// (a problem quoting a compiler error, a commit subject, an author name).
// Unlike Detect it ignores tightlip:allow / gitleaks:allow markers, which
// say a secret in a file is accepted there, not that it may be printed; and
// it applies no path, since the text is not a file.
func (e *Engine) Scrub(text string) string {
	if text == "" {
		return text
	}
	content := []byte(text)
	p := &pass{}
	cands := e.candidates(p, "", content)
	if e.maxDecodeDepth > 0 {
		cands = append(cands, e.decodedCandidates(p, "", content)...)
	}
	type span struct{ start, end int }
	var spans []span
	var secrets []string
	for _, c := range cands {
		if c.Secret == "" {
			continue
		}
		// The finding points at the secret itself, or at the encoded text
		// that decodes to it: either is what must not be printed.
		start, end := offsetIn(text, c.Line, c.Column), offsetIn(text, c.EndLine, c.EndColumn)
		if end > start {
			spans = append(spans, span{start, end})
		}
		secrets = append(secrets, c.Secret)
	}
	if len(secrets) == 0 {
		return text
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	var b strings.Builder
	at := 0
	for i := 0; i < len(spans); {
		// Merge overlapping spans, so that each stretch of secret text is
		// shortened once, as a whole.
		s := spans[i]
		for i++; i < len(spans) && spans[i].start < s.end; i++ {
			s.end = max(s.end, spans[i].end)
		}
		b.WriteString(text[at:s.start])
		b.WriteString(finding.Redact(text[s.start:s.end]))
		at = s.end
	}
	b.WriteString(text[at:])
	return finding.RedactAll(b.String(), secrets)
}
