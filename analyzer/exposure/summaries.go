package exposure

import (
	"cmp"
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
)

// Sink summaries: which parameters of a function reach which sink inside
// it, directly or through the functions it calls (the package's own, and
// other packages' through their facts). A helper's summary lets a call
// that hands it a key be reported where the key is handed over, which is
// where the fix goes:
//
//	logger.Debug("key", key) // EVERFLOW_API_KEY from os.Getenv (main.go:12) reaches
//	                         // logger.Debug, which passes it to slog.Debug (logger.go:30)
//
// Within one package the sink inside the helper is reported instead, as
// before summaries: resolveParam follows the helper's parameter to the
// package's call sites, and the one report on the sink covers every caller
// (a helper called with a key from ten places is one fix, in the helper).
// So a call site is reported through a summary only when that in-package
// report cannot happen: the helper is in another package (its sink never
// sees this caller), or the argument carries a key only in its fields (a
// struct a writeJSON helper encodes into a response; resolveParam follows
// values, not the fields of a struct passed by value), which is when
// sources(arg) finds nothing at the call site.

// A reach is one way a parameter reaches a sink inside a function. It is
// part of a fact: exported fields, gob-encodable.
type reach struct {
	// Param is the parameter's index in the function's SSA parameters
	// (the receiver first for a method), as in a static call's Args.
	Param int
	Rule  string
	// Sink names the sink and where it is: "slog.Info (logger.go:30)".
	Sink string
	// Data is set for a sink that sends a value's fields (a json.Encoder
	// or a template into a response): at the call site the argument's
	// fields are looked at, as checkData does.
	Data bool
	// ViaError is set for a key formatted into an error that the function
	// only returns: a call that drops that error hands over nothing
	// (erroruse.go).
	ViaError bool
}

// sinkFact is the fact exported for a function or method whose parameters
// reach a sink: its reaches, sorted by parameter then rule.
type sinkFact struct{ Reaches []reach }

func (*sinkFact) AFact() {}

func (f *sinkFact) String() string {
	var parts []string
	for _, r := range f.Reaches {
		part := fmt.Sprintf("%d→%s %s", r.Param, r.Rule, r.Sink)
		if r.ViaError {
			part += " in the error returned"
		}
		parts = append(parts, part)
	}
	return "reaches(" + strings.Join(parts, "; ") + ")"
}

// maxReaches bounds a fact: one reach per parameter, rule and kind, and no
// more than this many in all.
const maxReaches = 16

// summarises reports whether the package's summaries are worth computing:
// it belongs to the module being analysed, a module of its workspace, or
// one replaced by a local directory, not a dependency (lint.Dependency):
// go vet only wants a dependency's facts, the summaries are the cost, and
// the standard library's sinks are modelled by name (sinks.go).
func summarises(pass *analysis.Pass) bool { return !lint.Dependency(pass) }

// importsFacts reports whether a package directly imports one with sink
// facts: it may hand a key to a helper there without importing a sink
// package itself.
func importsFacts(pass *analysis.Pass) bool {
	direct := map[*types.Package]bool{}
	for _, p := range pass.Pkg.Imports() {
		direct[p] = true
	}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*sinkFact); ok && direct[f.Object.Pkg()] {
			return true
		}
	}
	return false
}

// summarise computes the package's summaries (a.summary) and exports a
// fact for each exported function or method that has one (what another
// package can call).
func (a *flow) summarise() {
	a.summary = map[*ssa.Function][]reach{}
	a.imported = map[*types.Func][]reach{}
	var calls []ssa.CallInstruction
	// Sinks in the functions themselves: run the sink checks collecting
	// the parameters each sink's value derives from.
	a.collect = func(rule string, pos token.Pos, sink string, v ssa.Value, data bool) {
		for _, o := range a.origins(v) {
			if o.param != nil {
				a.addReach(o.param, reach{Rule: rule, Sink: sink + " (" + lint.Where(a.pass.Fset, pos) + ")", Data: data, ViaError: a.errorOnly})
			}
		}
	}
	a.eachInstr(func(instr ssa.Instruction) {
		a.checkSink(instr)
		if c, ok := instr.(ssa.CallInstruction); ok && c.Common().StaticCallee() != nil {
			calls = append(calls, c)
		}
	})
	a.collect = nil
	// Through calls, until nothing changes: a parameter passed to a
	// parameter that reaches a sink reaches it too.
	for changed := true; changed; {
		changed = false
		for _, ci := range calls {
			c := ci.Common()
			for _, r := range a.reaches(c.StaticCallee()) {
				if r.Param >= len(c.Args) {
					continue
				}
				viaError := false
				if r.ViaError {
					switch errorUseOf(ci) {
					case errorDropped:
						continue
					case errorReturned:
						viaError = true
					}
				}
				for _, o := range a.origins(c.Args[r.Param]) {
					if o.param != nil && a.addReach(o.param, reach{Rule: r.Rule, Sink: r.Sink, Data: r.Data, ViaError: viaError}) {
						changed = true
					}
				}
			}
		}
	}
	for _, fn := range a.funcs {
		rs := a.summary[fn]
		obj, ok := fn.Object().(*types.Func)
		if len(rs) == 0 || !ok || !obj.Exported() || obj.Pkg() != a.pass.Pkg {
			continue
		}
		slices.SortStableFunc(rs, func(x, y reach) int {
			return cmp.Or(cmp.Compare(x.Param, y.Param), strings.Compare(x.Rule, y.Rule))
		})
		a.pass.ExportObjectFact(obj, &sinkFact{Reaches: rs})
	}
}

