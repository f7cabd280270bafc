package exposure

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/internal/names"
)

// A query parameter's name can say what its value is when the variable's
// name does not: "api_key=" + v, q.Set("client_secret", s) and
// fmt.Sprintf("…?access_token=%s", t) put a credential in a URL whatever v,
// s and t are called. Such a value is reported when it is not a constant
// (a literal key in a URL is the hardcoded-secret analyzer's finding,
// url-query-secret) and not a number or a hash. The name must be a
// credential by itself (api_key, client_secret, access_token, password):
// a bare token= or auth= names a page token or a mode as often as a
// credential, and counts only when the same value is also sent as a
// credential (an Authorization header, SetBasicAuth).

// presigned are the query parameters of signed URLs whose names say
// credential but which carry a key's ID and scope by design (AWS
// Signature V4, Google Cloud Storage V4 signing): a presigned URL is meant
// to be handed out, and what a server reads from one (q.Get("X-Amz-Credential"),
// to verify it) is no source either.
var presigned = map[string]bool{"x-amz-credential": true, "x-goog-credential": true}

// checkQuery reports v sent as the value of query parameter name.
func (a *flow) checkQuery(pos token.Pos, sink, name string, v ssa.Value) {
	if name == "" || !names.QueryCredential(name) || !names.LooksLikeName(name) || presigned[strings.ToLower(name)] {
		return
	}
	if names.Ambiguous(name) && !a.sentValue(v, 0) {
		return
	}
	if !unknownText(v, 0) {
		return
	}
	a.report(RuleURL, pos, sink, []*source{{desc: fmt.Sprintf("the value of query parameter %s", name)}})
}

// sentValue reports whether v, or what it is a copy or conversion of, is
// sent as a credential.
func (a *flow) sentValue(v ssa.Value, depth int) bool {
	if depth > 8 {
		return false
	}
	if a.sent.values[v] {
		return true
	}
	switch x := v.(type) {
	case *ssa.MakeInterface:
		return a.sentValue(x.X, depth+1)
	case *ssa.Convert:
		return a.sentValue(x.X, depth+1)
	case *ssa.ChangeType:
		return a.sentValue(x.X, depth+1)
	case *ssa.Call:
		name, pkg := calleeName(x.Common())
		if propagators[pkg] && name != "" && len(x.Common().Args) > 0 {
			return a.sentValue(x.Common().Args[0], depth+1)
		}
	}
	return false
}

// unknownText reports whether v may be any text: not a constant, a
// number, a length or a hash, nor a slice of such elements (the []string
// of a url.Values entry).
func unknownText(v ssa.Value, depth int) bool {
	if depth > 8 {
		return true
	}
	switch x := v.(type) {
	case *ssa.Const:
		return false
	case *ssa.MakeInterface:
		return unknownText(x.X, depth+1)
	case *ssa.Convert:
		return unknownText(x.X, depth+1)
	case *ssa.ChangeType:
		return unknownText(x.X, depth+1)
	case *ssa.BinOp:
		return x.Op == token.ADD && (unknownText(x.X, depth+1) || unknownText(x.Y, depth+1))
	case *ssa.Phi:
		for _, e := range x.Edges {
			if unknownText(e, depth+1) {
				return true
			}
		}
		return false
	case *ssa.Slice:
		if alloc, ok := x.X.(*ssa.Alloc); ok {
			for _, ref := range referrers(alloc) {
				if ia, ok := ref.(*ssa.IndexAddr); ok && ia.X == alloc {
					for _, e := range stored(ia) {
						if unknownText(e, depth+1) {
							return true
						}
					}
				}
			}
			return false
		}
	case *ssa.Call:
		c := x.Common()
		name, pkg := calleeName(c)
		if sanitizer(name, pkg) || pkg == "strconv" && !strings.Contains(name, "Quote") && !strings.Contains(name, "Unquote") {
			return false // strconv.Itoa, FormatInt: a number
		}
		if propagators[pkg] && len(c.Args) > 0 {
			for _, arg := range c.Args {
				if unknownText(arg, depth+1) {
					return true
				}
			}
			return false
		}
	}
	return carriesText(v.Type()) || isInterface(v.Type())
}

