// Package lint holds what every tightlip analyzer does the same way: skip
// test files, honour suppression comments and attach the rule ID to each
// diagnostic.
package lint

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"iter"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/tightlip/tightlip/internal/allowmark"
)

// Reporter reports diagnostics for one pass, dropping those on a line that
// carries a suppression comment.
type Reporter struct {
	pass *analysis.Pass
	// allowed holds, per file name, the lines with a suppression comment:
	// true for one that silences every tightlip rule.
	allowed map[string]map[int]bool
	// gosec holds, per file name, the gosec rules a #nosec or
	// //nolint:gosec comment silences on a line ("" for all of them).
	gosec map[string]map[int][]string
	// tests holds the test files of the package, which are never reported.
	tests map[*token.File]bool
}

// ReportSuppressed makes a diagnostic that a comment silences come out
// under SuppressedCategory instead of vanishing, so that a driver can
// count what its users' comments hide (tightlip's scan does; go vet,
// tightlip-vet and golangci-lint users see nothing of it). Each analyzer's
// -suppressed flag sets it.
var ReportSuppressed bool

// SuppressedCategory is the category of a silenced diagnostic when
// ReportSuppressed is set; its message is "<rule> <marker>", the marker
// being SilencedByAllow or SilencedByGosec.
const SuppressedCategory = "tightlip-suppressed"

// The markers a silenced diagnostic names.
const (
	SilencedByAllow = allowmark.Tightlip
	SilencedByGosec = "gosec"
)

// SuppressedFlagUsage documents each analyzer's -suppressed flag.
const SuppressedFlagUsage = "report diagnostics that a tightlip:allow, #nosec or //nolint comment silences under category " +
	SuppressedCategory + ", for a driver that counts them"

// NewReporter indexes the pass's files for suppression comments.
func NewReporter(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, allowed: map[string]map[int]bool{}, gosec: map[string]map[int][]string{}, tests: map[*token.File]bool{}}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		if strings.HasSuffix(tf.Name(), "_test.go") {
			r.tests[tf] = true
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if ids, ok := gosecSuppresses(c.Text); ok {
					if len(ids) == 0 {
						ids = []string{""} // all of gosec
					}
					lines := r.gosec[tf.Name()]
					if lines == nil {
						lines = map[int][]string{}
						r.gosec[tf.Name()] = lines
					}
					line := tf.Line(c.Slash)
					lines[line] = append(lines[line], ids...)
				}
				if !suppresses(c.Text) {
					continue
				}
				lines := r.allowed[tf.Name()]
				if lines == nil {
					lines = map[int]bool{}
					r.allowed[tf.Name()] = lines
				}
				lines[tf.Line(c.Slash)] = true
			}
		}
	}
	return r
}

// suppresses reports whether a comment silences tightlip: a tightlip:allow
// (or gitleaks:allow) marker, as the content rules honour it
// (allowmark.In), or a nolint directive naming tightlip or all.
func suppresses(text string) bool {
	if allowmark.In(text) {
		return true
	}
	body := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(text, "//"), "/*"))
	rest, ok := strings.CutPrefix(body, "nolint")
	if !ok {
		return false
	}
	if rest == "" || rest[0] == ' ' {
		return true // a bare //nolint silences every linter
	}
	if rest[0] != ':' {
		return false
	}
	list, _, _ := strings.Cut(rest[1:], " ")
	for _, name := range strings.Split(list, ",") {
		if name == "tightlip" || name == "all" {
			return true
		}
	}
	return false
}

// gosecEquivalents maps the gosec rules that check what a tightlip rule
// checks: a line gosec users already annotated is not reported again.
// Only true equivalents are listed: G101 (hard-coded credentials) and G402
// (TLS InsecureSkipVerify). G107 (a URL from a variable passed to
// http.Get) is about request forgery, not plain HTTP, and no gosec rule
// follows secrets into logs, errors or URLs.
var gosecEquivalents = map[string][]string{
	"G101": {"go-hardcoded-credential", "go-hardcoded-secret"},
	"G402": {"go-insecure-skip-verify"},
}

// gosecSuppresses parses a gosec suppression: "#nosec", "#nosec G101",
// "#nosec G101,G402 -- reason" or "//nolint:gosec". It returns the rules
// named, none for all of them.
func gosecSuppresses(text string) (ids []string, ok bool) {
	body := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(text, "//"), "/*"))
	if rest, ok := strings.CutPrefix(body, "nolint:"); ok {
		list, _, _ := strings.Cut(rest, " ")
		for _, name := range strings.Split(list, ",") {
			if name == "gosec" {
				return nil, true
			}
		}
		return nil, false
	}
	i := strings.Index(text, "#nosec")
	if i < 0 {
		return nil, false
	}
	rest := text[i+len("#nosec"):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, false // #nosecure, not a directive
	}
	rest, _, _ = strings.Cut(rest, "--")
	for _, f := range strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		if len(f) == 4 && f[0] == 'G' {
			ids = append(ids, f)
		} else {
			break // the reason, when it is not set off by --
		}
	}
	if len(ids) == 0 {
		return nil, true
	}
	return ids, true
}

