// Package webhook defines an Analyzer that reports webhook signatures
// compared in variable time.
package webhook

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
)

// Doc is the analyzer's documentation, printed by go vet help.
const Doc = `report webhook signatures compared in variable time

A webhook receiver checks that a request comes from its sender by
recomputing the HMAC of the body with the shared secret and comparing it
with the signature header. Compared with ==, !=, bytes.Equal,
strings.Compare, strings.EqualFold or reflect.DeepEqual, the comparison
stops at the first byte that differs: its time tells an attacker how many
leading bytes of a forged signature are right, and lets them forge one
byte by byte. hmac.Equal (or subtle.ConstantTimeCompare) takes the same
time whatever the bytes:

	expected := hex.EncodeToString(mac.Sum(nil))
	if r.Header.Get("X-Signature") != expected { // reported
	if !hmac.Equal([]byte(r.Header.Get("X-Signature")), []byte(expected)) { // not reported

One side must be a signature: an HMAC sum (hmac.New(...).Sum, directly,
hex- or base64-encoded, or returned by a function of the package that
computes one) or a request header whose name says signature, sig or hmac.
A comparison with a constant (a presence check against "", a prefix) is
not reported, nor are other headers (content type, event name). Test
files are not checked. A //tightlip:allow or //nolint:tightlip comment on
the line silences a report.`

// Analyzer reports signatures compared in variable time.
var Analyzer = &analysis.Analyzer{
	Name:     "webhook",
	Doc:      Doc,
	URL:      "https://github.com/tightlip/tightlip/tree/main/analyzer/webhook",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func init() {
	Analyzer.Flags.BoolVar(&lint.ReportSuppressed, "suppressed", false, lint.SuppressedFlagUsage)
}

// kind is what a value is to this analyzer.
type kind int

const (
	none kind = iota
	// mac is a hash.Hash made by hmac.New.
	mac
	// signature is an HMAC sum or a signature header, raw or encoded.
	signature
)

type checker struct {
	pass *analysis.Pass
	rep  *lint.Reporter
	// vars holds what each variable of the package was assigned.
	vars map[types.Object]kind
	// signers are the package's functions that return an HMAC sum.
	signers map[*types.Func]bool
}

func run(pass *analysis.Pass) (any, error) {
	// Fast path: without crypto/hmac there is no sum to compare, and
	// without net/http no header.
	if !lint.Imports(pass.Pkg, "crypto/hmac", "net/http") {
		return nil, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, rep: lint.NewReporter(pass), vars: map[types.Object]kind{}, signers: map[*types.Func]bool{}}
	// What variables hold and which functions sign, to a fixed point: a
	// signing helper may call another, declared later.
	for changed := true; changed; {
		changed = false
		for n := range ins.PreorderSeq((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.FuncDecl)(nil)) {
			changed = c.learn(n) || changed
		}
	}
	for n := range ins.PreorderSeq((*ast.BinaryExpr)(nil), (*ast.CallExpr)(nil)) {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				c.compare(n, n.X, n.Y, "the "+n.Op.String()+" operator", n.Op == token.NEQ)
			}
		case *ast.CallExpr:
			fn := lint.Callee(pass.TypesInfo, n)
			if len(n.Args) != 2 {
				continue
			}
			switch {
			case lint.IsFunc(fn, "bytes", "Equal"),
				lint.IsFunc(fn, "strings", "Compare", "EqualFold"),
				lint.IsFunc(fn, "reflect", "DeepEqual"):
				c.compare(n, n.Args[0], n.Args[1], fn.Pkg().Name()+"."+fn.Name(), false)
			}
		}
	}
	return nil, nil
}

