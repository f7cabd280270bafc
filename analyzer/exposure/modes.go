package exposure

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Settings that are not keys, told by what the code does with them, not by
// their names: a field named AuthToken may hold the name of a token
// provider and its options.

// isMode reports whether v is compared with two or more different
// non-empty string constants: a switch over a setting's words
// ("simple", "jwt") tells a mode or a type, whatever its variable is
// called, and a mode is not a key. (A key compared with "" or with one
// placeholder still is one.)
func isMode(v ssa.Value) bool {
	if !isString(v.Type()) {
		return false
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	var words []string
	for _, r := range *refs {
		cmp, ok := r.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
			continue
		}
		other := cmp.Y
		if other == v {
			other = cmp.X
		}
		if w, ok := constString(other); ok && w != "" && !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	return len(words) >= 2
}

// optionList reports whether v is a list of options led by a mode: it is
// split at commas (strings.Split, SplitN or Cut) and its first item is a
// mode (isMode), where it is split or, handed back by a function of the
// package, where that function's callers receive it. etcd's auth option
// "jwt,pub-key=path,sign-method=RS256" is one: decomposeOpts splits it and
// returns opts[0], which NewTokenProvider switches on ("simple", "jwt").
// A key is not led by a word the code chooses among: a credential pair
// "SID,TOKEN" whose first item is only checked for being set stays a key,
// and so does a DSN whose scheme ("postgres", "mysql") is cut off at
// "://", which is no list's separator.
func (a *flow) optionList(v ssa.Value) bool {
	if !isString(v.Type()) {
		return false
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		call, ok := r.(*ssa.Call)
		if !ok || len(call.Call.Args) < 2 || call.Call.Args[0] != v {
			continue
		}
		if sep, ok := constString(call.Call.Args[1]); !ok || sep != "," {
			continue
		}
		var first []ssa.Value
		switch name, pkg := calleeName(&call.Call); {
		case pkg != "strings":
		case name == "strings.Split" || name == "strings.SplitN":
			first = firstElems(call)
		case name == "strings.Cut":
			first = results(call, 0)
		}
		for _, f := range first {
			if a.modeOrReturnedMode(f, map[ssa.Value]bool{}) {
				return true
			}
		}
	}
	return false
}

// modeOrReturnedMode reports whether v is a mode, or is returned by its
// function and is a mode at one of the package's calls of it.
func (a *flow) modeOrReturnedMode(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	if isMode(v) {
		return true
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		ret, ok := r.(*ssa.Return)
		if !ok {
			continue
		}
		i := slices.Index(ret.Results, v)
		for _, ci := range a.callers[ret.Parent()] {
			call, ok := ci.(*ssa.Call)
			if !ok {
				continue
			}
			for _, got := range results(call, i) {
				if a.modeOrReturnedMode(got, seen) {
					return true
				}
			}
		}
	}
	return false
}

// firstElems returns the loads of a slice's first element: opts[0] of
// opts := strings.Split(s, ",").
func firstElems(slice ssa.Value) []ssa.Value {
	if slice.Referrers() == nil {
		return nil
	}
	var out []ssa.Value
	for _, r := range *slice.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.X != slice || ia.Referrers() == nil {
			continue
		}
		if c, ok := ia.Index.(*ssa.Const); !ok || c.Value == nil || c.Int64() != 0 {
			continue
		}
		for _, l := range *ia.Referrers() {
			if load, ok := l.(*ssa.UnOp); ok && load.Op == token.MUL {
				out = append(out, load)
			}
		}
	}
	return out
}

// results returns result i of a call as its caller receives it: the call
// itself for a function of one result, the extractions of result i
// otherwise.
func results(call *ssa.Call, i int) []ssa.Value {
	tup, ok := call.Type().(*types.Tuple)
	if !ok {
		if i == 0 {
			return []ssa.Value{call}
		}
		return nil
	}
	if call.Referrers() == nil || i < 0 || i >= tup.Len() {
		return nil
	}
	var out []ssa.Value
	for _, r := range *call.Referrers() {
		if e, ok := r.(*ssa.Extract); ok && e.Index == i {
			out = append(out, e)
		}
	}
	return out
}

// isString reports whether t is a string type.
func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}
