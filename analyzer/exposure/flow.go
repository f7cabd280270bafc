package exposure

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
)

// A source is where a credential enters the program, as a diagnostic names
// it: "EVERFLOW_API_KEY from os.Getenv (client.go:27)".
type source struct {
	desc string
	// fromClient: the value was read from what the client sent with the
	// request being served (its headers, query, form). Sending it back to
	// that client exposes nothing; logging it still does.
	fromClient bool
}

// An origin is what a value derives from: a source, or a parameter of the
// function being looked at, which its callers resolve.
type origin struct {
	src   *source
	param *ssa.Parameter
}

// flow holds one pass's indexes and memoised answers.
type flow struct {
	pass  *analysis.Pass
	rep   *lint.Reporter
	funcs []*ssa.Function

	// callers lists the static call sites of each package function.
	callers map[*ssa.Function][]ssa.CallInstruction
	// closures lists the MakeClosure instructions of each closure.
	closures map[*ssa.Function][]*ssa.MakeClosure
	// fieldStores and globalStores list what each struct field and package
	// variable is assigned anywhere in the package.
	fieldStores  map[*types.Var][]ssa.Value
	globalStores map[*ssa.Global][]ssa.Value
	// pointerSources are variables a credential is written into through a
	// pointer: flag.StringVar(&key, "api-key", …).
	pointerSources map[ssa.Value]*source
	// writes lists what is written into a builder or buffer through its
	// methods (b.WriteString(key)), by the builder's variable.
	writes map[ssa.Value][]ssa.Value

	// sent is what the package sends as a credential, references what
	// refers to a secret without holding it: what it looks Kubernetes
	// Secrets up by, the paths it opens (provenance.go); secretLookups
	// and pathArgs are those calls' arguments, marked once call sites are
	// indexed.
	sent          *uses
	references    *uses
	secretLookups []ssa.Value
	pathArgs      []ssa.Value
	// hard are the package's hard-coded keys, judged when first asked.
	hard *hardSources

	memo     map[ssa.Value][]origin
	inFlight map[ssa.Value]bool
	resolved map[resolving][]*source
	fieldSrc map[*types.Var][]*source
	reported map[ast.Node]bool

	// summary and imported are the sink summaries of the package's
	// functions and of other packages' (summaries.go); collect, while
	// they are computed, takes what the sink checks would report.
	summary  map[*ssa.Function][]reach
	imported map[*types.Func][]reach
	collect  func(rule string, pos token.Pos, sink string, v ssa.Value, data bool)
	// errorOnly is set while a sink is checked that is an error its
	// function only returns or drops (erroruse.go): its sources come only
	// from the callers that use that error.
	errorOnly bool
}

func newFlow(pass *analysis.Pass, rep *lint.Reporter, info *buildssa.SSA) *flow {
	a := &flow{
		pass:           pass,
		rep:            rep,
		funcs:          allFuncs(info),
		callers:        map[*ssa.Function][]ssa.CallInstruction{},
		closures:       map[*ssa.Function][]*ssa.MakeClosure{},
		fieldStores:    map[*types.Var][]ssa.Value{},
		globalStores:   map[*ssa.Global][]ssa.Value{},
		pointerSources: map[ssa.Value]*source{},
		writes:         map[ssa.Value][]ssa.Value{},
		sent:           newUses(false),
		references:     newUses(true),
		hard:           newHardSources(pass),
		memo:           map[ssa.Value][]origin{},
		inFlight:       map[ssa.Value]bool{},
		resolved:       map[resolving][]*source{},
		fieldSrc:       map[*types.Var][]*source{},
		reported:       map[ast.Node]bool{},
	}
	for _, fn := range a.funcs {
		// A test's stores and calls are not how the package's code gets
		// its values: a key a test puts in a field or passes to a helper
		// is no source of what the package's code does with it (and go
		// vet analyses the package with its tests too).
		if rep.InTest(fn.Pos()) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				a.index(instr)
			}
		}
	}
	a.markReferences()
	return a
}

