// Package origin follows a Go expression back to the string literals its
// value is made of: through constants (in any file of the package), variables
// whose every assignment the package can see, parameters of package-local
// functions, conversions and string concatenation. The analyzers report on a
// literal, where the fix goes, and not again at each use of it.
//
// It works on the syntax tree, not on SSA: an SSA constant has no position,
// and the report belongs on the literal a user edits.
//
// Prefixes, which asks what can start a value (a URL's scheme), follows more
// than Literals does: the results of package-local functions, of calls
// whose result starts with an argument (fmt.Sprintf with a leading verb,
// url.JoinPath, url.Parse, strings.Join, a *url.URL's String), and struct
// fields, through every assignment and literal of them in the package.
// Literals, which asks what a value is made of (a credential), stays with
// values that are copied whole.
package origin

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
)

// Index knows, for one package, what every constant is declared as, what
// every local or package variable, struct field and local-function
// parameter is assigned, and what every package-local function returns.
type Index struct {
	info *types.Info
	pkg  *types.Package
	// defs maps a constant or variable to the expressions it is given.
	// What the index cannot see (a store through a pointer, a map or
	// channel read) is left out, which stops nothing: the literals among
	// the others still reach.
	defs map[types.Object][]ast.Expr
	// results maps a variable given one result of a call with several
	// (u, err := url.JoinPath(…)) to that call and the result's index.
	results map[types.Object][]result
	// fields maps a struct field to the values the package stores in it,
	// by assignment (c.base = …) or in a composite literal.
	fields map[types.Object][]ast.Expr
	// returns maps a function or method declared in the package to the
	// result lists of its return statements.
	returns map[*types.Func][][]ast.Expr
	// constants maps a literal that starts a constant concatenation
	// ("http://" + bindAddress + "/", bindAddress a constant) to the
	// longest such concatenation's value: its host is known.
	constants map[*ast.BasicLit]string
}

// result is the index-th result of a call.
type result struct {
	call  *ast.CallExpr
	index int
}

// NewIndex walks the package once.
func NewIndex(pass *analysis.Pass) *Index {
	ix := &Index{
		info:    pass.TypesInfo,
		pkg:     pass.Pkg,
		defs:    map[types.Object][]ast.Expr{},
		results: map[types.Object][]result{},
		fields:  map[types.Object][]ast.Expr{},
		returns: map[*types.Func][][]ast.Expr{},

		constants: map[*ast.BasicLit]string{},
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				ix.bindReturns(n)
			case *ast.ValueSpec:
				if len(n.Values) != len(n.Names) {
					break
				}
				for i, name := range n.Names {
					if obj := ix.info.Defs[name]; obj != nil {
						ix.defs[obj] = append(ix.defs[obj], n.Values[i])
					}
				}
			case *ast.AssignStmt:
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					break
				}
				if len(n.Lhs) != len(n.Rhs) {
					ix.bindResults(n)
					break
				}
				for i, lhs := range n.Lhs {
					if obj := ix.field(lhs); obj != nil {
						ix.fields[obj] = append(ix.fields[obj], n.Rhs[i])
						continue
					}
					id, ok := ast.Unparen(lhs).(*ast.Ident)
					if !ok {
						continue
					}
					if obj := ix.info.ObjectOf(id); obj != nil {
						ix.defs[obj] = append(ix.defs[obj], n.Rhs[i])
					}
				}
			case *ast.CompositeLit:
				ix.bindFields(n)
			case *ast.CallExpr:
				ix.bindParams(n)
			case *ast.BinaryExpr:
				ix.bindConstant(n)
			}
			return true
		})
	}
	return ix
}

// bindParams records a call's arguments as assignments to the parameters of
// a function declared in this package, so that a literal passed to a helper
// is followed into it.
func (ix *Index) bindParams(call *ast.CallExpr) {
	fn := lint.Callee(ix.info, call)
	if fn == nil || fn.Pkg() != ix.pkg || call.Ellipsis.IsValid() {
		return
	}
	// A generic function's instances have parameters of their own; the
	// body uses those of the origin.
	fn = fn.Origin()
	sig := fn.Type().(*types.Signature)
	params := sig.Params()
	if sig.Variadic() || params.Len() != len(call.Args) {
		return
	}
	for i, arg := range call.Args {
		p := params.At(i)
		ix.defs[p] = append(ix.defs[p], arg)
	}
}

