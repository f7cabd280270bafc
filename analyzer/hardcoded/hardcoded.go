// Package hardcoded defines an Analyzer that reports credentials written
// into Go source as string constants.
//
// Rules and Summary describe its rules for tightlip's catalogue and README.
// Their types are in tightlip's internal/rule package: code outside the
// tightlip module can read them but not name their types.
package hardcoded

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/analyzer/internal/origin"
	"github.com/tightlip/tightlip/analyzer/internal/secret"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/names"
	"github.com/tightlip/tightlip/internal/placeholder"
)

// Doc is the analyzer's documentation, printed by go vet help.
const Doc = `report credentials hard-coded in Go source

An API key, token or password written into the source is in every clone,
fork, build and backup of the repository, and in its git history for good.
Vendors' security guides (Everflow's among them) say to load keys at run
time from the environment or a secrets manager instead:

	const apiKey = "q8Zr2mN4vK…" // reported
	req.Header.Set("X-Eflow-API-Key", apiKey)

	req.Header.Set("X-Eflow-API-Key", os.Getenv("EVERFLOW_API_KEY")) // fine

A string constant is reported, once and on its literal, when it reaches a
credential: a const, var, struct field, map key or parameter whose name
ends in a credential word (apiKey, clientSecret, DB_PASSWORD, authToken,
privateKey; not keyName, tokenizer, passwordPolicy or tokenURL), the value
of an Authorization, X-Api-Key, X-Eflow-API-Key or similar header set with
Header.Set or Header.Add, the password of SetBasicAuth or url.UserPassword,
a database DSN with a password (sql.Open and any dsn/connString
parameter), or the result of a function named like a credential. Constants
are followed through const and var declarations, concatenation,
conversions, package-local calls and across the package's files. Any string
literal that a content rule of tightlip's catalogue matches (AWS, GitHub,
Stripe, Slack … keys, private keys) is reported too.

A credential-sounding name is not evidence on its own: the value must be
shaped like a credential. Empty strings, placeholders (<your-api-key>,
${VAR}, changeme, xxxx), environment variable, header and flag names,
words and identifiers joined by separators (modes such as "simple", flag
names such as "priv-key", data keys such as "tls.key", "etcd-cluster"),
file names, numbers, short values, prose and URLs are not secrets. Test
files are not checked. A //tightlip:allow or //nolint:tightlip comment on
the line silences a report, and so does gosec's #nosec G101 (or a bare
#nosec, or //nolint:gosec).`

// Analyzer reports hard-coded credentials. Its result, of a type internal
// to tightlip, lists the literals it reported for the exposure analyzer,
// which follows them as sources.
var Analyzer = &analysis.Analyzer{
	Name:       "hardcoded",
	Doc:        Doc,
	URL:        "https://github.com/tightlip/tightlip/tree/main/analyzer/hardcoded",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*secret.Found](),
}

// contentRules turns the go-hardcoded-secret check (literals matched by the
// catalogue's content rules) on or off. tightlip scan turns it off: its
// content scan already runs every rule over every .go file, and building
// the rules in each of go vet's per-package processes would be wasted.
var contentRules = true

func init() {
	Analyzer.Flags.BoolVar(&lint.ReportSuppressed, "suppressed", false, lint.SuppressedFlagUsage)
	Analyzer.Flags.BoolVar(&contentRules, "contentrules", true,
		"report literals that a content rule matches (go-hardcoded-secret)")
}

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

func run(pass *analysis.Pass) (any, error) {
	// A dependency (module cache, vendor, standard library) is analysed
	// only for facts: the exposure analyzer, which needs them, requires
	// this one, so without this the content rules would run in every
	// dependency for nothing (and a key there is its authors' to fix).
	if lint.Dependency(pass) {
		return &secret.Found{}, nil
	}
	rep := lint.NewReporter(pass)
	// Fast path: a package made only of tests has nothing to report.
	code := false
	for _, f := range pass.Files {
		if !rep.InTest(f.Pos()) {
			code = true
			break
		}
	}
	if !code {
		return &secret.Found{}, nil
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, rep: rep, ix: origin.NewIndex(pass), seen: map[*ast.BasicLit]bool{}, found: &secret.Found{}}
	if contentRules {
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
	seen map[*ast.BasicLit]bool
	// found lists the literals reported, for the analyzers that require
	// this one.
	found *secret.Found
}

func (c *checker) report(h hit) {
	if c.seen[h.lit] {
		return
	}
	c.seen[h.lit] = true
	if v, ok := origin.Value(h.lit); ok && !c.rep.Silenced(h.rule, h.lit.Pos()) {
		c.found.Literals = append(c.found.Literals, secret.Literal{Value: v, Pos: h.lit.Pos()})
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
