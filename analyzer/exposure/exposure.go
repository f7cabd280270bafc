// Package exposure defines an Analyzer that follows credentials through a
// package's SSA form into log output, error messages and URLs.
//
// Rules and Summary describe its rules for tightlip's catalogue and README.
// Their types are in tightlip's internal/rule package: code outside the
// tightlip module can read them but not name their types.
package exposure

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/tightlip/tightlip/analyzer/internal/lint"
)

// Doc is the analyzer's documentation, printed by go vet help.
const Doc = `report credentials that flow into logs, error messages, URLs and HTTP responses

A key that reaches a log line, an error message or a URL is copied into log
files, monitoring systems, proxies' access logs and browser histories,
where nobody guards it. Vendors' security guides (Everflow's among them)
say a key must never appear there:

	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("calling Everflow with key %s", key)         // reported
	return fmt.Errorf("everflow: bad key %q", key)          // reported
	u := base + "/offers?api_key=" + key                     // reported
	req.Header.Set("X-Eflow-API-Key", key)                  // the right way

The analyzer follows values on the package's SSA form. Sources are the
results of calls that read a credential by name (os.Getenv,
os.LookupEnv, viper.GetString, flag.String, Header.Get, FormValue, a
package's own mustEnv, given "EVERFLOW_API_KEY", "X-Eflow-API-Key",
"api-key" …), struct fields, package variables and parameters named like
a credential (APIKey, clientSecret, password). A name that is a
credential only sometimes (a bare token or auth, pageToken,
clusterToken) is a source only when the value is also sent as a
credential (an Authorization header, SetBasicAuth, url.UserPassword) or
is a field of a type named like Credentials or Auth. A value that only
refers to a secret is no source whatever its name: what a Kubernetes
Secret is looked up by, a path opened as a file or passed for a
parameter named for one (keyFile, htpasswdPath), and a function's result
named for an identity (the user of parseAuthorization's user, pass).
The keys written into the source that the hardcoded analyzer reports are
sources too (a key logged is in the logs as well as in the repository),
wherever a constant
holding one is used: "the hard-coded key (config.go:12)"; one a comment
silences there is no source. (tightlip scan runs that analyzer with
-hardcoded.contentrules=false, as its content scan runs the catalogue
itself: there, a key that only a content rule recognises is not
followed.) A call's results are followed one by one: the error returned
next to a key is not the key. Values flow through assignments, struct
fields, closures, range loops over maps and headers (the values, not the
names), concatenation, fmt.Sprint*, strings, bytes, strconv, encoding
and escaping functions, and calls to the package's own functions and to
helpers in other packages of the module. A request or header map that
was given a key (Header.Set, Add, an index assignment, SetBasicAuth, the
URL it was made with, in the function or a package function it is passed
to) carries the key when it is printed whole or dumped by
httputil.DumpRequest or DumpRequestOut, and so does a copy (Clone,
WithContext), unless the header was deleted, overwritten with a constant
or replaced by a redacting function's result. json.Marshal or
xml.Marshal of a struct built in the function carries what is stored
into its exported fields that the encoding writes. Sinks are log,
log/slog (messages and attributes), fmt.Print* and fmt.Fprint* to
os.Stdout or os.Stderr, zap, logrus and zerolog (secret-in-log);
fmt.Errorf, errors.New and panic (secret-in-error); url.Values.Set and
Add, url.URL's RawQuery, Path and RawPath, and a concatenation or
fmt.Sprintf that appends the key to a URL (secret-in-url; there any
non-constant value given to a query parameter whose name is a
credential, api_key= or client_secret, counts as a key, and a bare
token= or auth= only when the value is also sent as a credential;
X-Amz-Credential is a presigned URL's by design; a form the function
sends only as a request's body, by http.PostForm, strings.NewReader of
its Encode() or a field or call named for a form or body, is in no URL);
http.ResponseWriter's
Write, fmt.Fprint* and io.WriteString into a ResponseWriter, a
json.Encoder over one, an html/template or text/template executed into
one (the data's fields, map values and itself), http.Error's message, a
header of the response (w.Header().Set, Add or an index assignment), and
a cookie's Value given to http.SetCookie (secret-in-response: what a
server sends reaches every visitor's browser; a credential the client
sent with the request, in its headers, query, form or cookies, is no
secret from that client, and sending it back, as a session cookie
refreshed with the token the request carried, is not reported). Printing
a struct that has a credential field with %v counts as printing the
field, unless the type formats itself.

len, comparisons, hashing (crypto/*, hash/*) and a short slice of the key
(its first or last few characters) end the flow. A function of the
package is judged by what it returns, not by its name: one that hashes,
keeps a few characters, returns a constant, a length or a bool, or
overwrites a copy of the key in a loop ends the flow; a "mask" or
"sanitize" that returns the key, trimmed, lower-cased or with a label,
does not. A function the analyzer has no body for (another package's, an
interface method) ends the flow when its name says redact, mask, hash,
fingerprint, sanitize or obfuscate. What the code does with a value
can also say it is a setting, not a key, whatever it is called: a value
compared with two or more different words (a switch over "simple" and
"jwt") is a mode, and a value split at commas (strings.Split, SplitN,
Cut) whose first item is a mode, where it is split or where a function
of the package that hands the item back is called, is a list of options
(etcd's auth token setting "jwt,pub-key=path,sign-method=RS256"). A key
compared with "" or one placeholder, a credential pair "SID,TOKEN" and a
DSN whose scheme is cut off at "://" still count.

Passing the key to Header.Set is the right way and is never reported.
Each report sits on the sink and names the source and where it was read:
"EVERFLOW_API_KEY from os.Getenv (client.go:27) reaches log.Printf". A
key handed to a helper of another package of the module whose parameter
reaches a sink (a logging wrapper, a JSON response helper; exported
functions and methods, through go/analysis facts) is reported at the
call, where the key is handed over: "EVERFLOW_API_KEY from os.Getenv
(main.go:12) reaches logger.Debug, which passes it to slog.Debug
(logger.go:30)"; so is a struct with the key in a field given to a
helper of the same package that encodes it into a response (writeJSON(w,
data)). A key given by value to a helper of the same package is reported
on the sink inside the helper, once for all its callers. Helpers of the
standard library and of dependencies in the module cache are not
summarised. Test files are not checked. A //tightlip:allow or
//nolint:tightlip comment on the line silences a report.`

