package exposure

import (
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
)

// Carriers are values that hold a credential inside them rather than being
// one: a request whose header was given a key prints the key when it is
// logged whole (%v of a *http.Request or an http.Header prints every
// header), httputil's dump of that request writes it out, and a JSON
// document marshalled from a struct literal holds the fields stored into
// it. carry adds what such a value holds to its origins.

// carrierDepth bounds how far carry follows a request into the package's
// functions that set its headers (c.authorize(req)).
const carrierDepth = 3

// carry feeds what v carries inside it to from.
func (a *flow) carry(v ssa.Value, from func(...ssa.Value)) {
	switch {
	case lint.IsNamed(v.Type(), "net/http", "Request") && isPointer(v.Type()):
		from(a.requestValues(v, carrierDepth)...)
	case lint.IsNamed(v.Type(), "net/http", "Header"):
		from(a.headerValues(v, carrierDepth)...)
	}
	call, idx := callOf(v)
	if call == nil || idx > 0 {
		return
	}
	c := call.Common()
	name, pkg := calleeName(c)
	switch {
	case pkg == "net/http/httputil" && (name == "httputil.DumpRequest" || name == "httputil.DumpRequestOut") && len(c.Args) == 2:
		// A dump prints the request line and the headers (the body, which
		// it prints too, is not followed).
		from(c.Args[0])
	case pkg == "encoding/json" && (name == "json.Marshal" || name == "json.MarshalIndent") && len(c.Args) > 0:
		from(a.marshalled(c.Args[0], jsonEncoding, 0)...)
	case pkg == "encoding/xml" && (name == "xml.Marshal" || name == "xml.MarshalIndent") && len(c.Args) > 0:
		from(a.marshalled(c.Args[0], xmlEncoding, 0)...)
	}
}

// callOf returns the call v is the result of, and which result it is (-1
// for a call's only result).
func callOf(v ssa.Value) (*ssa.Call, int) {
	switch v := v.(type) {
	case *ssa.Call:
		return v, -1
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok {
			return call, v.Index
		}
	}
	return nil, 0
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// variables returns the SSA values that stand for the same local variable
// as v: v itself, or, for a variable that lives in memory (one a closure
// captures, or whose address is taken), every load of it and every value
// stored into it.
func variables(v ssa.Value) []ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return []ssa.Value{v}
	}
	alloc, ok := load.X.(*ssa.Alloc)
	if !ok {
		return []ssa.Value{v}
	}
	var out []ssa.Value
	for _, r := range referrers(alloc) {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op == token.MUL && r.X == alloc {
				out = append(out, r)
			}
		case *ssa.Store:
			if r.Addr == alloc {
				out = append(out, r.Val)
			}
		}
	}
	return out
}

// requestValues returns what a request carries into its printed form and
// its dumps: the values set into its header, its basic-auth password, the
// URL it was created with and what was stored into its URL.
func (a *flow) requestValues(req ssa.Value, depth int) []ssa.Value {
	return append(a.requestHeader(req, depth).values(), a.requestURL(req, depth)...)
}

// requestURL returns what a request's URL was made of: the URL given to
// http.NewRequest, what was stored into req.URL and its query and path,
// and the same of the request it is a copy of.
func (a *flow) requestURL(req ssa.Value, depth int) []ssa.Value {
	var out []ssa.Value
	for _, r := range variables(req) {
		if call, idx := callOf(r); call != nil && idx == 0 {
			c := call.Common()
			name, pkg := calleeName(c)
			if pkg == "net/http" && name == "http.NewRequest" && len(c.Args) == 3 {
				out = append(out, c.Args[1])
			} else if pkg == "net/http" && name == "http.NewRequestWithContext" && len(c.Args) == 4 {
				out = append(out, c.Args[2])
			}
		}
		if orig := requestCopied(r); orig != nil && depth > 0 {
			out = append(out, a.requestURL(orig, depth-1)...)
		}
		// req.URL = u; req.URL.RawQuery = q.Encode()
		for _, fa := range fieldAddrs(r, "URL") {
			out = append(out, stored(fa)...)
			for _, ref := range referrers(fa) {
				if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL {
					for _, qa := range fieldAddrs(load, "RawQuery", "Path", "RawPath") {
						out = append(out, stored(qa)...)
					}
				}
			}
		}
	}
	return out
}

// headerValues returns the values set into a header map that are still
// in it (see header).
func (a *flow) headerValues(h ssa.Value, depth int) []ssa.Value {
	return a.header(h, depth).values()
}

// A headerState is what a header map was given, by lower-case header name
// ("" where the name is not constant), and the names deleted from it.
type headerState struct {
	sets    []namedValue
	deleted map[string]bool
	// redacted: the header was replaced by a redacting function's result
	// (req.Header = redactHeaders(req.Header.Clone())).
	redacted bool
}

// A namedValue is a value set into a header under a name.
type namedValue struct {
	name string
	val  ssa.Value
}

