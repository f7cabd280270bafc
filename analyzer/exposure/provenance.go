package exposure

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
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

// A value used to look up a Kubernetes Secret (the name argument of a call
// returning a *corev1.Secret: client.CoreV1().Secrets(ns).Get(ctx, name,
// …), a lister's Get(name), a client wrapper's GetSecret(ns, name)) names
// the Secret; it is not its contents. Controllers keep such names in
// fields called Secret, CertSecret or AuthTLSSecret and quote them in
// their errors ("failed to fetch secret %s/%s"); traefik's CRD provider
// had 21 findings of that kind. Such a field, parameter or variable is not
// a source, whatever its name.

// A value opened as a file (os.ReadFile, os.Open) or passed for a
// parameter named for a path (certFile, keyFile, htpasswdPath, in any
// package's function) names the file that holds a key; it is not the key.
// rclone's ClientKey and HtPasswd options hold such paths, and it logs
// them. Such a value is a reference, as a Secret's name is.

// uses is what a package does with some values: the values and struct
// fields seen used so.
type uses struct {
	values map[ssa.Value]bool
	fields map[*types.Var]bool
	// callers: a parameter used so marks the arguments its function is
	// called with in the package too.
	callers bool
}

func newUses(callers bool) *uses {
	return &uses{values: map[ssa.Value]bool{}, fields: map[*types.Var]bool{}, callers: callers}
}

// indexSent records what a call sends as a credential, and the values
// that refer to a secret rather than hold it: what it looks a Kubernetes
// Secret up by, and the paths it opens (marked once the package is
// indexed, when its call sites are known).
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
		a.markBack(v, a.sent, map[ssa.Value]bool{})
	}
	if returnsSecretObject(c.Signature()) {
		for _, x := range c.Args {
			if isString(x.Type()) {
				a.secretLookups = append(a.secretLookups, x)
			}
		}
	}
	a.pathArgs = append(a.pathArgs, pathArgs(c, name, pkg)...)
}

// fileFuncs are the os functions whose first argument is a file's name.
var fileFuncs = map[string]bool{
	"os.Open": true, "os.OpenFile": true, "os.ReadFile": true, "os.Create": true,
	"os.WriteFile": true, "os.Stat": true, "os.Lstat": true,
}

// pathArgs returns the arguments of a call that are paths: a file's name
// given to os, a string passed for a parameter named for a path.
func pathArgs(c *ssa.CallCommon, name, pkg string) []ssa.Value {
	if pkg == "os" && fileFuncs[name] && len(c.Args) > 0 {
		return c.Args[:1]
	}
	sig := c.Signature()
	args := c.Args
	if !c.IsInvoke() && sig.Recv() != nil && len(args) > 0 {
		args = args[1:] // a method's receiver comes first
	}
	var out []ssa.Value
	for i := 0; i < sig.Params().Len() && i < len(args); i++ {
		if names.Path(sig.Params().At(i).Name()) && isString(args[i].Type()) {
			out = append(out, args[i])
		}
	}
	return out
}

// returnsSecretObject reports whether a function returns a Kubernetes
// Secret object (k8s.io/api/core/v1.Secret, or a pointer to one).
func returnsSecretObject(sig *types.Signature) bool {
	res := sig.Results()
	for i := range res.Len() {
		t := res.At(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if lint.IsNamed(t, "k8s.io/api/core/v1", "Secret") {
			return true
		}
	}
	return false
}

// markReferences marks what the package looks Kubernetes Secrets up by
// and the paths it opens: after indexing, when every call site of the
// package is known.
func (a *flow) markReferences() {
	for _, x := range a.secretLookups {
		a.markBack(x, a.references, map[ssa.Value]bool{})
	}
	for _, x := range a.pathArgs {
		a.markWhole(x, a.references, map[ssa.Value]bool{})
	}
}

// markBack walks back from a value used so (sent as a credential, used
// as a Secret's name) to the variables, fields and calls it is made of,
// its parts included: the token of "Bearer " + token is sent, the name of
// strings.SplitN(ref, "/", 2)[1] names the Secret.
func (a *flow) markBack(v ssa.Value, u *uses, seen map[ssa.Value]bool) {
	a.mark(v, u, seen, false)
}

// markWhole walks back from a path to the variables, fields and
// parameters that hold it whole, not to what it is built from: a key
// formatted into an API path ("/v1/items?api_key=" + key, handed to a
// client's get(path)) is no path.
func (a *flow) markWhole(v ssa.Value, u *uses, seen map[ssa.Value]bool) {
	a.mark(v, u, seen, true)
}

func (a *flow) mark(v ssa.Value, u *uses, seen map[ssa.Value]bool, whole bool) {
	if v == nil || seen[v] || len(seen) > 200 {
		return
	}
	seen[v] = true
	u.values[v] = true
	if whole {
		switch v.(type) {
		case *ssa.BinOp, *ssa.Slice, *ssa.IndexAddr, *ssa.Index, *ssa.Extract, *ssa.Call:
			return
		}
	}
	switch v := v.(type) {
	case *ssa.BinOp:
		a.mark(v.X, u, seen, whole)
		a.mark(v.Y, u, seen, whole)
	case *ssa.Convert:
		a.mark(v.X, u, seen, whole)
	case *ssa.ChangeType:
		a.mark(v.X, u, seen, whole)
	case *ssa.MakeInterface:
		a.mark(v.X, u, seen, whole)
	case *ssa.UnOp:
		a.mark(v.X, u, seen, whole)
	case *ssa.Phi:
		for _, e := range v.Edges {
			a.mark(e, u, seen, whole)
		}
	case *ssa.FieldAddr:
		if f := structField(v.X.Type(), v.Field); f != nil {
			u.fields[f] = true
		}
	case *ssa.Field:
		if f := structField(v.X.Type(), v.Field); f != nil {
			u.fields[f] = true
		}
	case *ssa.Slice:
		a.mark(v.X, u, seen, whole)
	case *ssa.IndexAddr:
		a.mark(v.X, u, seen, whole) // parts[1] of strings.SplitN(ref, "/", 2)
	case *ssa.Index:
		a.mark(v.X, u, seen, whole)
	case *ssa.Extract:
		a.mark(v.Tuple, u, seen, whole) // ns, name, _ := strings.Cut(ref, "/")
	case *ssa.Alloc:
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				a.mark(r.Val, u, seen, whole)
			case *ssa.IndexAddr:
				if irefs := r.Referrers(); irefs != nil {
					for _, ir := range *irefs {
						if st, ok := ir.(*ssa.Store); ok {
							a.mark(st.Val, u, seen, whole)
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
				a.mark(x, u, seen, whole)
			}
		}
	case *ssa.Parameter:
		if !u.callers {
			return
		}
		i := slices.Index(v.Parent().Params, v)
		for _, ci := range a.callers[v.Parent()] {
			if args := ci.Common().Args; i >= 0 && i < len(args) {
				a.mark(args[i], u, seen, whole)
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
// provenance (sent), and not a reference to a secret (a Kubernetes
// Secret's name, a key file's path).
func (a *flow) credentialName(name string, sent, reference bool) bool {
	if !names.Credential(name) || reference {
		return false
	}
	return !names.Ambiguous(name) || sent
}
