package exposure

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/internal/names"
)

// loggerPackages are third-party loggers, recognised by import path: any
// call into them that takes a key logs it, except the field constructors
// (zap.String) whose result is logged later.
var loggerPackages = []string{
	"go.uber.org/zap", "go.uber.org/zap/zapcore", "github.com/sirupsen/logrus",
	"github.com/rs/zerolog", "github.com/rs/zerolog/log", "github.com/go-logr/logr",
	"k8s.io/klog/v2", "github.com/hashicorp/go-hclog",
}

func isLoggerPkg(path string) bool { return slices.Contains(loggerPackages, path) }

// advice ends each rule's message with what to do.
var advice = map[string]string{
	RuleLog:   "log a fingerprint or nothing, never the key",
	RuleError: "error messages end up in logs and responses; leave the key out",
	RuleURL:   "URLs are logged by proxies, servers and browsers; send the key in a header",
	RuleResponse: "what a server sends reaches every visitor's browser; keep the key on the server and send " +
		"only what the client needs",
}

// checkSink reports instr if it puts a credential where it must not go.
func (a *flow) checkSink(instr ssa.Instruction) {
	switch instr := instr.(type) {
	case ssa.CallInstruction:
		a.checkCall(instr)
	case *ssa.Panic:
		a.check(RuleError, instr.Pos(), "panic", instr.X)
	case *ssa.Store:
		if fa, ok := instr.Addr.(*ssa.FieldAddr); ok && lint.IsNamed(fa.X.Type(), "net/url", "URL") {
			if f := structField(fa.X.Type(), fa.Field); f != nil && (f.Name() == "RawQuery" || f.Name() == "Path" || f.Name() == "RawPath") {
				if !a.check(RuleURL, instr.Pos(), "URL."+f.Name(), instr.Val) && f.Name() == "RawQuery" {
					a.checkRawQuery(instr.Pos(), "URL.RawQuery", instr.Val)
				}
			}
		}
	case *ssa.MapUpdate:
		if lint.IsNamed(instr.Map.Type(), "net/http", "Header") && responseHeader(instr.Map) {
			a.check(RuleResponse, instr.Pos(), "the HTTP response's headers", instr.Value)
		}
		if lint.IsNamed(instr.Map.Type(), "net/url", "Values") && !sentOnlyAsBody(instr.Map) {
			if !a.check(RuleURL, instr.Pos(), "url.Values", instr.Value) {
				if k, ok := constString(instr.Key); ok {
					a.checkQuery(instr.Pos(), "url.Values", k, instr.Value)
				}
			}
		}
	case *ssa.BinOp:
		if instr.Op == token.ADD && a.urlish(instr.X) && !sentOnlyAsBody(instr) {
			if !a.check(RuleURL, instr.Pos(), "a URL built by concatenation", instr.Y) {
				a.checkConcatQuery(instr.Pos(), "a URL built by concatenation", instr.X, instr.Y)
			}
		}
	}
}

func (a *flow) checkCall(ci ssa.CallInstruction) {
	c := ci.Common()
	name, pkg := calleeName(c)
	if name == "" {
		return
	}
	short := name[strings.LastIndexByte(name, '.')+1:]
	args := c.Args
	switch {
	case pkg == "log" && logFunc(short, "Print", "Fatal", "Panic", "Output"):
		a.checkLog(c, name, args)
	case pkg == "log/slog" && (logFunc(short, "Debug", "Info", "Warn", "Error", "Log") || short == "With"):
		a.checkLog(c, name, args)
	case pkg == "fmt" && logFunc(short, "Print"):
		a.checkLog(c, name, args)
	case pkg == "fmt" && logFunc(short, "Fprint") && len(args) > 0 && isStdStream(args[0]):
		a.checkLog(c, name, args[1:])
	case isLoggerPkg(pkg) && !fieldType(c.Signature().Results()):
		a.checkLog(c, name, args)
	case pkg == "fmt" && short == "Errorf", pkg == "errors" && short == "New":
		defer a.checkingError(errorUseOf(ci) != errorUsed)()
		a.checkArgs(RuleError, c.Pos(), name, args)
	case pkg == "net/url" && (name == "Values.Set" || name == "Values.Add") && len(args) == 3 && !sentOnlyAsBody(args[0]):
		if !a.check(RuleURL, c.Pos(), name, args[2]) {
			if k, ok := constString(args[1]); ok {
				a.checkQuery(c.Pos(), name, k, args[2])
			}
		}
	case pkg == "fmt" && short == "Sprintf" && len(args) == 2 && a.urlFormat(args[0]) && !resultSentOnlyAsBody(ci):
		if !a.check(RuleURL, c.Pos(), "fmt.Sprintf of a URL", args[1]) {
			a.checkFormatQuery(c.Pos(), "fmt.Sprintf of a URL", args[0], args[1])
		}
	default:
		a.checkResponse(c, name, pkg, short, args)
	}
}

