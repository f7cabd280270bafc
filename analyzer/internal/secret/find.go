package secret

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/analyzer/internal/origin"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/names"
	"github.com/tightlip/tightlip/internal/placeholder"
)

// The rule IDs of the hard-coded judgement, the hardcoded analyzer's
// diagnostics' categories (hardcoded.RuleCredential and RuleSecret).
const (
	RuleCredential = "go-hardcoded-credential"
	RuleSecret     = "go-hardcoded-secret"
)

// ContentRules turns the judgement by the catalogue's content rules
// (RuleSecret) on or off; the hardcoded analyzer's -contentrules flag sets
// it. tightlip scan turns it off: its content scan already runs every rule
// over every .go file, and building the rules in each of go vet's
// per-package processes would be wasted.
var ContentRules = true

// engine is the content engine, built once per process: compiling the
// catalogue's regexes costs tens of milliseconds, and vet runs the analyzer
// once per package.
var engine = sync.OnceValues(detect.NewDefault)

// minScanLen is the shortest literal worth handing to the content rules; no
// provider key format is shorter.
const minScanLen = 12

// maxScanLen bounds the literals handed to the content rules: generated
// tables and embedded documents are not where keys are typed in.
const maxScanLen = 1 << 16

// hit is a literal that reaches a credential, with why.
type hit struct {
	lit    *ast.BasicLit
	rule   string
	reason string
}

// Find judges the package's string literals and returns those that are
// secrets. With report, each is reported as a diagnostic of the pass (the
// hardcoded analyzer); without, Find only lists them (the exposure
// analyzer, which asks only when a key-shaped constant reaches a sink).
// A dependency (module cache, vendor, standard library) has nothing to
// find: a key there is its authors' to fix.
func Find(pass *analysis.Pass, ins *inspector.Inspector, report bool) (*Found, error) {
	if lint.Dependency(pass) {
		return &Found{}, nil
	}
	rep := lint.NewReporter(pass)
	// Fast path: a package made only of tests has nothing to find.
	code := false
	for _, f := range pass.Files {
		if !rep.InTest(f.Pos()) {
			code = true
			break
		}
	}
	if !code {
		return &Found{}, nil
	}
	c := &checker{pass: pass, rep: rep, reporting: report, ix: origin.NewIndex(pass), seen: map[*ast.BasicLit]bool{}, found: &Found{}}
	if ContentRules {
		if err := c.contentRules(ins); err != nil {
			return nil, err
		}
	}
	c.names(ins)
	return c.found, nil
}

// contentRules reports literals that a provider's format matches: that says
// more than the name a literal is assigned to, so it runs first and a
// literal is reported once.
func (c *checker) contentRules(ins *inspector.Inspector) error {
	eng, err := engine()
	if err != nil {
		return err
	}
	pass, rep := c.pass, c.rep
	ins.WithStack([]ast.Node{(*ast.BasicLit)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return false
		}
		lit := n.(*ast.BasicLit)
		if lit.Kind != token.STRING || len(lit.Value) < minScanLen || len(lit.Value) > maxScanLen || rep.InTest(lit.Pos()) {
			return false
		}
		switch stack[len(stack)-2].(type) {
		case *ast.ImportSpec, *ast.Field: // import paths and struct tags
			return false
		}
		v, ok := origin.Value(lit)
		if !ok {
			return false
		}
		fs := eng.Scan(filepath.Base(pass.Fset.Position(lit.Pos()).Filename), []byte(v))
		if len(fs) == 0 {
			return false
		}
		c.report(hit{lit: lit, rule: RuleSecret, reason: "the literal matches rule " + fs[0].RuleID})
		return false
	})
	return nil
}

