package exposure

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/hardcoded"
	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/analyzer/internal/secret"
)

// hardSources turns the hardcoded analyzer's literals into sources: a key
// written into the source and logged is in the logs as well as in the
// repository. An SSA constant has no position; the description comes from
// the literal the hardcoded analyzer reported, and never shows its value.
type hardSources struct {
	found *secret.Found
	fset  *token.FileSet
	bySrc map[token.Pos]*source
}

func newHardSources(pass *analysis.Pass) *hardSources {
	found, _ := pass.ResultOf[hardcoded.Analyzer].(*secret.Found)
	return &hardSources{found: found, fset: pass.Fset, bySrc: map[token.Pos]*source{}}
}

// of returns the source a string constant is, when it holds a hard-coded
// key: the key alone, or a constant the compiler folded it into ("Bearer "
// + apiKey).
func (h *hardSources) of(k *ssa.Const) *source {
	if h.found == nil || len(h.found.Literals) == 0 {
		return nil
	}
	text, ok := constString(k)
	if !ok {
		return nil
	}
	lit, ok := h.found.In(text)
	if !ok {
		return nil
	}
	if s := h.bySrc[lit.Pos]; s != nil {
		return s
	}
	s := &source{desc: fmt.Sprintf("the hard-coded key (%s)", lint.Where(h.fset, lit.Pos))}
	h.bySrc[lit.Pos] = s
	return s
}
