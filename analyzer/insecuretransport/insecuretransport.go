// Package insecuretransport defines an Analyzer that reports plain-HTTP URLs
// that reach an HTTP client or a URL setting, and TLS configurations that
// skip certificate verification.
//
// Rules and Summary describe its rules for tightlip's catalogue and README.
// Their types are in tightlip's internal/rule package: code outside the
// tightlip module can read them but not name their types.
package insecuretransport

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/analyzer/internal/origin"
	"github.com/tightlip/tightlip/internal/names"
)

// Doc is the analyzer's documentation, printed by go vet help.
const Doc = `report plain-HTTP URLs and disabled TLS verification

Everything sent over http:// (API keys in headers, postback and webhook
payloads with transaction data) travels unencrypted. Vendors' security
guides require HTTPS for every API call and for the postback and webhook
URLs that integrators register:

	const BaseURL = "http://api.eflow.team/v1"                // reported
	resp, err := http.Get("http://api.eflow.team/v1/offers")  // reported
	cfg := &tls.Config{InsecureSkipVerify: true}               // reported

An http:// string literal is reported, once and on the literal, when a
value it starts reaches the URL of net/http's Get, Head, Post, PostForm,
NewRequest, NewRequestWithContext or a Client's methods, url.Parse, any
parameter named like a URL, or a const, var, field or map key named like
a URL setting (BaseURL, Endpoint, PostbackURL, WebhookURL, CallbackURL).
The value is followed within the package, however it is built:

	const base = "http://api.vendor-example.net"  // reported, in any file
	u, err := url.JoinPath(base, "v1", "offers")  // url.Parse, u.String() too
	http.Get(u)

through constants and package variables (set anywhere, init included),
local variables, struct fields, parameters and results of the package's
functions, conversions, concatenation (its left operand), fmt.Sprintf
(its format, or its first argument when the format starts with %s or
%v), url.JoinPath, url.Parse, a *url.URL's String and JoinPath, and
strings.Join of a list (its first element). An https:// or loopback base
built the same way is not reported, nor is a concatenation of constants
whose whole value is a loopback URL ("http://" + bindAddress + "/"). The fix offered rewrites http:// to
https://.

Loopback, link-local and unspecified addresses, single-label container
host names, *.local, *.test, *.example, *.invalid, *.internal and
example.com hosts, and XML namespace and schema URIs are not reported;
neither is http.ListenAndServe, whose TLS is often terminated in front of
it. tls.Config's InsecureSkipVerify set to the constant true is reported
wherever it is. Test files are not checked. A //tightlip:allow or
//nolint:tightlip comment on the line silences a report.`

