package exposure

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
	"github.com/tightlip/tightlip/internal/names"
)

// notReaders are packages whose functions take a credential's name as
// text to work on, not as the name of something to read: strings.ReplaceAll
// (s, "password", "***") does not read a password.
var notReaders = map[string]bool{
	"strings": true, "bytes": true, "fmt": true, "strconv": true, "regexp": true,
	"errors": true, "path": true, "path/filepath": true, "unicode": true, "html": true,
	"text/template": true, "html/template": true, "log": true, "log/slog": true,
	"encoding/json": true, "sort": true, "slices": true, "maps": true,
}

// callSource recognises a call that reads a credential by name: a call
// returning text whose first constant string argument names a credential
// (os.Getenv("EVERFLOW_API_KEY"), r.Header.Get("X-Eflow-API-Key"),
// flag.String("api-key", …), mustEnv("DB_PASSWORD"), r.FormValue("token")).
//
// A name that is a credential only sometimes (os.Getenv("TOKEN"),
// r.FormValue("token")) makes a source only when the value is also sent as
// a credential: see names.Ambiguous and flow.sent.
func (a *flow) callSource(v ssa.Value, c *ssa.CallCommon, result types.Type) *source {
	name, pkg := calleeName(c)
	if name == "" || notReaders[pkg] || isLoggerPkg(pkg) {
		return nil
	}
	if !returnsText(result) {
		return nil
	}
	arg, ok := firstConstString(c)
	if !ok || !names.Credential(arg) || !names.LooksLikeName(arg) || presigned[strings.ToLower(arg)] {
		return nil
	}
	if names.Ambiguous(arg) && !a.sent.values[v] {
		return nil
	}
	if a.transforms(c) {
		return nil
	}
	return &source{desc: fmt.Sprintf("%s from %s (%s)", arg, name, lint.Where(a.pass.Fset, c.Pos())), fromClient: clientRead(c, name, pkg)}
}

// clientRead reports whether a call reads what the client sent with the
// request: a header of an *http.Request (not of a response an upstream
// API sent), its form values, query values, or gin's accessors of them
// and of its cookies.
func clientRead(c *ssa.CallCommon, name, pkg string) bool {
	switch pkg {
	case "net/http":
		switch name {
		case "Request.FormValue", "Request.PostFormValue":
			return true
		case "Header.Get", "Header.Values":
			return len(c.Args) > 0 && requestOfHeader(c.Args[0]) != nil
		}
	case "net/url":
		return name == "Values.Get"
	case "github.com/gin-gonic/gin":
		switch name {
		case "Context.GetHeader", "Context.Query", "Context.DefaultQuery", "Context.PostForm", "Context.DefaultPostForm", "Context.Cookie":
			return true
		}
	}
	return false
}

// transforms reports whether a call to a function of the package returns
// what another, non-constant, argument derives from, or the name it was
// given: trimID("secret", id) hands back the ID it was given, with
// "secret" naming the kind of object, and lego's
// altEnvName("CLOUDFLARE_API_KEY") the name of another variable; neither
// reads a credential. getenv("API_KEY", "") still reads one: its other
// argument is a constant, and what it returns is read, not its name.
func (a *flow) transforms(c *ssa.CallCommon) bool {
	fn := c.StaticCallee()
	if fn == nil || fn.Pkg != a.ssaPkg() || fn.Blocks == nil {
		return false
	}
	nameAt := firstConstStringArg(c) // the name callSource read
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		for _, o := range a.origins(ret.Results[0]) {
			if o.param == nil || o.param.Parent() != fn {
				continue
			}
			i := slices.Index(fn.Params, o.param)
			if i < 0 || i >= len(c.Args) {
				continue
			}
			if _, isConst := c.Args[i].(*ssa.Const); !isConst || i == nameAt {
				return true
			}
		}
	}
	return false
}

// pointerSource recognises a call that writes a credential through a
// pointer, flag.StringVar(&key, "api-key", …) and its kin (pflag's
// StringVarP, kingpin's StringVar): it returns the pointer and the source.
func (a *flow) pointerSource(c *ssa.CallCommon) (ssa.Value, *source) {
	name, _ := calleeName(c)
	if !strings.HasSuffix(name, "Var") && !strings.HasSuffix(name, "VarP") {
		return nil, nil
	}
	arg, ok := firstConstString(c)
	if !ok || !names.Credential(arg) || !names.LooksLikeName(arg) {
		return nil, nil
	}
	if names.Ambiguous(arg) {
		return nil, nil // a flag named "token" alone may be anything
	}
	for _, x := range c.Args {
		if p, ok := x.Type().Underlying().(*types.Pointer); ok && carriesText(p.Elem()) {
			return root(x), &source{desc: fmt.Sprintf("%s from %s (%s)", arg, name, lint.Where(a.pass.Fset, c.Pos()))}
		}
	}
	return nil, nil
}

// calleeName names what a call calls, and its package path.
func calleeName(c *ssa.CallCommon) (name, pkg string) {
	if c.IsInvoke() {
		return c.Method.Name(), pkgPath(c.Method.Pkg())
	}
	fn := c.StaticCallee()
	if fn == nil {
		return "", ""
	}
	if obj := fn.Object(); obj != nil {
		pkg = pkgPath(obj.Pkg())
	} else if fn.Pkg != nil {
		pkg = fn.Pkg.Pkg.Path()
	}
	return qualifiedName(fn), pkg
}

func pkgPath(p *types.Package) string {
	if p == nil {
		return ""
	}
	return p.Path()
}

// firstConstString returns the first string constant among a call's
// arguments.
func firstConstString(c *ssa.CallCommon) (string, bool) {
	i := firstConstStringArg(c)
	if i < 0 {
		return "", false
	}
	return constString(c.Args[i])
}

// firstConstStringArg returns the index of the first string constant
// among a call's arguments, -1 if none is.
func firstConstStringArg(c *ssa.CallCommon) int {
	return slices.IndexFunc(c.Args, func(x ssa.Value) bool {
		_, ok := constString(x)
		return ok
	})
}

// returnsText reports whether a call's result (or the first of its
// results) can hold a key.
func returnsText(t types.Type) bool {
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return false
		}
		t = tup.At(0).Type()
	}
	return carriesText(t)
}