// checkResponse reports a credential written into an HTTP response: the
// ResponseWriter's Write, fmt.Fprint* and io.WriteString into one, a JSON
// encoder over one, a template executed into one, http.Error's message,
// a header of the response, http.SetCookie.
func (a *flow) checkResponse(c *ssa.CallCommon, name, pkg, short string, args []ssa.Value) {
	switch {
	case c.IsInvoke() && isResponseWriter(c.Value) && (short == "Write" || short == "WriteString"):
		a.checkArgs(RuleResponse, c.Pos(), "the HTTP response (ResponseWriter."+short+")", args)
	case (pkg == "fmt" && logFunc(short, "Fprint") || pkg == "io" && name == "io.WriteString") &&
		len(args) > 1 && isResponseWriter(args[0]):
		a.checkArgs(RuleResponse, c.Pos(), "the HTTP response ("+name+")", args[1:])
	case pkg == "encoding/json" && name == "Encoder.Encode" && len(args) == 2 && encodesTo(args[0]):
		a.checkData(c.Pos(), "the HTTP response (json.Encoder.Encode)", args[1])
	case (pkg == "html/template" || pkg == "text/template") && name == "Template.Execute" && len(args) == 3 && isResponseWriter(args[1]):
		a.checkData(c.Pos(), "the HTTP response ("+pkg+" Execute)", args[2])
	case (pkg == "html/template" || pkg == "text/template") && name == "Template.ExecuteTemplate" && len(args) == 4 && isResponseWriter(args[1]):
		a.checkData(c.Pos(), "the HTTP response ("+pkg+" ExecuteTemplate)", args[3])
	case pkg == "net/http" && name == "http.Error" && len(args) == 3:
		a.checkArgs(RuleResponse, c.Pos(), "the HTTP response (http.Error)", args[1:2])
	case pkg == "net/http" && (name == "Header.Set" || name == "Header.Add") && len(args) == 3 && responseHeader(args[0]):
		a.check(RuleResponse, c.Pos(), "the HTTP response's headers ("+name+")", args[2])
	case pkg == "net/http" && name == "http.SetCookie" && len(args) == 2:
		if alloc, ok := args[1].(*ssa.Alloc); ok {
			a.cookieValue(c.Pos(), alloc)
		}
	}
}

// checkData reports a credential anywhere in what an encoder or a
// template writes: the value itself, or what is stored into the struct or
// map it is. (Unlike %v in a log, a template prints the fields it names:
// a struct with an unset credential field sends nothing.)
func (a *flow) checkData(pos token.Pos, sink string, v ssa.Value) {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	if a.collect != nil {
		a.collect(RuleResponse, pos, sink, v, true)
		return
	}
	if a.check(RuleResponse, pos, sink, v) {
		return
	}
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X // a struct value: the local it was built in
	}
	if alloc, ok := v.(*ssa.Alloc); ok {
		found := false
		a.allocStores(alloc, func(vs ...ssa.Value) {
			for _, x := range vs {
				if !found && a.check(RuleResponse, pos, sink, x) {
					found = true
				}
			}
		})
		if found {
			return
		}
		var fields []ssa.Value
		for _, r := range *alloc.Referrers() {
			if fa, ok := r.(*ssa.FieldAddr); ok {
				for _, rr := range *fa.Referrers() {
					if st, ok := rr.(*ssa.Store); ok && st.Addr == fa {
						fields = append(fields, st.Val)
					}
				}
			}
		}
		for _, x := range fields {
			if a.check(RuleResponse, pos, sink, x) {
				return
			}
		}
	}
	if mm, ok := v.(*ssa.MakeMap); ok {
		var vals []ssa.Value
		a.mapUpdates(mm, func(vs ...ssa.Value) { vals = append(vals, vs...) })
		for _, x := range vals {
			if mi, ok := x.(*ssa.MakeInterface); ok {
				x = mi.X
			}
			if a.check(RuleResponse, pos, sink, x) {
				return
			}
		}
	}
}

