package exposure

import (
	"fmt"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/analyzer/internal/secret"
	"github.com/tightlip/tightlip/internal/names"
)

// hardSources turns the package's hard-coded keys, as the hardcoded
// analyzer judges them, into sources: a key written into the source and
// logged is in the logs as well as in the repository. An SSA constant has
// no position; the description comes from the literal, and never shows
// its value.
//
// The judgement is asked for lazily, once per package and only when a
// key-shaped constant is followed: requiring the hardcoded analyzer would
// make go vet run it, content rules and all, in every fact-only run of
// every package (docs/architecture.md, "Cost of the analyzers").
type hardSources struct {
	pass *analysis.Pass
	// found is nil until a constant asks; err is why judging failed.
	found *secret.Found
	err   error
	bySrc map[token.Pos]*source
}

func newHardSources(pass *analysis.Pass) *hardSources {
	return &hardSources{pass: pass, bySrc: map[token.Pos]*source{}}
}

// of returns the source a string constant is, when it holds a hard-coded
// key: the key alone, or a constant the compiler folded it into ("Bearer "
// + apiKey).
func (h *hardSources) of(k *ssa.Const) *source {
	text, ok := constString(k)
	if !ok || !keyShaped(text) {
		return nil
	}
	if h.found == nil {
		ins := h.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		h.found, h.err = secret.Find(h.pass, ins, false)
		if h.err != nil {
			h.found = &secret.Found{}
		}
	}
	lit, ok := h.found.In(text)
	if !ok {
		return nil
	}
	if s := h.bySrc[lit.Pos]; s != nil {
		return s
	}
	s := &source{desc: fmt.Sprintf("the hard-coded key (%s)", lint.Where(h.pass.Fset, lit.Pos))}
	h.bySrc[lit.Pos] = s
	return s
}

// keyShaped reports whether a constant could hold a hard-coded key: one of
// its words, runs of the characters keys, basic-auth pairs and DSNs are
// made of (an = parts a key=value pair; a base64 key's padding is not
// needed to tell its shape), is shaped like a credential (a URL only with a userinfo part).
// Log messages, format strings and names, most constants that reach a
// sink, are not, and do not make the package judged: judging builds the
// content rules, a third of a second in each go vet process.
func keyShaped(text string) bool {
	for _, w := range strings.FieldsFunc(text, notKeyChar) {
		w = strings.Trim(w, ".:-")
		if strings.Contains(w, "://") && !strings.Contains(w, "@") {
			continue
		}
		if names.CredentialShaped(w) {
			return true
		}
	}
	return false
}

// notKeyChar reports whether r parts the words keyShaped judges: it occurs
// in no key, token, basic-auth pair or URL (a format verb's %, a call's
// parentheses, quotes), or is a key=value pair's =.
func notKeyChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return false
	}
	return !strings.ContainsRune("-_./+:@~", r)
}