func (a *flow) index(instr ssa.Instruction) {
	switch instr := instr.(type) {
	case ssa.CallInstruction:
		c := instr.Common()
		if callee := c.StaticCallee(); callee != nil && callee.Blocks != nil {
			a.callers[callee] = append(a.callers[callee], instr)
		}
		a.indexSent(c)
		if p, s := a.pointerSource(c); s != nil {
			a.pointerSources[p] = s
		}
		if isWriter(c) {
			r := root(c.Args[0])
			a.writes[r] = append(a.writes[r], c.Args[1:]...)
		}
	case *ssa.MakeClosure:
		if fn, ok := instr.Fn.(*ssa.Function); ok {
			a.closures[fn] = append(a.closures[fn], instr)
		}
	case *ssa.Store:
		if f := fieldOf(instr.Addr); f != nil {
			a.fieldStores[f] = append(a.fieldStores[f], instr.Val)
		} else if g, ok := instr.Addr.(*ssa.Global); ok {
			a.globalStores[g] = append(a.globalStores[g], instr.Val)
		}
	}
}

// fieldOf returns the struct field an address points into, if any.
func fieldOf(addr ssa.Value) *types.Var {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	return structField(fa.X.Type(), fa.Field)
}

func structField(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// root strips field and element addressing down to the variable.
func root(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.IndexAddr:
			v = x.X
		default:
			return v
		}
	}
}

// sources returns the sources v derives from, with the function's own
// parameters resolved through its callers.
func (a *flow) sources(v ssa.Value) []*source { return a.sourcesFor(v, false) }

// sourcesFor is sources, for a sink that is an error the function only
// returns when errorOnly is set: a parameter is then resolved only
// through the callers that use the error (erroruse.go).
func (a *flow) sourcesFor(v ssa.Value, errorOnly bool) []*source {
	var out []*source
	for _, o := range a.origins(v) {
		if o.src != nil {
			out = appendSource(out, o.src)
			continue
		}
		for _, s := range a.resolveParam(resolving{o.param, errorOnly}, map[resolving]bool{}) {
			out = appendSource(out, s)
		}
	}
	return out
}