func isInterface(t types.Type) bool {
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

// paramBefore returns the name of the query parameter whose value follows
// text s ("…?api_key=" gives api_key), or "". With start, s may also be
// the start of a query ("api_key=" assigned to RawQuery).
func paramBefore(s string, start bool) string {
	rest, ok := strings.CutSuffix(s, "=")
	if !ok {
		return ""
	}
	i := strings.LastIndexAny(rest, "?&;")
	if i < 0 && !start {
		return ""
	}
	return rest[i+1:]
}

// constString returns v's value when it is a string constant.
func constString(v ssa.Value) (string, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(k.Value), true
}

// trailingConst returns the constant a concatenation ends with.
func trailingConst(v ssa.Value) (string, bool) {
	if b, ok := v.(*ssa.BinOp); ok && b.Op == token.ADD {
		return constString(b.Y)
	}
	return constString(v)
}

// checkConcatQuery reports the value appended to a URL after a constant
// that ends with a credential's parameter name: base + "?api_key=" + v.
func (a *flow) checkConcatQuery(pos token.Pos, sink string, x, y ssa.Value) {
	if s, ok := trailingConst(x); ok {
		a.checkQuery(pos, sink, paramBefore(s, false), y)
	}
}

// checkRawQuery reports a query assigned to RawQuery that starts with a
// credential's parameter: u.RawQuery = "api_key=" + v. A query whose
// parameter follows a ? or & is the concatenation's (checkConcatQuery).
func (a *flow) checkRawQuery(pos token.Pos, sink string, v ssa.Value) {
	for {
		b, ok := v.(*ssa.BinOp)
		if !ok || b.Op != token.ADD {
			return
		}
		if s, ok := constString(b.X); ok {
			if !strings.ContainsAny(s, "?&;") {
				a.checkQuery(pos, sink, paramBefore(s, true), b.Y)
			}
			return
		}
		v = b.X
	}
}

// checkFormatQuery reports the arguments fmt.Sprintf puts after a
// credential's parameter name in a URL: "%s/offers?api_key=%s".
func (a *flow) checkFormatQuery(pos token.Pos, sink string, format, args ssa.Value) {
	f, ok := constString(format)
	if !ok {
		return
	}
	for i, name := range formatParams(f) {
		if name == "" {
			continue
		}
		if v := variadicElem(args, i); v != nil {
			a.checkQuery(pos, sink, name, v)
		}
	}
}

// formatParams returns, for each verb of a format in order, the name of
// the query parameter it is the value of ("" for none). A format with
// explicit argument indexes gives nil.
func formatParams(f string) []string {
	var out []string
	last := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(f) && strings.IndexByte("+-# 0123456789.*", f[j]) >= 0 {
			j++
		}
		if j >= len(f) {
			break
		}
		switch f[j] {
		case '%':
			i = j
			continue
		case '[':
			return nil
		}
		name := ""
		if f[j] == 's' || f[j] == 'v' || f[j] == 'q' || f[j] == 'x' {
			name = paramBefore(f[last:i], false)
		}
		out = append(out, name)
		i = j
		last = j + 1
	}
	return out
}

// variadicElem returns element i of the ...any slice a call passes.
func variadicElem(args ssa.Value, i int) ssa.Value {
	sl, ok := args.(*ssa.Slice)
	if !ok {
		return nil
	}
	alloc, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	for _, ref := range referrers(alloc) {
		ia, ok := ref.(*ssa.IndexAddr)
		if !ok || ia.X != alloc {
			continue
		}
		k, ok := ia.Index.(*ssa.Const)
		if !ok || k.Value == nil || k.Int64() != int64(i) {
			continue
		}
		if vs := stored(ia); len(vs) == 1 {
			return vs[0]
		}
	}
	return nil
}
