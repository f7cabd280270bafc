package exposure

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/internal/names"
)

// A url.Values, or a "k=v&…" string built by hand, is also how a form is
// written, and a form sent as a request's body is in no URL: OAuth's token
// requests carry client_secret and password in an
// application/x-www-form-urlencoded body (RFC 6749, section 2.3.1), which
// proxies and servers do not log. So a credential put into such a form is
// no secret-in-url when the function that builds it is seen to send it as a
// body (http.PostForm, strings.NewReader of its Encode(), a field or call
// named for a form or body) and to do nothing else with it. A form handed
// anywhere else (another package's function, another field, a caller it
// is returned to) may become a query, and is still reported.

// formGraph walks the uses of one form: the url.Values map or the string
// built from it, through local variables, φ-nodes, strings functions and
// the parameters of the package's functions it is passed to (joker's
// postRequest(ctx, "login", values) posts what it is given).
type formGraph struct {
	seen map[ssa.Value]bool
	// entered are the parameters the form was passed to: their uses in
	// their function are the form's. Any other parameter met (a φ-node's
	// operand) holds what unseen callers passed.
	entered map[*ssa.Parameter]bool
	body    bool // some use sends it as a request body
}

// sentOnlyAsBody reports whether the form v (a url.Values, or a string
// holding an encoded form) is sent as a request's body and used for
// nothing that could put it into a URL. A form that is a parameter may be
// anything its callers made it, and is not judged.
func sentOnlyAsBody(v ssa.Value) bool {
	g := formGraph{seen: map[ssa.Value]bool{}, entered: map[*ssa.Parameter]bool{}}
	return g.only(v) && g.body
}

// resultSentOnlyAsBody reports whether the string a call returns (a form
// written with fmt.Sprintf) is sent only as a request's body.
func resultSentOnlyAsBody(ci ssa.CallInstruction) bool {
	call, ok := ci.(*ssa.Call)
	return ok && sentOnlyAsBody(call)
}

// maxFormValues bounds the walk: a form that passes through more values
// than this is treated as going anywhere.
const maxFormValues = 64

func (g *formGraph) only(v ssa.Value) bool {
	if g.seen[v] {
		return true
	}
	g.seen[v] = true
	if len(g.seen) > maxFormValues {
		return false
	}
	switch x := v.(type) {
	case *ssa.Parameter:
		if !g.entered[x] {
			return false // its callers' other uses are not seen here
		}
	case *ssa.FreeVar, *ssa.Global:
		// Its other uses are in other functions.
		return false
	case *ssa.Phi:
		for _, e := range x.Edges {
			if !g.only(e) {
				return false
			}
		}
	case *ssa.UnOp:
		if alloc, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL && !alloc.Heap {
			if !g.local(alloc) {
				return false
			}
		}
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, instr := range *refs {
		if !g.use(v, instr) {
			return false
		}
	}
	return true
}

// local follows a local variable holding the form: what is stored into it
// and what is loaded from it.
func (g *formGraph) local(alloc *ssa.Alloc) bool {
	for _, instr := range *alloc.Referrers() {
		switch r := instr.(type) {
		case *ssa.Store:
			if r.Addr != alloc || !g.only(r.Val) {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || !g.only(r) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// use reports whether instr, a use of the form v, keeps it out of URLs.
func (g *formGraph) use(v ssa.Value, instr ssa.Instruction) bool {
	switch r := instr.(type) {
	case *ssa.DebugRef:
		return true
	case *ssa.Phi:
		return g.only(r)
	case *ssa.MapUpdate:
		return r.Map == v // an entry added; the form stored into a map goes anywhere
	case *ssa.Lookup, *ssa.Range:
		return true
	case *ssa.Store:
		if alloc, ok := r.Addr.(*ssa.Alloc); ok && !alloc.Heap {
			return g.local(alloc)
		}
		if fa, ok := r.Addr.(*ssa.FieldAddr); ok && r.Val == v {
			if f := structField(fa.X.Type(), fa.Field); f != nil && bodyName(f.Name()) {
				g.body = true
				return true
			}
		}
		return false
	case *ssa.BinOp:
		// A string form extended: "a=1&" + form, form + "&b=2".
		return r.Op == token.ADD && g.only(r)
	case *ssa.Convert:
		// []byte(form), for bytes.NewBuffer or bytes.NewReader.
		return g.only(r)
	case ssa.CallInstruction:
		return g.call(v, r)
	}
	return false
}

func (g *formGraph) call(v ssa.Value, ci ssa.CallInstruction) bool {
	c := ci.Common()
	name, pkg := calleeName(c)
	short := name[strings.LastIndexByte(name, '.')+1:]
	switch {
	case pkg == "net/url" && name == "Values.Encode":
		// The encoded form goes where the string goes.
		call, ok := ci.(*ssa.Call)
		return ok && c.Args[0] == v && g.only(call)
	case pkg == "net/url" && strings.HasPrefix(name, "Values."):
		return c.Args[0] == v // Set, Add, Del, Get, Has on the form itself
	case pkg == "strings" && name == "strings.NewReader",
		pkg == "bytes" && (name == "bytes.NewBufferString" || name == "bytes.NewBuffer" || name == "bytes.NewReader"):
		g.body = true
		return true
	case pkg == "net/http" && (name == "http.PostForm" || name == "Client.PostForm"):
		g.body = true
		return slices.Index(c.Args, v) == len(c.Args)-1
	case name != "" && bodyName(short):
		// Another library's form: resty's SetFormDataFromValues, a
		// client's PostForm.
		g.body = true
		return true
	case pkg == "strings" && strings.HasPrefix(name, "strings."):
		// strings.TrimSpace(form), strings.ReplaceAll(form, …): the
		// result is the form still; a bool or an index tells nothing.
		// A Builder or a Replacer given it may put it anywhere.
		call, ok := ci.(*ssa.Call)
		if !ok {
			return false
		}
		b, ok := call.Type().Underlying().(*types.Basic)
		switch {
		case !ok:
			return false
		case b.Info()&types.IsString != 0:
			return g.only(call)
		}
		return b.Info()&(types.IsBoolean|types.IsInteger) != 0
	}
	if fn := c.StaticCallee(); fn != nil && fn.Blocks != nil && !c.IsInvoke() {
		// A function of the package: the form goes where its parameter
		// goes there.
		i := slices.Index(c.Args, v)
		if i < 0 || i >= len(fn.Params) {
			return false
		}
		g.entered[fn.Params[i]] = true
		return g.only(fn.Params[i])
	}
	return false
}

// bodyName reports whether a field or function name says it holds or sends
// a request's body or form: PostForm, Form, MultipartParams, SetFormData,
// Body; not a Format or a Query.
func bodyName(name string) bool {
	for _, w := range names.Words(name) {
		switch w {
		case "form", "multipart", "body":
			return true
		case "query", "url", "uri", "path":
			return false
		}
	}
	return false
}