func appendSource(list []*source, s *source) []*source {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// resolving is a parameter being resolved through its callers; with
// errorOnly, it reaches the sink only through the error its function
// returns, and the callers that drop that error do not count.
type resolving struct {
	param     *ssa.Parameter
	errorOnly bool
}

// resolveParam returns the sources a parameter receives from the package's
// static call sites.
func (a *flow) resolveParam(p resolving, seen map[resolving]bool) []*source {
	if r, ok := a.resolved[p]; ok {
		return r
	}
	if seen[p] {
		return nil
	}
	seen[p] = true
	fn := p.param.Parent()
	i := slices.Index(fn.Params, p.param)
	var out []*source
	for _, ci := range a.callers[fn] {
		c := ci.Common()
		// Methods called statically pass the receiver as Args[0], as
		// fn.Params has it.
		if i < 0 || i >= len(c.Args) {
			continue
		}
		errorOnly := false
		if p.errorOnly {
			switch errorUseOf(ci) {
			case errorDropped:
				continue
			case errorReturned:
				errorOnly = true
			}
		}
		for _, o := range a.origins(c.Args[i]) {
			if o.src != nil {
				out = appendSource(out, o.src)
				continue
			}
			for _, s := range a.resolveParam(resolving{o.param, errorOnly}, seen) {
				out = appendSource(out, s)
			}
		}
	}
	a.resolved[p] = out
	return out
}

// origins returns what v derives from. It walks SSA operands backwards and
// memoises per value; a value met again while it is being computed (a loop
// through a phi) contributes nothing new.
func (a *flow) origins(v ssa.Value) []origin {
	if o, ok := a.memo[v]; ok {
		return o
	}
	if a.inFlight[v] {
		return nil
	}
	a.inFlight[v] = true
	o := a.compute(v)
	delete(a.inFlight, v)
	a.memo[v] = o
	return o
}

func (a *flow) compute(v ssa.Value) []origin {
	if isMode(v) || a.optionList(v) {
		return nil
	}
	var out []origin
	add := func(os ...origin) {
		for _, o := range os {
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	from := func(vs ...ssa.Value) {
		for _, x := range vs {
			add(a.origins(x)...)
		}
	}
	if s := a.pointerSources[v]; s != nil {
		add(origin{src: s})
	}
	a.carry(v, from) // what a request, header map, dump or JSON document holds (carriers.go)
	switch v := v.(type) {
	case *ssa.Const:
		if s := a.hard.of(v); s != nil {
			add(origin{src: s})
		}
	case *ssa.Parameter:
		if a.credentialName(v.Name(), a.sent.values[v], a.references.values[v]) && carriesText(v.Type()) {
			add(origin{src: &source{desc: fmt.Sprintf("parameter %s of %s (%s)", v.Name(), v.Parent().Name(), lint.Where(a.pass.Fset, v.Pos()))}})
		} else {
			add(origin{param: v})
		}
	case *ssa.FreeVar:
		fn := v.Parent()
		i := slices.Index(fn.FreeVars, v)
		for _, mc := range a.closures[fn] {
			if i >= 0 && i < len(mc.Bindings) {
				from(mc.Bindings[i])
			}
		}
	case *ssa.Global:
		for _, s := range a.globalStores[v] {
			add(a.settled(s)...)
		}
		if a.credentialName(v.Name(), a.sent.values[v], a.references.values[v]) && carriesText(v.Type()) {
			add(origin{src: &source{desc: fmt.Sprintf("%s (%s)", v.Name(), lint.Where(a.pass.Fset, v.Pos()))}})
		}
	case *ssa.Alloc:
		// A local variable, or the array behind a variadic call: what is
		// stored into it or its elements, or written into it.
		a.allocStores(v, from)
		from(a.writes[v]...)
	case *ssa.MakeMap:
		// A url.Values literal is a sink of its own (secret-in-url at the
		// entry); following it further would report the key twice.
		if !lint.IsNamed(v.Type(), "net/url", "Values") {
			a.mapUpdates(v, from)
		}
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL: // a load
			from(v.X)
		case token.ARROW: // a receive: the channel's sends are not followed
		default:
			from(v.X)
		}
	case *ssa.FieldAddr:
		f := structField(v.X.Type(), v.Field)
		for _, s := range a.fieldSources(f, v.X.Type()) {
			add(origin{src: s})
		}
	case *ssa.Field:
		f := structField(v.X.Type(), v.Field)
		for _, s := range a.fieldSources(f, v.X.Type()) {
			add(origin{src: s})
		}
	case *ssa.IndexAddr:
		from(v.X)
	case *ssa.Index:
		from(v.X)
	case *ssa.Lookup:
		from(v.X)
	case *ssa.BinOp:
		if v.Op == token.ADD {
			from(v.X, v.Y)
		}
		// Comparisons and arithmetic tell nothing of the key.
	case *ssa.Convert:
		if !maskedInPlace(v) {
			from(v.X)
		}
	case *ssa.ChangeType:
		from(v.X)
	case *ssa.MakeInterface:
		from(v.X)
	case *ssa.TypeAssert:
		from(v.X)
	case *ssa.Extract:
		// A call's results are separate values: the token of
		// (claims, token, err) is no reason to suspect err.
		switch t := v.Tuple.(type) {
		case *ssa.Call:
			a.call(t, v.Index, add, from)
		case *ssa.Next:
			// A range's value (a header's values, a map's, a string's
			// runes) is what the ranged-over value holds; its key (a
			// header's name) is not followed.
			if r, ok := t.Iter.(*ssa.Range); ok && v.Index == 2 {
				from(r.X)
			}
		default:
			from(v.Tuple)
		}
	case *ssa.Phi:
		from(v.Edges...)
	case *ssa.Slice:
		if !shortSlice(v) {
			from(v.X)
		}
	case *ssa.Call:
		a.call(v, -1, add, from)
	}
	return out
}

// allocStores feeds what is stored into an Alloc, directly or into its
// elements, to from.
func (a *flow) allocStores(alloc *ssa.Alloc, from func(...ssa.Value)) {
	var walk func(addr ssa.Value)
	walk = func(addr ssa.Value) {
		refs := addr.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == addr {
					from(r.Val)
				}
			case *ssa.IndexAddr:
				if r.X == addr {
					walk(r)
				}
			}
		}
	}
	walk(alloc)
}

// settled returns v's origins with parameters resolved through callers: a
// value stored in a field or global may be read in any function.
func (a *flow) settled(v ssa.Value) []origin {
	var out []origin
	for _, s := range a.sources(v) {
		out = append(out, origin{src: s})
	}
	return out
}