func (s *headerState) add(o headerState) {
	s.sets = append(s.sets, o.sets...)
	s.redacted = s.redacted || o.redacted
	for k := range o.deleted {
		s.del(k)
	}
}

func (s *headerState) del(name string) {
	if s.deleted == nil {
		s.deleted = map[string]bool{}
	}
	s.deleted[name] = true
}

// values returns the values set under names never deleted: a copy of the
// headers with Authorization deleted is how code logs them safely. The
// order of Set and Del is not looked at.
func (s headerState) values() []ssa.Value {
	if s.redacted {
		return nil
	}
	var out []ssa.Value
	for _, nv := range s.sets {
		if !s.deleted[nv.name] {
			out = append(out, nv.val)
		}
	}
	return out
}

// header returns what a header map was given: by Set, Add, an index
// assignment or the literal that made it; for a request's header
// (req.Header) what that request's header was given anywhere in the
// function; for a Clone what the original was given; and what the
// package's own functions it is passed to set into it.
func (a *flow) header(h ssa.Value, depth int) headerState {
	var s headerState
	for _, x := range variables(h) {
		if req := requestOfHeader(x); req != nil {
			s.add(a.requestHeader(req, depth))
			continue
		}
		s.add(ownHeader(x))
		if call, _ := callOf(x); call != nil && depth > 0 {
			c := call.Common()
			if name, pkg := calleeName(c); pkg == "net/http" && name == "Header.Clone" && len(c.Args) == 1 {
				s.add(a.header(c.Args[0], depth-1))
			}
		}
		for _, ref := range referrers(x) {
			if call, ok := ref.(ssa.CallInstruction); ok {
				s.add(a.passedTo(call.Common(), x, depth))
			}
		}
	}
	return s
}

// requestOfHeader returns req when h is req.Header.
func requestOfHeader(h ssa.Value) ssa.Value {
	load, ok := h.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || !lint.IsNamed(fa.X.Type(), "net/http", "Request") {
		return nil
	}
	if f := structField(fa.X.Type(), fa.Field); f == nil || f.Name() != "Header" {
		return nil
	}
	return fa.X
}

// requestHeader returns what a request's header was given: through each
// req.Header, a header map stored into it, SetBasicAuth, and the
// package's own functions the request is passed to.
func (a *flow) requestHeader(req ssa.Value, depth int) headerState {
	var s headerState
	for _, r := range variables(req) {
		for _, fa := range fieldAddrs(r, "Header") {
			for _, ref := range referrers(fa) {
				switch ref := ref.(type) {
				case *ssa.Store:
					if ref.Addr == fa && redacting(ref.Val) {
						s.redacted = true
					} else if ref.Addr == fa && depth > 0 {
						s.add(a.header(ref.Val, depth-1))
					}
				case *ssa.UnOp:
					if ref.Op == token.MUL {
						s.add(ownHeader(ref))
						for _, rr := range referrers(ref) {
							if call, ok := rr.(ssa.CallInstruction); ok {
								s.add(a.passedTo(call.Common(), ref, depth))
							}
						}
					}
				}
			}
		}
		if orig := requestCopied(r); orig != nil && depth > 0 {
			s.add(a.requestHeader(orig, depth-1))
		}
		for _, ref := range referrers(r) {
			call, ok := ref.(ssa.CallInstruction)
			if !ok {
				continue
			}
			c := call.Common()
			name, pkg := calleeName(c)
			if pkg == "net/http" && name == "Request.SetBasicAuth" && len(c.Args) == 3 && c.Args[0] == r {
				s.sets = append(s.sets, namedValue{name: "authorization", val: c.Args[2]})
				continue
			}
			s.add(a.passedTo(c, r, depth))
		}
	}
	return s
}

// passedTo returns what the package function c calls sets into the
// request or header v it is given.
func (a *flow) passedTo(c *ssa.CallCommon, v ssa.Value, depth int) headerState {
	var s headerState
	fn := c.StaticCallee()
	if depth <= 0 || fn == nil || fn.Pkg != a.ssaPkg() || fn.Blocks == nil {
		return s
	}
	for i, arg := range c.Args {
		if arg != v || i >= len(fn.Params) {
			continue
		}
		p := fn.Params[i]
		switch {
		case lint.IsNamed(p.Type(), "net/http", "Header"):
			s.add(a.header(p, depth-1))
		case lint.IsNamed(p.Type(), "net/http", "Request") && isPointer(p.Type()):
			s.add(a.requestHeader(p, depth-1))
		}
	}
	return s
}