// Analyzer reports credentials that reach logs, errors and URLs.
var Analyzer = &analysis.Analyzer{
	Name: "exposure",
	Doc:  Doc,
	URL:  "https://github.com/tightlip/tightlip/tree/main/analyzer/exposure",
	// Not buildssa: buildSSA (ssa.go) says why.
	Requires: []*analysis.Analyzer{inspect.Analyzer, ctrlflow.Analyzer},
	Run:      run,
	// Functions whose parameters reach a sink (summaries.go).
	FactTypes: []analysis.Fact{new(sinkFact)},
}

// sinkPackages are the packages a sink can live in; a package that imports
// none of them has only panics and concatenations, and is skipped
// (net/http: a handler writes its response through a ResponseWriter).
var sinkPackages = append([]string{"log", "log/slog", "fmt", "errors", "net/url", "net/http"}, loggerPackages...)

func run(pass *analysis.Pass) (any, error) {
	// A dependency (module cache, vendor, standard library) is analysed
	// only for facts, and gets no summaries (summarises): a finding there
	// is its authors' to fix, and a helper there is not followed.
	if !summarises(pass) {
		return nil, nil
	}
	// Fast path: no logger, formatter, error or URL package, no helper
	// of another package that reaches one, no sink.
	if !lint.Imports(pass.Pkg, sinkPackages...) && !importsFacts(pass) {
		return nil, nil
	}
	a := newFlow(pass, lint.NewReporter(pass), buildSSA(pass))
	a.summarise()
	a.eachInstr(func(instr ssa.Instruction) {
		a.checkSink(instr)
		a.checkHelperCall(instr)
	})
	return nil, a.hard.err
}

// eachInstr calls f on each instruction of the package's functions, test
// files' aside.
func (a *flow) eachInstr(f func(ssa.Instruction)) {
	for _, fn := range a.funcs {
		if a.rep.InTest(fn.Pos()) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				f(instr)
			}
		}
	}
}

// node returns the innermost call, binary expression, key-value pair or
// assignment around pos, where a diagnostic about an SSA instruction at pos
// belongs.
func node(pass *analysis.Pass, pos token.Pos) ast.Node {
	for _, f := range pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for _, n := range path {
			switch n.(type) {
			case *ast.CallExpr, *ast.BinaryExpr, *ast.KeyValueExpr, *ast.AssignStmt:
				return n
			}
		}
	}
	return nil
}

// allFuncs lists the package's functions with bodies, closures included.
func allFuncs(info *buildssa.SSA) []*ssa.Function {
	var out []*ssa.Function
	seen := map[*ssa.Function]bool{}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if seen[fn] || fn.Blocks == nil {
			return
		}
		seen[fn] = true
		out = append(out, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, fn := range info.SrcFuncs {
		add(fn)
	}
	// Package-level variable initialisers live in the synthetic init.
	if fn := info.Pkg.Func("init"); fn != nil {
		add(fn)
	}
	return out
}

func init() {
	Analyzer.Flags.BoolVar(&lint.ReportSuppressed, "suppressed", false, lint.SuppressedFlagUsage)
}