// learn records what one assignment, declaration or function gives; it
// reports whether it learnt anything new.
func (c *checker) learn(n ast.Node) bool {
	changed := false
	set := func(id *ast.Ident, k kind) {
		if k == none || id == nil || id.Name == "_" {
			return
		}
		obj := c.pass.TypesInfo.ObjectOf(id)
		if obj != nil && c.vars[obj] < k {
			c.vars[obj] = k
			changed = true
		}
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		c.assign(n.Lhs, n.Rhs, set)
	case *ast.ValueSpec:
		lhs := make([]ast.Expr, len(n.Names))
		for i, id := range n.Names {
			lhs[i] = id
		}
		c.assign(lhs, n.Values, set)
	case *ast.FuncDecl:
		fn, _ := c.pass.TypesInfo.Defs[n.Name].(*types.Func)
		if fn == nil || n.Body == nil || c.signers[fn] {
			return false
		}
		ast.Inspect(n.Body, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false // a closure's returns are its own
			case *ast.ReturnStmt:
				for _, r := range m.Results {
					if c.kindOf(r) == signature && !c.isHeader(r) {
						c.signers[fn] = true
						changed = true
					}
				}
			}
			return !c.signers[fn]
		})
	}
	return changed
}

func (c *checker) assign(lhs, rhs []ast.Expr, set func(*ast.Ident, kind)) {
	ident := func(e ast.Expr) *ast.Ident { id, _ := ast.Unparen(e).(*ast.Ident); return id }
	switch {
	case len(lhs) == len(rhs):
		for i := range lhs {
			set(ident(lhs[i]), c.kindOf(rhs[i]))
		}
	case len(rhs) == 1 && len(lhs) == 2:
		// sig, err := hex.DecodeString(header)
		if call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr); ok {
			fn := lint.Callee(c.pass.TypesInfo, call)
			if (lint.IsFunc(fn, "encoding/hex", "DecodeString") || lint.IsMethod(fn, "encoding/base64", "Encoding", "DecodeString")) &&
				len(call.Args) == 1 && c.kindOf(call.Args[0]) == signature {
				set(ident(lhs[0]), signature)
			}
		}
	}
}

// kindOf says whether e is an hmac.New hash, a signature, or neither.
func (c *checker) kindOf(e ast.Expr) kind {
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj := info.ObjectOf(e); obj != nil {
			return c.vars[obj]
		}
	case *ast.IndexExpr:
		// r.Header["X-Signature"], and its [0]
		if name, ok := lint.ConstString(info, e.Index); ok && c.isHeaderMap(e.X) && sigName(name) {
			return signature
		}
		if inner, ok := ast.Unparen(e.X).(*ast.IndexExpr); ok && c.kindOf(inner) == signature {
			return signature
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.kindOf(e.Args[0]) // string(sum), []byte(header)
		}
		fn := lint.Callee(info, e)
		switch {
		case lint.IsFunc(fn, "crypto/hmac", "New"):
			return mac
		case lint.IsMethod(fn, "hash", "Hash", "Sum"):
			if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok && c.kindOf(sel.X) == mac {
				return signature
			}
		case lint.IsMethod(fn, "net/http", "Header", "Get", "Values"):
			if name, ok := lint.ConstString(info, e.Args[0]); ok && sigName(name) {
				return signature
			}
		case lint.IsFunc(fn, "encoding/hex", "EncodeToString"),
			lint.IsMethod(fn, "encoding/base64", "Encoding", "EncodeToString"),
			lint.IsFunc(fn, "strings", "ToLower", "ToUpper", "TrimSpace", "TrimPrefix", "TrimLeft"),
			lint.IsFunc(fn, "bytes", "ToLower", "TrimSpace", "TrimPrefix"):
			if len(e.Args) > 0 {
				return c.kindOf(e.Args[0])
			}
		case lint.IsFunc(fn, "fmt", "Sprintf"):
			for _, a := range e.Args[1:] {
				if c.kindOf(a) == signature {
					return signature
				}
			}
		case fn != nil && c.signers[fn]:
			return signature
		}
	}
	return none
}