// Analyzer reports plain-HTTP URLs and disabled TLS verification.
var Analyzer = &analysis.Analyzer{
	Name:     "insecuretransport",
	Doc:      Doc,
	URL:      "https://github.com/tightlip/tightlip/tree/main/analyzer/insecuretransport",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	// Fast path: without crypto/tls there is no tls.Config to check, and
	// without an http:// literal there is no URL to report.
	skipVerify := lint.Imports(pass.Pkg, "crypto/tls")
	plainHTTP := false
	for n := range ins.PreorderSeq((*ast.BasicLit)(nil)) {
		if lit := n.(*ast.BasicLit); lit.Kind == token.STRING && mayBeHTTP(lit.Value) {
			plainHTTP = true
			break
		}
	}
	if !skipVerify && !plainHTTP {
		return nil, nil
	}
	c := &checker{pass: pass, rep: lint.NewReporter(pass), seen: map[*ast.BasicLit]bool{}}
	if plainHTTP {
		c.ix = origin.NewIndex(pass)
	}
	filter := []ast.Node{
		(*ast.ValueSpec)(nil),
		(*ast.AssignStmt)(nil),
		(*ast.CompositeLit)(nil),
		(*ast.CallExpr)(nil),
	}
	ins.Preorder(filter, func(n ast.Node) {
		if c.rep.InTest(n.Pos()) {
			return
		}
		switch n := n.(type) {
		case *ast.ValueSpec:
			if !plainHTTP || len(n.Values) != len(n.Names) {
				return
			}
			for i, id := range n.Names {
				if names.URL(id.Name) || c.urlTyped(id) {
					c.reach(n.Values[i], "assigned to "+id.Name)
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return
			}
			for i, lhs := range n.Lhs {
				if skipVerify && c.isSkipVerifyField(lhs) {
					c.skipVerify(n.Rhs[i])
				}
				if name, ok := lint.TargetName(c.pass.TypesInfo, lhs); plainHTTP && ok && (names.URL(name) || c.urlTyped(lhs)) {
					c.reach(n.Rhs[i], "assigned to "+name)
				}
			}
		case *ast.CompositeLit:
			c.compositeLit(n, plainHTTP, skipVerify)
		case *ast.CallExpr:
			if plainHTTP {
				c.call(n)
			}
		}
	})
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	rep  *lint.Reporter
	ix   *origin.Index
	seen map[*ast.BasicLit]bool
}

// reach reports the http:// literals that can start e's value.
func (c *checker) reach(e ast.Expr, reason string) {
	for _, lit := range c.ix.Prefixes(e) {
		if c.seen[lit] || c.rep.InTest(lit.Pos()) {
			continue
		}
		s, ok := c.ix.PrefixValue(lit)
		if !ok || !hasHTTPPrefix(s) || exempt(s) {
			continue
		}
		c.seen[lit] = true
		r := reason
		if lit.Pos() < e.Pos() || lit.Pos() >= e.End() {
			r += " (" + lint.Where(c.pass.Fset, e.Pos()) + ")"
		}
		c.rep.Report(RulePlainHTTP, lit.Pos(), lit.End(), "plain-HTTP URL "+r+": use https://", fix(lit)...)
	}
}

// fix rewrites the literal's scheme to https, when the literal's source
// text starts with the scheme itself: a literal that spells it with
// escapes ("\x68ttp://") gets no fix, since replacing its first bytes
// would not be replacing its value's.
func fix(lit *ast.BasicLit) []analysis.SuggestedFix {
	if len(lit.Value) < 1+len("http://") || !hasHTTPPrefix(lit.Value[1:]) {
		return nil
	}
	start := lit.Pos() + 1 // after the opening quote or backquote
	return []analysis.SuggestedFix{{
		Message:   "Use https://",
		TextEdits: []analysis.TextEdit{{Pos: start, End: start + token.Pos(len("http://")), NewText: []byte("https://")}},
	}}
}

// mayBeHTTP reports whether a string literal's value may start with
// http://: its source text does, or it has escapes, which may spell it.
func mayBeHTTP(lit string) bool {
	if hasHTTPPrefix(lit[1:]) {
		return true
	}
	if !strings.Contains(lit, `\`) {
		return false
	}
	v, err := strconv.Unquote(lit)
	return err == nil && hasHTTPPrefix(v)
}

func hasHTTPPrefix(s string) bool {
	return len(s) >= 7 && strings.EqualFold(s[:7], "http://")
}

// exemptHosts are URLs that are not traffic to a remote server: loopback,
// link-local, unspecified and reserved names, single-label container hosts,
// and XML namespace and schema URIs, which are names, never fetched. They
// mirror the allowlist of the content rule plain-http-url.
var exemptHosts = []*regexp.Regexp{
	regexp.MustCompile(`(?i)^http://(?:[^/?#@]*@)?(?:localhost|127(?:\.\d{1,3}){3}|169\.254\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|\[(?:::1?|0:0:0:0:0:0:0:[01])\]|(?:[a-z0-9-]+\.)+(?:local|localhost|localdomain|test|example|invalid|internal|lan|home\.arpa)|(?:[a-z0-9-]+\.)*example\.(?:com|org|net)|[a-z0-9_-]+)(?::[^/?#@]*)?(?:[/?#]|$)`),
	regexp.MustCompile(`(?i)^http://(?:[a-z0-9-]+\.)*(?:w3\.org|xmlns\.[a-z.]+|schemas\.[a-z0-9.-]+|json-schema\.org|purl\.org|openoffice\.org|xml\.org|ietf\.org|apache\.org/xml|apache\.org/licenses|opensource\.org|java\.sun\.com|jcp\.org|springframework\.org/schema|maven\.apache\.org/(?:POM|xsd|maven-v)|ns\.adobe\.com|xmlsoap\.org|oasis-open\.org|openxmlformats\.org|microsoft\.com/(?:schemas|winfx)|docbook\.org|opengis\.net|ogc\.org|www\.sitemaps\.org)(?::[^/?#@]*)?(?:[/?#]|$)`),
	regexp.MustCompile(`(?i)\.(?:xsd|dtd)$`),
}

// exempt reports whether a URL is not to a remote server. A bare scheme
// ("http://" + host) is not exempt: its host is only known at run time.
func exempt(s string) bool {
	if len(s) == len("http://") {
		return false
	}
	// A format verb or a concatenation right after the scheme leaves the
	// host to run time, like a bare scheme.
	if s[7] == '%' {
		return false
	}
	for _, re := range exemptHosts {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// urlTyped reports whether e has a named string type whose name says URL
// (type Endpoint string, type WebhookURL string).
func (c *checker) urlTyped(e ast.Expr) bool {
	t := c.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	b, ok := n.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0 && names.URL(n.Obj().Name())
}

// compositeLit checks URL-named fields and map keys, and tls.Config literals.
func (c *checker) compositeLit(cl *ast.CompositeLit, plainHTTP, skipVerify bool) {
	t := c.pass.TypesInfo.TypeOf(cl)
	if t == nil {
		return
	}
	isTLS := skipVerify && lint.IsNamed(t, "crypto/tls", "Config")
	_, isStruct := t.Underlying().(*types.Struct)
	_, isMap := t.Underlying().(*types.Map)
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			if plainHTTP && !isStruct && !isMap && c.urlTyped(el) {
				c.reach(el, "used as a URL")
			}
			continue
		}
		var name string
		if id, ok := kv.Key.(*ast.Ident); ok && isStruct {
			name = id.Name
			if isTLS && name == "InsecureSkipVerify" {
				c.skipVerify(kv.Value)
				continue
			}
		} else if s, ok := lint.ConstString(c.pass.TypesInfo, kv.Key); ok && isMap {
			name = s
		} else {
			continue
		}
		if plainHTTP && (names.URL(name) || c.urlTyped(kv.Value)) {
			c.reach(kv.Value, "assigned to "+name)
		}
	}
}

// isSkipVerifyField reports whether e is the InsecureSkipVerify field of a
// tls.Config.
func (c *checker) isSkipVerifyField(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "InsecureSkipVerify" {
		return false
	}
	s, ok := c.pass.TypesInfo.Selections[sel]
	return ok && lint.IsNamed(s.Recv(), "crypto/tls", "Config")
}

// skipVerify reports InsecureSkipVerify set to the constant true. A value
// computed at run time (a flag for a test environment) is the user's call.
func (c *checker) skipVerify(v ast.Expr) {
	tv, ok := c.pass.TypesInfo.Types[v]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool || !constant.BoolVal(tv.Value) {
		return
	}
	c.rep.Report(RuleSkipVerify, v.Pos(), v.End(), "TLS certificate verification disabled (InsecureSkipVerify: true): anyone on the network path can read and change the traffic; trust the server's CA through RootCAs instead")
}

// clientMethods take the URL as their first argument.
var clientMethods = []string{"Get", "Head", "Post", "PostForm"}

// call checks the URL arguments of net/http and net/url, and of any
// parameter named like a URL.
func (c *checker) call(call *ast.CallExpr) {
	fn := lint.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return
	}
	urlArg := -1
	switch {
	case lint.IsFunc(fn, "net/http", clientMethods...), lint.IsMethod(fn, "net/http", "Client", clientMethods...),
		lint.IsFunc(fn, "net/url", "Parse", "ParseRequestURI"):
		urlArg = 0
	case lint.IsFunc(fn, "net/http", "NewRequest"):
		urlArg = 1
	case lint.IsFunc(fn, "net/http", "NewRequestWithContext"):
		urlArg = 2
	}
	if urlArg >= 0 && urlArg < len(call.Args) {
		c.reach(call.Args[urlArg], "passed to "+qualified(fn))
		return
	}
	for p, arg := range lint.Args(fn, call) {
		if names.URL(p.Name()) || c.urlTyped(arg) {
			c.reach(arg, "passed as "+p.Name()+" to "+qualified(fn))
		}
	}
}

// qualified names a function the way code calls it: http.Get, Client.Do.
func qualified(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if r := sig.Recv(); r != nil {
		t := r.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
		return fn.Name()
	}
	if fn.Pkg() != nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	return fn.Name()
}

func init() {
	Analyzer.Flags.BoolVar(&lint.ReportSuppressed, "suppressed", false, lint.SuppressedFlagUsage)
}