// cookieValue reports a credential stored as the value of a cookie that
// http.SetCookie sends.
func (a *flow) cookieValue(pos token.Pos, cookie *ssa.Alloc) {
	for _, r := range *cookie.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		if f := structField(fa.X.Type(), fa.Field); f == nil || f.Name() != "Value" {
			continue
		}
		for _, rr := range *fa.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && st.Addr == fa && a.check(RuleResponse, pos, "a cookie (http.SetCookie)", st.Val) {
				return
			}
		}
	}
}

// isResponseWriter reports whether v is a net/http.ResponseWriter, as
// itself or converted to an io.Writer.
func isResponseWriter(v ssa.Value) bool {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		}
		break
	}
	return lint.IsNamed(v.Type(), "net/http", "ResponseWriter")
}

// responseHeader reports whether h is the header map of a ResponseWriter
// (w.Header()), which is sent to the client with the response.
func responseHeader(h ssa.Value) bool {
	for _, x := range variables(h) {
		if call, _ := callOf(x); call != nil {
			c := call.Common()
			if c.IsInvoke() && c.Method.Name() == "Header" && isResponseWriter(c.Value) {
				return true
			}
		}
	}
	return false
}

// encodesTo reports whether enc is json.NewEncoder over a ResponseWriter.
func encodesTo(enc ssa.Value) bool {
	call, ok := enc.(*ssa.Call)
	if !ok {
		return false
	}
	name, pkg := calleeName(call.Common())
	return pkg == "encoding/json" && name == "json.NewEncoder" && len(call.Common().Args) == 1 && isResponseWriter(call.Common().Args[0])
}

// logFunc reports whether name is one of the prefixes, alone or with an
// f, ln, Context or Attrs suffix (Printf, Println, InfoContext, LogAttrs).
func logFunc(name string, prefixes ...string) bool {
	for _, p := range prefixes {
		rest, ok := strings.CutPrefix(name, p)
		if !ok {
			continue
		}
		switch rest {
		case "", "f", "ln", "Context", "Attrs", "w", "s", "Depth", "S":
			return true
		}
	}
	return false
}

func (a *flow) checkLog(c *ssa.CallCommon, name string, args []ssa.Value) {
	a.checkArgs(RuleLog, c.Pos(), name, args)
}

// checkArgs reports the first argument that carries a credential. For
// formatting sinks, a struct with a credential field counts: %v prints it.
func (a *flow) checkArgs(rule string, pos token.Pos, sink string, args []ssa.Value) {
	for _, x := range args {
		if a.check(rule, pos, sink, x) {
			return
		}
	}
	for _, x := range a.formatted(args) {
		if f := credentialField(x.Type()); f != nil {
			a.report(rule, pos, sink, []*source{{desc: fmt.Sprintf("%s, which has field %s (%s),", typeName(x.Type()), f.Name(), lint.Where(a.pass.Fset, f.Pos()))}})
			return
		}
	}
}

// formatted returns the values a variadic call formats: the elements stored
// into its ...any array.
func (a *flow) formatted(args []ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, x := range args {
		sl, ok := x.(*ssa.Slice)
		if !ok {
			continue
		}
		alloc, ok := sl.X.(*ssa.Alloc)
		if !ok {
			continue
		}
		a.allocStores(alloc, func(vs ...ssa.Value) {
			for _, v := range vs {
				if mi, ok := v.(*ssa.MakeInterface); ok {
					out = append(out, mi.X)
				}
			}
		})
	}
	return out
}

// credentialField returns a credential-named text field of a struct type
// that fmt prints field by field (one without String, Error, Format or a
// logger's marshalling method).
func credentialField(t types.Type) *types.Var {
	base := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		base = p.Elem()
	}
	st, ok := base.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	ms := types.NewMethodSet(types.NewPointer(base))
	for _, m := range []string{"String", "Error", "Format", "GoString", "LogValue", "MarshalLogObject", "MarshalZerologObject"} {
		if ms.Lookup(nil, m) != nil {
			return nil
		}
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if names.Credential(f.Name()) && (!names.Ambiguous(f.Name()) || holdsCredentials(t)) && carriesText(f.Type()) {
			return f
		}
	}
	return nil
}