// names reports literals that reach a credential by name: a credential-named
// const, var, field, map key or parameter, a credential header, basic auth,
// a DSN password.
func (c *checker) names(ins *inspector.Inspector) {
	rep := c.rep
	filter := []ast.Node{
		(*ast.ValueSpec)(nil),
		(*ast.AssignStmt)(nil),
		(*ast.CompositeLit)(nil),
		(*ast.CallExpr)(nil),
		(*ast.ReturnStmt)(nil),
	}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push || rep.InTest(n.Pos()) {
			return true
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			if len(n.Values) != len(n.Names) {
				break
			}
			for i, id := range n.Names {
				if names.Credential(id.Name) {
					c.reach(n.Values[i], "assigned to "+id.Name)
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				break
			}
			for i, lhs := range n.Lhs {
				if name, ok := lint.TargetName(c.pass.TypesInfo, lhs); ok && names.Credential(name) {
					c.reach(n.Rhs[i], "assigned to "+name)
				}
			}
		case *ast.CompositeLit:
			c.compositeLit(n)
		case *ast.CallExpr:
			c.call(n)
		case *ast.ReturnStmt:
			c.ret(n, stack)
		}
		return true
	})
}

type checker struct {
	pass *analysis.Pass
	rep  *lint.Reporter
	ix   *origin.Index
	// reporting says whether the literals found are reported (the
	// hardcoded analyzer) or only listed (the exposure analyzer).
	reporting bool
	seen      map[*ast.BasicLit]bool
	found     *Found
}

func (c *checker) report(h hit) {
	if c.seen[h.lit] {
		return
	}
	c.seen[h.lit] = true
	if v, ok := origin.Value(h.lit); ok && !c.rep.Silenced(h.rule, h.lit.Pos()) {
		c.found.Literals = append(c.found.Literals, Literal{Value: v, Pos: h.lit.Pos()})
	}
	if !c.reporting {
		return
	}
	what := "hard-coded credential"
	if h.rule == RuleSecret {
		what = "hard-coded secret"
	}
	c.rep.Report(h.rule, h.lit.Pos(), h.lit.End(), what+": "+h.reason+"; load it from the environment or a secrets manager")
}

// reach reports the literals e is made of that look like secrets.
func (c *checker) reach(e ast.Expr, reason string) {
	c.reachWith(e, reason, isSecret)
}

func (c *checker) reachWith(e ast.Expr, reason string, secret func(string) bool) {
	for _, v := range elements(e) {
		for _, lit := range c.ix.Literals(v) {
			if c.seen[lit] || c.rep.InTest(lit.Pos()) {
				continue
			}
			s, ok := origin.Value(lit)
			if !ok || !secret(s) {
				continue
			}
			r := reason
			// Name the use when the literal sits elsewhere, so the reader
			// sees why a plain-looking constant is a credential.
			if lit.Pos() < e.Pos() || lit.Pos() >= e.End() {
				r += " (" + lint.Where(c.pass.Fset, e.Pos()) + ")"
			}
			c.report(hit{lit: lit, rule: RuleCredential, reason: r})
		}
	}
}

// elements returns the elements of a []string literal, or e itself.
func elements(e ast.Expr) []ast.Expr {
	if cl, ok := ast.Unparen(e).(*ast.CompositeLit); ok {
		var out []ast.Expr
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			out = append(out, el)
		}
		return out
	}
	return []ast.Expr{e}
}

// compositeLit checks credential-named struct fields and map keys.
func (c *checker) compositeLit(cl *ast.CompositeLit) {
	t := c.pass.TypesInfo.TypeOf(cl)
	if t == nil {
		return
	}
	_, isStruct := t.Underlying().(*types.Struct)
	_, isMap := t.Underlying().(*types.Map)
	if !isStruct && !isMap {
		return
	}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		var name string
		if id, ok := kv.Key.(*ast.Ident); ok && isStruct {
			name = id.Name
		} else if s, ok := lint.ConstString(c.pass.TypesInfo, kv.Key); ok && isMap {
			name = s
		} else {
			continue
		}
		if names.Credential(name) {
			c.reach(kv.Value, "assigned to "+name)
		}
	}
}

