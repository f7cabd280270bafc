package exposure

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/internal/names"
)

// propagators are packages whose functions return what they are given in
// another form (strings.TrimSpace, strconv.Quote, url.QueryEscape,
// base64 encoding): the result still is the key.
var propagators = map[string]bool{
	"strings": true, "bytes": true, "strconv": true, "net/url": true,
	"encoding/base64": true, "encoding/hex": true, "encoding/json": true,
	"path": true,
}

// fmtPropagators build a string from their arguments.
var fmtPropagators = []string{"Sprint", "Sprintf", "Sprintln", "Append", "Appendf", "Appendln"}

// sanitizerWords, in a function's name, mean it returns something safe to
// show in place of a key.
var sanitizerWords = []string{"redact", "redacted", "mask", "masked", "hash", "hashed", "fingerprint",
	"sanitize", "sanitized", "obfuscate", "obfuscated", "scrub", "censor", "anonymize", "digest", "hmac"}

// call adds the origins of a call's result: of result idx of a call with
// several results, of its one result when idx is -1. Results are tracked
// separately: the error a call returns next to a key is not the key.
func (a *flow) call(v *ssa.Call, idx int, add func(...origin), from func(...ssa.Value)) {
	c := v.Common()
	if idx <= 0 {
		if s := a.callSource(v, c, v.Type()); s != nil {
			add(origin{src: s})
			return
		}
	}
	if idx > 0 {
		// A later result (an error, a bool, a count) carries the key only
		// when it is text itself, or the package's own code returns it.
		if tup, ok := v.Type().(*types.Tuple); ok && idx < tup.Len() && !carriesText(tup.At(idx).Type()) {
			if fn := c.StaticCallee(); fn == nil || fn.Pkg != a.ssaPkg() {
				return
			}
		}
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if b.Name() == "append" {
			from(c.Args...)
		}
		return // len, cap, min … tell nothing of the key
	}
	name, pkg := calleeName(c)
	if name == "" {
		return
	}
	// A function of the package is judged by what it does: localCall
	// follows its body, where a hash, a short slice or a constant ends the
	// flow and a key handed back does not, whatever the function is
	// called. Only functions without a body here are judged by name.
	local := a.localFunc(c.StaticCallee())
	if !local && sanitizer(name, pkg) {
		return
	}
	short := name[strings.LastIndexByte(name, '.')+1:]
	switch {
	case propagators[pkg]:
		from(c.Args...)
	case pkg == "fmt" && slices.Contains(fmtPropagators, short):
		from(c.Args...)
	case (isLoggerPkg(pkg) || pkg == "log/slog") && fieldType(c.Signature().Results()):
		from(c.Args...) // zap.String("key", k), slog.Any("key", k)
	case local:
		a.localCall(c.StaticCallee(), c, idx, add, from)
	}
}

// localFunc reports whether fn is a function of the package being
// analysed, with a body to follow.
func (a *flow) localFunc(fn *ssa.Function) bool {
	return fn != nil && fn.Blocks != nil && fn.Pkg != nil && fn.Pkg == a.ssaPkg()
}

func (a *flow) ssaPkg() *ssa.Package {
	if len(a.funcs) == 0 {
		return nil
	}
	return a.funcs[0].Pkg
}

// localCall adds what a package function returns given the call's
// arguments: its return values' origins, each of its parameters replaced
// by the argument passed for it.
func (a *flow) localCall(fn *ssa.Function, c *ssa.CallCommon, idx int, add func(...origin), from func(...ssa.Value)) {
	if identityResult(fn.Signature.Results(), idx) {
		return
	}
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		results := ret.Results
		if idx >= 0 && idx < len(results) {
			results = results[idx : idx+1]
		}
		for _, r := range results {
			for _, o := range a.origins(r) {
				if o.param != nil && o.param.Parent() == fn {
					if i := slices.Index(fn.Params, o.param); i >= 0 && i < len(c.Args) {
						from(c.Args[i])
					}
					continue
				}
				add(o)
			}
		}
	}
}

// sanitizer reports whether a function whose body the analyzer cannot see
// turns a key into something safe to show: anything of the crypto and hash
// packages, and a function named to redact, mask, hash or fingerprint.
func sanitizer(name, pkg string) bool {
	if strings.HasPrefix(pkg, "crypto/") || pkg == "hash" || strings.HasPrefix(pkg, "hash/") ||
		strings.HasPrefix(pkg, "golang.org/x/crypto/") {
		return true
	}
	for _, w := range names.Words(name) {
		if slices.Contains(sanitizerWords, w) {
			return true
		}
	}
	return false
}

// isWriter reports whether a call writes its arguments into its receiver:
// strings.Builder and bytes.Buffer writes, fmt.Fprint* into one of them.
func isWriter(c *ssa.CallCommon) bool {
	if len(c.Args) < 2 {
		return false
	}
	name, pkg := calleeName(c)
	switch {
	case (pkg == "strings" && strings.HasPrefix(name, "Builder.Write")) ||
		(pkg == "bytes" && strings.HasPrefix(name, "Buffer.Write")):
		return true
	case pkg == "fmt" && strings.HasPrefix(name, "fmt.Fprint"):
		return lint.IsNamed(c.Args[0].Type(), "strings", "Builder") || lint.IsNamed(c.Args[0].Type(), "bytes", "Buffer") ||
			isInterfaceOver(c.Args[0])
	}
	return false
}

// isInterfaceOver reports whether v is a builder or buffer converted to an
// io.Writer, as fmt.Fprintf(&b, …) passes it.
func isInterfaceOver(v ssa.Value) bool {
	mi, ok := v.(*ssa.MakeInterface)
	return ok && (lint.IsNamed(mi.X.Type(), "strings", "Builder") || lint.IsNamed(mi.X.Type(), "bytes", "Buffer"))
}

// mapUpdates feeds the values stored into a map to from.
func (a *flow) mapUpdates(m *ssa.MakeMap, from func(...ssa.Value)) {
	refs := m.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		if u, ok := r.(*ssa.MapUpdate); ok && u.Map == m {
			from(u.Value)
		}
	}
}

// identityResult reports whether result idx (-1: the only one) is named
// for who someone is: the user of parseAuthorization(r) (user, pass
// string, ok bool) is split from the Authorization header, but it is the
// user's name, which servers log for failed logins, and not the password.
func identityResult(results *types.Tuple, idx int) bool {
	if idx < 0 && results.Len() == 1 {
		idx = 0
	}
	return idx >= 0 && idx < results.Len() && names.Identity(results.At(idx).Name())
}