// fieldSources returns the sources a struct field holds: itself when named
// like a credential, and what the package stores into it.
func (a *flow) fieldSources(f *types.Var, owner types.Type) []*source {
	if f == nil {
		return nil
	}
	if s, ok := a.fieldSrc[f]; ok {
		return s
	}
	a.fieldSrc[f] = nil // a field stored from itself contributes nothing new
	// What is stored comes first: "EVERFLOW_API_KEY from os.Getenv" says
	// more than the field's name.
	var out []*source
	for _, v := range a.fieldStores[f] {
		for _, s := range a.sources(v) {
			out = appendSource(out, s)
		}
	}
	if a.credentialName(f.Name(), a.sent.fields[f] || holdsCredentials(owner), a.references.fields[f]) && carriesText(f.Type()) {
		out = append(out, &source{desc: fmt.Sprintf("field %s (%s)", f.Name(), lint.Where(a.pass.Fset, f.Pos()))})
	}
	a.fieldSrc[f] = out
	return out
}

// shortSlice reports whether v keeps at most a few characters of a string,
// as hand-written redaction does (key[:4] + "…" + key[len(key)-4:]).
func shortSlice(v *ssa.Slice) bool {
	if b, ok := v.X.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return false
	}
	if n, ok := tailLen(v.X, v.Low); ok && v.High == nil {
		return n <= maxShown
	}
	lo, hi := int64(0), int64(-1)
	if c, ok := v.Low.(*ssa.Const); ok && c.Value != nil {
		lo = c.Int64()
	} else if v.Low != nil {
		return false
	}
	if c, ok := v.High.(*ssa.Const); ok && c.Value != nil {
		hi = c.Int64()
	}
	return hi >= 0 && hi-lo <= maxShown
}

// maxShown is the most characters of a key a slice may keep and still be a
// redacted form.
const maxShown = 6

// tailLen reports whether low is len(s) - n for a constant n: s[low:] is
// then the key's last n characters.
func tailLen(s, low ssa.Value) (int64, bool) {
	sub, ok := low.(*ssa.BinOp)
	if !ok || sub.Op != token.SUB {
		return 0, false
	}
	n, ok := sub.Y.(*ssa.Const)
	if !ok || n.Value == nil {
		return 0, false
	}
	l, ok := sub.X.(*ssa.Call)
	if !ok {
		return 0, false
	}
	if b, ok := l.Call.Value.(*ssa.Builtin); !ok || b.Name() != "len" || len(l.Call.Args) != 1 || l.Call.Args[0] != s {
		return 0, false
	}
	return n.Int64(), true
}

// maskedInPlace reports whether v, a byte or rune slice, has constants
// written over its elements at a varying index, as a loop masking a copy
// of a key does (b[i] = '*').
func maskedInPlace(v ssa.Value) bool {
	s, ok := v.Type().Underlying().(*types.Slice)
	if !ok {
		return false
	}
	if b, ok := s.Elem().Underlying().(*types.Basic); !ok || (b.Kind() != types.Byte && b.Kind() != types.Rune) {
		return false
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.X != v {
			continue
		}
		if _, fixed := ia.Index.(*ssa.Const); fixed || ia.Referrers() == nil {
			continue
		}
		for _, w := range *ia.Referrers() {
			if st, ok := w.(*ssa.Store); ok && st.Addr == ia {
				if _, ok := st.Val.(*ssa.Const); ok {
					return true
				}
			}
		}
	}
	return false
}

// carriesText reports whether a value of type t can hold a key: a string,
// a byte slice, or a pointer to one.
func carriesText(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// qualifiedName names a function the way code calls it: os.Getenv,
// Header.Get, mustEnv.
func qualifiedName(fn *ssa.Function) string {
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	if fn.Pkg != nil && fn.Pkg.Pkg != nil {
		return fn.Pkg.Pkg.Name() + "." + fn.Name()
	}
	if fn.Object() != nil && fn.Object().Pkg() != nil {
		return fn.Object().Pkg().Name() + "." + fn.Name()
	}
	return strings.TrimPrefix(fn.Name(), "(")
}