// isHeader reports whether e reads a request header (a signature the
// sender sent, not one this code computed).
func (c *checker) isHeader(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		_, idx := ast.Unparen(e).(*ast.IndexExpr)
		return idx
	}
	return lint.IsMethod(lint.Callee(c.pass.TypesInfo, call), "net/http", "Header", "Get", "Values")
}

func (c *checker) isHeaderMap(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	return ok && lint.IsNamed(tv.Type, "net/http", "Header")
}

// sigName reports whether a header's name says it carries a signature:
// X-Hub-Signature-256, Stripe-Signature, X-Slack-Signature, X-Signature,
// X-Shopify-Hmac-Sha256, X-Sig.
func sigName(name string) bool {
	n := strings.ToLower(name)
	if strings.Contains(n, "signature") || strings.Contains(n, "hmac") {
		return true
	}
	for _, part := range strings.FieldsFunc(n, func(r rune) bool { return r == '-' || r == '_' }) {
		if part == "sig" {
			return true
		}
	}
	return false
}

// compare reports a comparison of x and y in variable time when one is a
// signature and the other is not a constant (a presence or prefix check).
func (c *checker) compare(n ast.Expr, x, y ast.Expr, how string, negated bool) {
	if c.kindOf(x) != signature && c.kindOf(y) != signature {
		return
	}
	if c.isConst(x) || c.isConst(y) {
		return
	}
	msg := "a webhook signature is compared with " + how + ", whose time depends on how many leading bytes match: " +
		"an attacker can forge a valid signature byte by byte. Compare with hmac.Equal (constant time)."
	c.rep.Report(RuleSignatureCompare, n.Pos(), n.End(), msg, c.fix(n, x, y, negated)...)
}

func (c *checker) isConst(e ast.Expr) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	return ok && (tv.Value != nil || tv.IsNil())
}

// fix rewrites the comparison as hmac.Equal where that is mechanical: ==,
// != and bytes.Equal, in a file that imports crypto/hmac as hmac.
func (c *checker) fix(n, x, y ast.Expr, negated bool) []analysis.SuggestedFix {
	if !c.importsHMAC(n.Pos()) {
		return nil
	}
	var args string
	switch n := n.(type) {
	case *ast.BinaryExpr:
		args = c.asBytes(x) + ", " + c.asBytes(y)
	case *ast.CallExpr:
		fn := lint.Callee(c.pass.TypesInfo, n)
		if !lint.IsFunc(fn, "bytes", "Equal") {
			return nil
		}
		args = c.text(x) + ", " + c.text(y)
	}
	repl := "hmac.Equal(" + args + ")"
	if negated {
		repl = "!" + repl
	}
	return []analysis.SuggestedFix{{
		Message:   "Compare with hmac.Equal",
		TextEdits: []analysis.TextEdit{{Pos: n.Pos(), End: n.End(), NewText: []byte(repl)}},
	}}
}

// asBytes is e as a []byte expression.
func (c *checker) asBytes(e ast.Expr) string {
	if tv, ok := c.pass.TypesInfo.Types[e]; ok {
		if s, ok := tv.Type.Underlying().(*types.Slice); ok {
			if b, ok := s.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				return c.text(e)
			}
		}
	}
	return "[]byte(" + c.text(e) + ")"
}

func (c *checker) text(e ast.Expr) string {
	if f := c.pass.Fset.File(e.Pos()); f != nil {
		if src, err := c.pass.ReadFile(f.Name()); err == nil {
			return string(src[f.Offset(e.Pos()):f.Offset(e.End())])
		}
	}
	return types.ExprString(e)
}

// importsHMAC reports whether the file holding pos imports crypto/hmac
// under its own name.
func (c *checker) importsHMAC(pos token.Pos) bool {
	for _, file := range c.pass.Files {
		if file.FileStart <= pos && pos <= file.FileEnd {
			for _, imp := range file.Imports {
				if imp.Path.Value == `"crypto/hmac"` && (imp.Name == nil || imp.Name.Name == "hmac") {
					return true
				}
			}
		}
	}
	return false
}