// silencedByGosec reports whether the gosec suppressions of a line (nil:
// none; an empty entry: all of gosec) silence a tightlip rule.
func silencedByGosec(rule string, ids []string) bool {
	if ids == nil {
		return false
	}
	for _, id := range ids {
		if id == "" {
			return isGosecEquivalent(rule, "")
		}
		if isGosecEquivalent(rule, id) {
			return true
		}
	}
	return false
}

func isGosecEquivalent(rule, id string) bool {
	for g, rules := range gosecEquivalents {
		if (id == "" || id == g) && slices.Contains(rules, rule) {
			return true
		}
	}
	return false
}

// InTest reports whether pos lies in a _test.go file. Tests hold fake
// credentials and talk to local test servers by design.
func (r *Reporter) InTest(pos token.Pos) bool {
	return r.tests[r.pass.Fset.File(pos)]
}

// Silenced reports whether a comment on pos's line silences rule there.
func (r *Reporter) Silenced(rule string, pos token.Pos) bool {
	return r.silencedBy(rule, pos) != ""
}

// silencedBy returns the marker of the comment that silences rule at pos,
// or "".
func (r *Reporter) silencedBy(rule string, pos token.Pos) string {
	p := r.pass.Fset.Position(pos)
	switch {
	case r.allowed[p.Filename][p.Line]:
		return SilencedByAllow
	case silencedByGosec(rule, r.gosec[p.Filename][p.Line]):
		return SilencedByGosec
	}
	return ""
}

// Report reports a diagnostic for a rule over [pos, end), unless it is in a
// test file or its line carries a suppression comment. The rule ID is the
// diagnostic's category and prefixes its message, as go vet prints only the
// message.
func (r *Reporter) Report(rule string, pos, end token.Pos, msg string, fixes ...analysis.SuggestedFix) {
	if r.InTest(pos) {
		return
	}
	if by := r.silencedBy(rule, pos); by != "" {
		if ReportSuppressed {
			r.pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: SuppressedCategory, Message: rule + " " + by})
		}
		return
	}
	r.pass.Report(analysis.Diagnostic{
		Pos:            pos,
		End:            end,
		Category:       rule,
		Message:        fmt.Sprintf("[%s] %s", rule, msg),
		SuggestedFixes: fixes,
	})
}

// Imports reports whether pkg imports any of paths directly.
func Imports(pkg *types.Package, paths ...string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range paths {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}

// Where formats a position as file:line with the file's base name, the way
// diagnostics name the other end of a flow.
func Where(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	name := p.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return fmt.Sprintf("%s:%d", name, p.Line)
}

// Callee returns the function or method a call statically calls, or nil
// (for calls through function values, conversions and builtins).
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok { // generic instantiation f[T](…)
		fun = ix.X
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// Args yields each argument of a call to fn with the parameter it binds.
// A variadic parameter's arguments are left out: one name stands for many
// values there, and a spread slice for all of them.
func Args(fn *types.Func, call *ast.CallExpr) iter.Seq2[*types.Var, ast.Expr] {
	return func(yield func(*types.Var, ast.Expr) bool) {
		sig, ok := fn.Type().(*types.Signature)
		if !ok {
			return
		}
		params := sig.Params()
		for i, arg := range call.Args {
			if i >= params.Len() || (sig.Variadic() && i >= params.Len()-1) {
				return
			}
			if !yield(params.At(i), arg) {
				return
			}
		}
	}
}

// IsFunc reports whether fn is the package-level function pkg.name.
func IsFunc(fn *types.Func, pkg string, names ...string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != pkg {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// IsMethod reports whether fn is a method named one of names on the type
// pkg.typ (or a pointer to it).
func IsMethod(fn *types.Func, pkg, typ string, names ...string) bool {
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if !IsNamed(sig.Recv().Type(), pkg, typ) {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// IsNamed reports whether t (or what it points to) is the named type pkg.name.
func IsNamed(t types.Type, pkg, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkg
}

// TargetName names what an assignment writes to: a variable, a field, or a
// map entry with a constant key.
func TargetName(info *types.Info, e ast.Expr) (string, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name, e.Name != "_"
	case *ast.SelectorExpr:
		return e.Sel.Name, true
	case *ast.IndexExpr:
		return ConstString(info, e.Index)
	}
	return "", false
}

// ConstString returns the value of a constant string expression.
func ConstString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}