func typeName(t types.Type) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return t.String()
}

// check reports v reaching a sink when it carries a credential, and says
// whether it did.
func (a *flow) check(rule string, pos token.Pos, sink string, v ssa.Value) bool {
	if a.collect != nil {
		a.collect(rule, pos, sink, v, false)
		return false // every argument
	}
	srcs := a.sourcesFor(v, a.errorOnly)
	if rule == RuleResponse {
		// What the client sent is no secret from it (source.fromClient).
		var server []*source
		for _, s := range srcs {
			if !s.fromClient {
				server = append(server, s)
			}
		}
		srcs = server
	}
	if len(srcs) == 0 {
		return false
	}
	a.report(rule, pos, sink, srcs)
	return true
}

// checkingError sets errorOnly for the checks of one sink, and returns
// what resets it.
func (a *flow) checkingError(only bool) func() {
	a.errorOnly = only
	return func() { a.errorOnly = false }
}

func (a *flow) report(rule string, pos token.Pos, sink string, srcs []*source) {
	if a.collect != nil {
		return // computing summaries, not reporting
	}
	n := node(a.pass, pos)
	start, end := pos, pos
	if n != nil {
		start, end = n.Pos(), n.End()
		if a.reported[n] {
			return
		}
		a.reported[n] = true
	}
	a.rep.Report(rule, start, end, fmt.Sprintf("%s reaches %s: %s", srcs[0].desc, sink, advice[rule]))
}

// isStdStream reports whether v is os.Stdout or os.Stderr.
func isStdStream(v ssa.Value) bool {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	g, ok := load.X.(*ssa.Global)
	return ok && g.Pkg != nil && g.Pkg.Pkg.Path() == "os" && (g.Name() == "Stdout" || g.Name() == "Stderr")
}

// fieldType reports whether a logger function returns a field or attribute
// to be logged later (zap.String, slog.Any) rather than logging.
func fieldType(results *types.Tuple) bool {
	if results.Len() != 1 {
		return false
	}
	switch typeName(results.At(0).Type()) {
	case "Field", "Attr", "Fields", "Value":
		return true
	}
	return false
}

// urlish reports whether a string built so far is a URL: a constant with a
// scheme, a path or a query, a concatenation that starts with one, or a
// variable, field or parameter named like a URL.
func (a *flow) urlish(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Const:
		s, ok := constString(v)
		if !ok {
			return false
		}
		return strings.Contains(s, "://") || strings.HasPrefix(s, "/") && !strings.ContainsAny(s, " \t") ||
			strings.ContainsAny(s, "?&") && strings.HasSuffix(s, "=")
	case *ssa.BinOp:
		return v.Op == token.ADD && (a.urlish(v.X) || a.urlish(v.Y))
	case *ssa.Parameter:
		return names.URL(v.Name())
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return false
		}
		switch x := v.X.(type) {
		case *ssa.FieldAddr:
			f := structField(x.X.Type(), x.Field)
			return f != nil && names.URL(f.Name())
		case *ssa.Global:
			return names.URL(x.Name())
		}
	case *ssa.Field:
		f := structField(v.X.Type(), v.Field)
		return f != nil && names.URL(f.Name())
	case *ssa.Call:
		// u.String() of a url.URL
		name, pkg := calleeName(v.Common())
		return pkg == "net/url" && name == "URL.String"
	}
	return false
}

// urlFormat reports whether a format string builds a URL. An XML or JSON
// document (a SOAP envelope, whose namespaces are URLs) builds a document.
func (a *flow) urlFormat(v ssa.Value) bool {
	s, ok := constString(v)
	if !ok {
		return false
	}
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "<") || strings.HasPrefix(t, "{") {
		return false
	}
	return strings.Contains(s, "://") || strings.HasPrefix(s, "/") && !strings.ContainsAny(s, " \t") ||
		strings.Contains(s, "?") && strings.Contains(s, "=%") || strings.Contains(s, "&") && strings.Contains(s, "=%")
}