// ownHeader returns what is set into and deleted from the header map h
// itself: h.Set(name, v), h.Add(name, v), h[name] = v, h.Del(name), and
// the entries of the literal h is.
func ownHeader(h ssa.Value) headerState {
	var s headerState
	refs := h.Referrers()
	if refs == nil {
		return s
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case ssa.CallInstruction:
			c := ref.Common()
			name, pkg := calleeName(c)
			if pkg != "net/http" || len(c.Args) < 2 || c.Args[0] != h {
				continue
			}
			switch {
			case name == "Header.Set" && len(c.Args) == 3 && isConst(c.Args[2]):
				// Set("Authorization", "REDACTED") overwrites the key.
				if k := constName(c.Args[1]); k != "" {
					s.del(k)
				}
			case (name == "Header.Set" || name == "Header.Add") && len(c.Args) == 3:
				s.sets = append(s.sets, namedValue{name: constName(c.Args[1]), val: c.Args[2]})
			case name == "Header.Del":
				if k := constName(c.Args[1]); k != "" {
					s.del(k)
				}
			}
		case *ssa.MapUpdate:
			if ref.Map == h {
				s.sets = append(s.sets, namedValue{name: constName(ref.Key), val: ref.Value})
			}
		}
	}
	return s
}

// constName returns a header name given as a constant, in lower case (a
// header's name is case-insensitive), or "".
func constName(v ssa.Value) string {
	s, _ := constString(v)
	return strings.ToLower(s)
}

// fieldAddrs returns the addresses of the named fields of the struct p
// points to, as the function takes them.
func fieldAddrs(p ssa.Value, fields ...string) []*ssa.FieldAddr {
	refs := p.Referrers()
	if refs == nil {
		return nil
	}
	var out []*ssa.FieldAddr
	for _, ref := range *refs {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || fa.X != p {
			continue
		}
		if f := structField(fa.X.Type(), fa.Field); f != nil {
			for _, name := range fields {
				if f.Name() == name {
					out = append(out, fa)
				}
			}
		}
	}
	return out
}

// stored returns the values stored at an address.
func stored(addr ssa.Value) []ssa.Value {
	var out []ssa.Value
	for _, ref := range referrers(addr) {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st.Val)
		}
	}
	return out
}

// An encoding is how a marshaller picks a struct's fields: the struct tag
// key whose "-" skips a field, and the methods by which a type writes
// itself.
type encoding struct {
	tag     string
	methods []string
}

var (
	jsonEncoding = encoding{tag: "json", methods: []string{"MarshalJSON", "MarshalText"}}
	xmlEncoding  = encoding{tag: "xml", methods: []string{"MarshalXML", "MarshalText"}}
)

// marshalled returns the values a Marshal writes out of a struct built in
// the function: what is stored into its exported fields that the encoding
// does not skip (json:"-"), and into the structs stored in them.
func (a *flow) marshalled(v ssa.Value, enc encoding, depth int) []ssa.Value {
	if depth > 3 {
		return nil
	}
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X // a struct value: the local it was built in
	}
	alloc, ok := v.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var out []ssa.Value
	for _, ref := range referrers(alloc) {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok || fa.X != alloc {
			continue
		}
		f := structField(fa.X.Type(), fa.Field)
		if f == nil || !enc.writes(f, fa.X.Type()) || enc.marshalsItself(f.Type()) {
			continue
		}
		for _, x := range stored(fa) {
			out = append(out, x)
			out = append(out, a.marshalled(x, enc, depth+1)...)
		}
	}
	return out
}

// writes reports whether the encoding writes field f of struct type t.
func (enc encoding) writes(f *types.Var, t types.Type) bool {
	if !f.Exported() {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i) == f {
			return reflect.StructTag(st.Tag(i)).Get(enc.tag) != "-"
		}
	}
	return false
}

// referrers returns the instructions that use v (none for a constant or a
// global).
func referrers(v ssa.Value) []ssa.Instruction {
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	return *refs
}

// marshalsItself reports whether values of type t choose their own form
// in the encoding (MarshalJSON, MarshalXML, MarshalText): a secret type
// that marshals as "<secret>" sends nothing of the key.
func (enc encoding) marshalsItself(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Interface); ok {
		return false
	}
	ms := types.NewMethodSet(t)
	if _, ok := t.Underlying().(*types.Pointer); !ok {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for _, m := range enc.methods {
		if ms.Lookup(nil, m) != nil {
			return true
		}
	}
	return false
}

// requestCopied returns the request r is a copy of (req.Clone(ctx),
// req.WithContext(ctx)), or nil.
func requestCopied(r ssa.Value) ssa.Value {
	call, _ := callOf(r)
	if call == nil {
		return nil
	}
	c := call.Common()
	name, pkg := calleeName(c)
	if pkg == "net/http" && (name == "Request.Clone" || name == "Request.WithContext") && len(c.Args) == 2 {
		return c.Args[0]
	}
	return nil
}

// redacting reports whether v is the result of a function whose name says
// it redacts (auth.AnonymizeHeaders, redactHeaders).
func redacting(v ssa.Value) bool {
	call, _ := callOf(v)
	if call == nil {
		return false
	}
	name, pkg := calleeName(call.Common())
	return name != "" && sanitizer(name, pkg)
}

func isConst(v ssa.Value) bool {
	_, ok := v.(*ssa.Const)
	return ok
}