// addReach records that parameter p reaches a sink, and says whether that
// is new: the first sink found for a parameter, rule and kind stands,
// unless it leaked only through a returned error and this one leaks
// anyway.
func (a *flow) addReach(p *ssa.Parameter, r reach) bool {
	fn := p.Parent()
	r.Param = slices.Index(fn.Params, p)
	if r.Param < 0 || !mayCarry(p.Type()) {
		return false
	}
	rs := a.summary[fn]
	if i := slices.IndexFunc(rs, func(x reach) bool {
		return x.Param == r.Param && x.Rule == r.Rule && x.Data == r.Data
	}); i >= 0 {
		if rs[i].ViaError && !r.ViaError {
			rs[i] = r // a sink that leaks whatever the caller does with the error
			return true
		}
		return false
	}
	if len(rs) >= maxReaches {
		return false
	}
	a.summary[fn] = append(rs, r)
	return true
}

// reaches returns a called function's summary: the package's own, or the
// fact its package exported.
func (a *flow) reaches(callee *ssa.Function) []reach {
	if callee == nil || a.summary == nil {
		return nil
	}
	if o := callee.Origin(); o != nil {
		callee = o // an instance of a generic function: its body's summary
	}
	if callee.Pkg == a.ssaPkg() {
		return a.summary[callee]
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg() == a.pass.Pkg {
		return nil
	}
	obj = obj.Origin()
	if rs, ok := a.imported[obj]; ok {
		return rs
	}
	var f sinkFact
	var rs []reach
	if a.pass.ImportObjectFact(obj, &f) {
		rs = f.Reaches
	}
	a.imported[obj] = rs
	return rs
}

// checkHelperCall reports a call that hands a key to a function whose
// summary says the parameter reaches a sink, at the call. See the comment
// at the top of this file for when the sink inside is reported instead.
func (a *flow) checkHelperCall(instr ssa.Instruction) {
	ci, ok := instr.(ssa.CallInstruction)
	if !ok {
		return
	}
	c := ci.Common()
	callee := c.StaticCallee()
	rs := a.reaches(callee)
	if len(rs) == 0 {
		return
	}
	local := callee.Pkg == a.ssaPkg() || callee.Origin() != nil && callee.Origin().Pkg == a.ssaPkg()
	for _, r := range rs {
		if r.Param >= len(c.Args) {
			continue
		}
		use := errorUsed
		if r.ViaError {
			if use = errorUseOf(ci); use == errorDropped {
				continue // the key is in an error this call drops
			}
		}
		arg := c.Args[r.Param]
		if local && len(a.sources(arg)) > 0 {
			continue // reported on the sink inside the helper
		}
		sink := helperName(callee) + ", which passes it to " + r.Sink
		switch {
		case r.Data:
			a.checkData(c.Pos(), sink, arg)
		case use == errorReturned:
			func() {
				defer a.checkingError(true)()
				a.checkArgs(r.Rule, c.Pos(), sink, []ssa.Value{arg})
			}()
		default:
			a.checkArgs(r.Rule, c.Pos(), sink, []ssa.Value{arg})
		}
	}
}

// helperName names a called helper as its caller wrote it: logger.Debug,
// Logger.Debug for a method.
func helperName(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return qualifiedName(fn)
}

// mayCarry reports whether a parameter of type t can hand over a key:
// anything but a number or a boolean (an interface, a struct with a
// credential field, a slice of arguments can).
func mayCarry(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return !ok || b.Info()&types.IsString != 0 || b.Kind() == types.UnsafePointer
}