// bindResults records the variables of u, err := f(…) as given f's results.
func (ix *Index) bindResults(as *ast.AssignStmt) {
	if len(as.Rhs) != 1 {
		return
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	for i, lhs := range as.Lhs {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			continue
		}
		if obj := ix.info.ObjectOf(id); obj != nil {
			ix.results[obj] = append(ix.results[obj], result{call, i})
		}
	}
}

// field returns the struct field e selects, or nil.
func (ix *Index) field(e ast.Expr) types.Object {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if s, ok := ix.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
		return s.Obj()
	}
	return nil
}

// bindFields records a struct literal's elements as stores to its fields.
func (ix *Index) bindFields(cl *ast.CompositeLit) {
	t := ix.info.TypeOf(cl)
	if t == nil {
		return
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, el := range cl.Elts {
		var obj types.Object
		v := el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			obj, v = ix.info.Uses[key], kv.Value
		} else if i < st.NumFields() {
			obj = st.Field(i)
		}
		if obj != nil {
			ix.fields[obj] = append(ix.fields[obj], v)
		}
	}
}

// bindReturns records the result lists of a function's return statements,
// leaving out those of the function literals in it.
func (ix *Index) bindReturns(fd *ast.FuncDecl) {
	fn, ok := ix.info.Defs[fd.Name].(*types.Func)
	if !ok || fd.Body == nil {
		return
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			ix.returns[fn] = append(ix.returns[fn], n.Results)
		}
		return true
	})
}

// Literals returns the string literals e's value is made of. Literals of
// other packages are out of reach (the analyzer reports them when it runs
// on that package).
func (ix *Index) Literals(e ast.Expr) []*ast.BasicLit {
	var out []*ast.BasicLit
	ix.walk(e, map[types.Object]bool{}, false, func(l *ast.BasicLit) { out = append(out, l) })
	return out
}

// Prefixes returns the literals that can start e's value: the left operand
// of a concatenation, the format of a fmt.Sprintf (or its first argument,
// when the format starts with %s or %v), the first argument of url.JoinPath,
// url.Parse and url.ParseRequestURI, the first element of a literal list
// given to strings.Join, the URL a *url.URL's String or JoinPath is called
// on, what a package-local function returns, and the literals a constant,
// variable or struct field is given.
func (ix *Index) Prefixes(e ast.Expr) []*ast.BasicLit {
	var out []*ast.BasicLit
	ix.walk(e, map[types.Object]bool{}, true, func(l *ast.BasicLit) { out = append(out, l) })
	return out
}

func (ix *Index) walk(e ast.Expr, seen map[types.Object]bool, prefix bool, yield func(*ast.BasicLit)) {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			yield(e)
		}
	case *ast.Ident:
		obj := ix.info.ObjectOf(e)
		switch obj.(type) {
		case *types.Const, *types.Var:
		default:
			return
		}
		if seen[obj] {
			return
		}
		seen[obj] = true
		for _, d := range ix.defs[obj] {
			ix.walk(d, seen, prefix, yield)
		}
		if prefix {
			for _, r := range ix.results[obj] {
				ix.walkResult(r.call, r.index, seen, yield)
			}
		}
	case *ast.SelectorExpr:
		obj := ix.field(e)
		if !prefix || obj == nil || seen[obj] {
			return
		}
		seen[obj] = true
		for _, d := range ix.fields[obj] {
			ix.walk(d, seen, prefix, yield)
		}
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return
		}
		if prefix {
			ix.walk(e.X, seen, prefix, yield)
			return
		}
		// In a concatenation with a part only known at run time
		// ("sk-ant-" + random()), the literal parts are affixes, not the
		// value; constants and variables among the parts are still
		// followed.
		dynamic := ix.info.Types[e].Value == nil
		for _, op := range []ast.Expr{e.X, e.Y} {
			if _, lit := ast.Unparen(op).(*ast.BasicLit); lit && dynamic {
				continue
			}
			ix.walk(op, seen, prefix, yield)
		}
	case *ast.CallExpr:
		// A conversion to a string or byte type keeps the value.
		if tv, ok := ix.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			ix.walk(e.Args[0], seen, prefix, yield)
			return
		}
		if prefix {
			ix.walkResult(e, 0, seen, yield)
		}
	}
}

