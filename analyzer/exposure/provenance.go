package exposure

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/internal/names"
)

// A name such as token or auth is a credential only sometimes: a
// pagination token, a lexer's token, a cluster token that names a
// namespace are not secrets. Such a name makes a source only with
// provenance: the value (a parameter, package variable, struct field or
// the result of a call reading it by name) is also sent as a credential
// somewhere in the package, in an Authorization or API-key header, as the
// password of SetBasicAuth or url.UserPassword; or the field belongs to a
// type whose name says it holds credentials.

// indexSent records what a call sends as a credential.
func (a *flow) indexSent(c *ssa.CallCommon) {
	name, pkg := calleeName(c)
	var v ssa.Value
	switch {
	case pkg == "net/http" && (name == "Header.Set" || name == "Header.Add") && len(c.Args) == 3:
		if name, ok := constString(c.Args[1]); ok && names.Credential(name) {
			v = c.Args[2]
		}
	case pkg == "net/http" && name == "Request.SetBasicAuth" && len(c.Args) == 3:
		v = c.Args[2]
	case pkg == "net/url" && name == "url.UserPassword" && len(c.Args) == 2:
		v = c.Args[1]
	}
	if v != nil {
		a.markSent(v, map[ssa.Value]bool{})
	}
}

// markSent walks back from a value sent as a credential to the variables,
// fields and calls it is made of.
func (a *flow) markSent(v ssa.Value, seen map[ssa.Value]bool) {
	if v == nil || seen[v] || len(seen) > 200 {
		return
	}
	seen[v] = true
	a.sent[v] = true
	switch v := v.(type) {
	case *ssa.BinOp:
		a.markSent(v.X, seen)
		a.markSent(v.Y, seen)
	case *ssa.Convert:
		a.markSent(v.X, seen)
	case *ssa.ChangeType:
		a.markSent(v.X, seen)
	case *ssa.MakeInterface:
		a.markSent(v.X, seen)
	case *ssa.UnOp:
		a.markSent(v.X, seen)
	case *ssa.Phi:
		for _, e := range v.Edges {
			a.markSent(e, seen)
		}
	case *ssa.FieldAddr:
		if f := structField(v.X.Type(), v.Field); f != nil {
			a.sentFields[f] = true
		}
	case *ssa.Field:
		if f := structField(v.X.Type(), v.Field); f != nil {
			a.sentFields[f] = true
		}
	case *ssa.Slice:
		a.markSent(v.X, seen)
	case *ssa.Alloc:
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				a.markSent(r.Val, seen)
			case *ssa.IndexAddr:
				if irefs := r.Referrers(); irefs != nil {
					for _, ir := range *irefs {
						if st, ok := ir.(*ssa.Store); ok {
							a.markSent(st.Val, seen)
						}
					}
				}
			}
		}
	case *ssa.Call:
		c := v.Common()
		name, pkg := calleeName(c)
		if propagators[pkg] || (pkg == "fmt" && len(name) > 4 && name[:4] == "fmt.") {
			for _, x := range c.Args {
				a.markSent(x, seen)
			}
		}
	}
}

// credentialHolders end the names of types whose fields hold credentials:
// a Credentials struct's Token is a credential.
var credentialHolders = map[string]bool{
	"credential": true, "credentials": true, "creds": true, "auth": true, "secret": true,
	"secrets": true, "login": true, "oauth": true, "oauth2": true,
}

// holdsCredentials reports whether t (or what it points to) is a named type
// whose name says it holds credentials.
func holdsCredentials(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	if n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "golang.org/x/oauth2" {
		return true
	}
	ws := names.Words(n.Obj().Name())
	return len(ws) > 0 && credentialHolders[ws[len(ws)-1]]
}

// credentialName reports whether a parameter, variable or field name makes
// v a source: a strong credential name, or an ambiguous one with
// provenance.
func (a *flow) credentialName(name string, sent bool) bool {
	if !names.Credential(name) {
		return false
	}
	return !names.Ambiguous(name) || sent
}