// call checks headers, credential and DSN parameters.
func (c *checker) call(call *ast.CallExpr) {
	fn := lint.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	if (lint.IsMethod(fn, "net/http", "Header", "Set", "Add") || lint.IsMethod(fn, "net/textproto", "MIMEHeader", "Set", "Add")) && len(call.Args) == 2 {
		if h, ok := lint.ConstString(c.pass.TypesInfo, call.Args[0]); ok && names.Credential(h) {
			c.reach(call.Args[1], "sent in the "+h+" header")
		}
		return
	}
	for p, arg := range lint.Args(fn, call) {
		name := p.Name()
		switch {
		case names.Credential(name):
			c.reach(arg, "passed as "+name+" to "+fn.Name())
		case isDSNName(name):
			c.dsn(arg, "a DSN with a password passed to "+fn.Name())
		}
	}
}

// ret checks what functions named like credentials return.
func (c *checker) ret(r *ast.ReturnStmt, stack []ast.Node) {
	for i := len(stack) - 2; i >= 0; i-- {
		switch f := stack[i].(type) {
		case *ast.FuncLit:
			return
		case *ast.FuncDecl:
			if names.Credential(f.Name.Name) {
				for _, res := range r.Results {
					c.reach(res, "returned by "+f.Name.Name)
				}
			}
			return
		}
	}
}

// authSchemes prefix a credential in an Authorization header value.
var authSchemes = map[string]bool{"bearer": true, "basic": true, "token": true, "digest": true, "apikey": true}

// isSecret reports whether a constant assigned to a credential is a real
// value and not a stand-in, a name or prose.
func isSecret(s string) bool {
	s = strings.TrimSpace(s)
	if f := strings.Fields(s); len(f) == 2 && authSchemes[strings.ToLower(f[0])] {
		s = f[1]
	}
	if len(s) < 4 || strings.ContainsAny(s, " \t\r\n") {
		return false // too short to be anything but a stand-in; or prose
	}
	if authSchemes[strings.ToLower(s)] || placeholder.Is(s) || names.LooksLikeName(s) {
		return false
	}
	if strings.Contains(s, "://") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "./") ||
		strings.HasPrefix(s, "../") || strings.HasPrefix(s, "~/") {
		return false // a URL or a path: where the credential lives, not what it is
	}
	// A credential-sounding name is no evidence: flag and option names
	// ("priv-key"), modes and methods ("simple"), file and data-key names
	// ("tls.key") are assigned to such names all the time. The value must
	// look like a credential.
	return names.CredentialShaped(s)
}

// isDSNName reports whether a parameter takes a database connection string.
func isDSNName(name string) bool {
	switch strings.Join(names.Words(name), "") {
	case "dsn", "datasourcename", "connstring", "connstr", "connectionstring", "databaseurl", "dburl":
		return true
	}
	return false
}

// dsnPasswords find the password in the DSN forms drivers accept: URLs
// (postgres://user:pw@host), MySQL's user:pw@tcp(host)/db and key=value
// lists (password=pw, Pwd=pw).
var dsnPasswords = []*regexp.Regexp{
	regexp.MustCompile(`^[a-z][a-z0-9+.-]*://[^:/@\s]*:([^@/\s]+)@`),
	regexp.MustCompile(`^[^:@/\s]+:([^@\s]+)@(?:tcp|unix|udp)?\(`),
	regexp.MustCompile(`(?i)(?:^|[;\s])(?:password|pwd)\s*=\s*('[^']*'|"[^"]*"|[^;\s]+)`),
}

// dsn reports the literal that holds the password of a constant
// connection string. The whole constant is parsed, as DSNs are often put
// together from constants ("postgres://app:" + dbPass + "@db/offers"); the
// content rules have already seen each literal on its own.
func (c *checker) dsn(arg ast.Expr, reason string) {
	v, ok := lint.ConstString(c.pass.TypesInfo, arg)
	if !ok {
		return
	}
	pw := dsnPassword(v)
	if pw == "" {
		return
	}
	c.reachWith(arg, reason, func(lit string) bool { return strings.Contains(lit, pw) })
}

// dsnPassword returns the password a connection string carries, or "" when
// it has none or a stand-in.
func dsnPassword(dsn string) string {
	for _, re := range dsnPasswords {
		m := re.FindStringSubmatch(dsn)
		if m == nil {
			continue
		}
		pw := strings.Trim(m[1], `'"`)
		if placeholder.Is(pw) {
			return ""
		}
		return pw
	}
	return ""
}
