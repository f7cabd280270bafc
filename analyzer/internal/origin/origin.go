// Package origin follows a Go expression back to the string literals its
// value is made of: through constants (in any file of the package), variables
// whose every assignment the package can see, parameters of package-local
// functions, conversions and string concatenation. The analyzers report on a
// literal, where the fix goes, and not again at each use of it.
package origin

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
)

// Index knows, for one package, what every constant is declared as and what
// every local or package variable and local-function parameter is assigned.
type Index struct {
	info *types.Info
	pkg  *types.Package
	// defs maps a constant or variable to the expressions it is given. A
	// variable assigned from something the index cannot see (a tuple, a
	// pointer, a call's results) maps to a nil entry among them, which
	// stops nothing: the literals among the others still reach.
	defs map[types.Object][]ast.Expr
}

// NewIndex walks the package once.
func NewIndex(pass *analysis.Pass) *Index {
	ix := &Index{info: pass.TypesInfo, pkg: pass.Pkg, defs: map[types.Object][]ast.Expr{}}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
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
				if len(n.Lhs) != len(n.Rhs) || (n.Tok != token.ASSIGN && n.Tok != token.DEFINE) {
					break
				}
				for i, lhs := range n.Lhs {
					id, ok := ast.Unparen(lhs).(*ast.Ident)
					if !ok {
						continue
					}
					if obj := ix.info.ObjectOf(id); obj != nil {
						ix.defs[obj] = append(ix.defs[obj], n.Rhs[i])
					}
				}
			case *ast.CallExpr:
				ix.bindParams(n)
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

// Literals returns the string literals e's value is made of. Literals of
// other packages are out of reach (the analyzer reports them when it runs
// on that package).
func (ix *Index) Literals(e ast.Expr) []*ast.BasicLit {
	var out []*ast.BasicLit
	ix.walk(e, map[types.Object]bool{}, false, func(l *ast.BasicLit) { out = append(out, l) })
	return out
}

// Prefixes returns the literals that can start e's value: the left operand
// of a concatenation, the format of a fmt.Sprintf, the literals a constant
// or variable is given.
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
		if prefix && len(e.Args) > 0 && lint.IsFunc(lint.Callee(ix.info, e), "fmt", "Sprintf") {
			ix.walk(e.Args[0], seen, prefix, yield)
		}
	}
}

// Value returns a string literal's value, or false for a literal that does
// not unquote.
func Value(l *ast.BasicLit) (string, bool) {
	s, err := strconv.Unquote(l.Value)
	return s, err == nil
}
