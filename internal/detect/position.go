package detect

import (
	"github.com/tightlip/tightlip/internal/finding"
	"github.com/tightlip/tightlip/internal/textpos"
)

// reportPositions turns findings' positions from the engine's own (lines
// broken at '\n', columns in bytes: what windows and decoding work in)
// into the reported ones (see textpos): a lone '\r' breaks a line, columns
// count code points. It indexes content only when there is something to
// convert.
func reportPositions(content []byte, fs []finding.Finding) {
	if len(fs) == 0 {
		return
	}
	ix := textpos.New(content)
	for i := range fs {
		f := &fs[i]
		f.Line, f.Column = ix.FromByteColumn(f.Line, f.Column)
		f.EndLine, f.EndColumn = ix.FromByteColumn(f.EndLine, f.EndColumn)
	}
}
