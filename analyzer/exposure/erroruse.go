package exposure

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A key formatted into an error (fmt.Errorf, errors.New) leaks only where
// the error goes on to: a log line, a response, a caller that prints it.
// An error that its function only returns leaks at the callers that use
// it, not at those that drop it: caddy's Replacer.ReplaceAll calls the
// same replace as ReplaceOrErr and discards its error, so a key expanded
// with ReplaceAll never reaches the error replace builds, and the key
// expanded with ReplaceOrErr and wrapped into the caller's error does.

// errorUse is what a call's caller does with the errors the call returns.
// The values are ordered so that min joins two uses: used over returned
// over dropped.
type errorUse int

const (
	// errorUsed: passed on, stored, formatted or logged (or the call
	// returns its error in a way not followed here): the error may leak.
	errorUsed errorUse = iota
	// errorReturned: only returned by the caller, as an error, and
	// perhaps compared: whether it leaks is up to the caller's callers.
	errorReturned
	// errorDropped: discarded, or only compared (err != nil): nothing in
	// it leaves the caller.
	errorDropped
)

// errorUseOf says what the caller of ci does with the errors it returns.
// A call in a go or defer statement drops its results.
func errorUseOf(ci ssa.CallInstruction) errorUse {
	call, ok := ci.(*ssa.Call)
	if !ok {
		return errorDropped
	}
	results := call.Call.Signature().Results()
	var errs []ssa.Value
	switch {
	case results.Len() == 1 && isErrorType(results.At(0).Type()):
		errs = append(errs, call)
	case results.Len() > 1:
		for _, r := range referrers(call) {
			if ex, ok := r.(*ssa.Extract); ok && isErrorType(results.At(ex.Index).Type()) {
				errs = append(errs, ex)
			}
		}
	}
	if len(errs) == 0 && !hasErrorResult(results) {
		return errorUsed // no error result: the error leaves some other way
	}
	use := errorDropped
	seen := map[ssa.Value]bool{}
	for _, v := range errs {
		use = min(use, errorUseOfValue(v, seen))
	}
	return use
}

// errorUseOfValue follows an error value through the φ-nodes that merge
// it and the fmt.Errorf calls that wrap it: a comparison drops it, a
// return in an error result returns it, any other use uses it.
func errorUseOfValue(v ssa.Value, seen map[ssa.Value]bool) errorUse {
	if seen[v] {
		return errorDropped
	}
	seen[v] = true
	use := errorDropped
	for _, r := range referrers(v) {
		var next []ssa.Value
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.BinOp:
			if r.Op != token.EQL && r.Op != token.NEQ {
				return errorUsed
			}
		case *ssa.Phi:
			next = []ssa.Value{r}
		case *ssa.ChangeInterface:
			if next = wrappingErrors(r); next == nil {
				return errorUsed
			}
		case *ssa.Return:
			results := r.Parent().Signature.Results()
			for i, x := range r.Results {
				if x == v && !isErrorType(results.At(i).Type()) {
					return errorUsed // returned as something else
				}
			}
			use = min(use, errorReturned)
		default:
			return errorUsed
		}
		for _, w := range next {
			if use = min(use, errorUseOfValue(w, seen)); use == errorUsed {
				return errorUsed
			}
		}
	}
	return use
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func hasErrorResult(results *types.Tuple) bool {
	for i := range results.Len() {
		if isErrorType(results.At(i).Type()) {
			return true
		}
	}
	return false
}

// wrappingErrors returns the fmt.Errorf calls that an error converted to
// any (v) is an argument of: stored into the ...any array of each, and
// put nowhere else. It returns nil when the value goes anywhere else.
func wrappingErrors(v ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, r := range referrers(v) {
		st, ok := r.(*ssa.Store)
		if !ok || st.Val != v {
			return nil
		}
		ia, ok := st.Addr.(*ssa.IndexAddr)
		if !ok {
			return nil
		}
		array, ok := ia.X.(*ssa.Alloc)
		if !ok {
			return nil
		}
		for _, ar := range referrers(array) {
			switch ar := ar.(type) {
			case *ssa.IndexAddr:
			case *ssa.Slice:
				for _, sr := range referrers(ar) {
					call, ok := sr.(*ssa.Call)
					if !ok || !isErrorf(call.Common()) {
						return nil
					}
					out = append(out, call)
				}
			default:
				return nil
			}
		}
	}
	return out
}

func isErrorf(c *ssa.CallCommon) bool {
	name, pkg := calleeName(c)
	return pkg == "fmt" && name == "fmt.Errorf"
}