// walkResult yields the literals that can start the index-th result of
// call.
func (ix *Index) walkResult(call *ast.CallExpr, index int, seen map[types.Object]bool, yield func(*ast.BasicLit)) {
	fn := lint.Callee(ix.info, call)
	if fn == nil {
		return
	}
	switch {
	case index != 0:
	case lint.IsFunc(fn, "fmt", "Sprintf") && len(call.Args) > 0:
		ix.walk(call.Args[0], seen, true, yield)
		if f, ok := lint.ConstString(ix.info, call.Args[0]); ok && len(call.Args) > 1 &&
			(strings.HasPrefix(f, "%s") || strings.HasPrefix(f, "%v")) {
			ix.walk(call.Args[1], seen, true, yield)
		}
		return
	case lint.IsFunc(fn, "net/url", "JoinPath", "Parse", "ParseRequestURI") && len(call.Args) > 0:
		ix.walk(call.Args[0], seen, true, yield)
		return
	case lint.IsFunc(fn, "strings", "Join") && len(call.Args) > 0:
		ix.walkFirst(call.Args[0], seen, yield)
		return
	case lint.IsMethod(fn, "net/url", "URL", "String", "JoinPath"):
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			ix.walk(sel.X, seen, true, yield)
		}
		return
	}
	fn = fn.Origin()
	if fn.Pkg() != ix.pkg || seen[fn] {
		return
	}
	seen[fn] = true
	n := fn.Type().(*types.Signature).Results().Len()
	for _, res := range ix.returns[fn] {
		switch {
		case len(res) == n && index < n:
			ix.walk(res[index], seen, true, yield)
		case len(res) == 1 && n > 1: // return f(…) of a function with as many results
			if c, ok := ast.Unparen(res[0]).(*ast.CallExpr); ok {
				ix.walkResult(c, index, seen, yield)
			}
		}
	}
}

// walkFirst yields the literals that can start the first element of a
// []string literal, given directly or through a variable.
func (ix *Index) walkFirst(e ast.Expr, seen map[types.Object]bool, yield func(*ast.BasicLit)) {
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		if len(e.Elts) > 0 {
			if _, kv := e.Elts[0].(*ast.KeyValueExpr); !kv {
				ix.walk(e.Elts[0], seen, true, yield)
			}
		}
	case *ast.Ident:
		obj := ix.info.ObjectOf(e)
		if _, ok := obj.(*types.Var); !ok || seen[obj] {
			return
		}
		seen[obj] = true
		for _, d := range ix.defs[obj] {
			if cl, ok := ast.Unparen(d).(*ast.CompositeLit); ok {
				ix.walkFirst(cl, seen, yield)
			}
		}
	}
}

// bindConstant records the value of a constant concatenation for the
// literal it starts. The outermost concatenation is met first, and is the
// longest.
func (ix *Index) bindConstant(e *ast.BinaryExpr) {
	tv := ix.info.Types[e]
	if e.Op != token.ADD || tv.Value == nil || tv.Value.Kind() != constant.String {
		return
	}
	var first ast.Expr = e
	for {
		b, ok := ast.Unparen(first).(*ast.BinaryExpr)
		if !ok {
			break
		}
		first = b.X
	}
	lit, ok := ast.Unparen(first).(*ast.BasicLit)
	if !ok {
		return
	}
	if _, done := ix.constants[lit]; !done {
		ix.constants[lit] = constant.StringVal(tv.Value)
	}
}

// PrefixValue returns what a literal found by Prefixes starts with: the
// whole constant concatenation it begins, else its own value.
func (ix *Index) PrefixValue(l *ast.BasicLit) (string, bool) {
	if s, ok := ix.constants[l]; ok {
		return s, true
	}
	return Value(l)
}

// Value returns a string literal's value, or false for a literal that does
// not unquote.
func Value(l *ast.BasicLit) (string, bool) {
	s, err := strconv.Unquote(l.Value)
	return s, err == nil
}
