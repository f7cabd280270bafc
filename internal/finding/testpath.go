package finding

import (
	"path"
	"strings"
)

// The Context of a finding says where it is when that is not code or
// configuration that runs: test code and fixtures, and examples.
const (
	// ContextTest is the Context of a finding in test code or a test fixture.
	ContextTest = "test"
	// ContextExample is the Context of a finding in an example or sample:
	// documentation/examples/, samples/, config.example.yml.
	ContextExample = "example"
	// ContextThirdParty is the Context of a finding in code the
	// repository copied from others: vendor/, node_modules/, a committed
	// module cache. Its keys are their authors' examples and test values;
	// a real one is theirs to rotate.
	ContextThirdParty = "third-party"
)

// ContextOf is the Context of a finding in the slash path p:
// ContextThirdParty, ContextTest, ContextExample or "".
func ContextOf(p string) string {
	switch {
	case IsThirdPartyPath(p):
		return ContextThirdParty
	case IsTestPath(p):
		return ContextTest
	case IsExamplePath(p):
		return ContextExample
	}
	return ""
}

// testDirs are directory names that hold tests and their fixtures, by the
// conventions of Go (testdata, and testutil packages of test helpers),
// JavaScript (__tests__, __mocks__, __snapshots__), HTTP replay libraries
// (recordings, cassettes) and most projects (test, tests, e2e, fixtures,
// mocks).
var testDirs = map[string]bool{
	"testdata": true, "__testdata__": true, "test": true, "tests": true, "e2e": true,
	"fixtures": true, "fixture": true, "__tests__": true, "__mocks__": true,
	"__fixtures__": true, "testfixtures": true,
	"testutil": true, "testutils": true, "testhelpers": true,
	// Recorded HTTP interactions replayed by tests (go-vcr, VCR.py,
	// Polly.js) and snapshot files.
	"recordings": true, "cassettes": true, "vcr_cassettes": true, "__recordings__": true,
	"__snapshots__": true, "mocks": true,
}

// testSuffixes end the names of test files: Go's _test.go, and the
// spec/test files of JavaScript and TypeScript.
var testSuffixes = []string{
	"_test.go",
	".test.js", ".test.ts", ".test.jsx", ".test.tsx", ".test.mjs",
	".spec.js", ".spec.ts", ".spec.jsx", ".spec.tsx", ".spec.mjs",
}

// isGoMockFile reports whether a Go file's name says it holds test doubles
// or test constants: mock.go, mocks.go, mock_client.go, client_mock.go,
// mock_test_constants.go. Such files build into the package only to serve
// its tests.
func isGoMockFile(base string) bool {
	name, ok := strings.CutSuffix(base, ".go")
	if !ok {
		return false
	}
	switch {
	case name == "mock" || name == "mocks":
		return true
	case strings.HasPrefix(name, "mock_") || strings.HasPrefix(name, "mocks_"):
		return true
	case strings.HasSuffix(name, "_mock") || strings.HasSuffix(name, "_mocks"):
		return true
	}
	return strings.Contains(name, "_test_")
}

// IsTestPath reports whether the slash path p (relative to the scanned
// root) is test code or lies in a directory of tests or fixtures. A
// directory whose name merely contains "test" (latest/, contest/) is not.
func IsTestPath(p string) bool {
	base := path.Base(p)
	for _, s := range testSuffixes {
		if strings.HasSuffix(base, s) {
			return true
		}
	}
	if strings.HasPrefix(base, "test_") && strings.HasSuffix(base, ".py") || strings.HasSuffix(base, "_test.py") {
		return true
	}
	if isGoMockFile(base) {
		return true
	}
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		if testDirs[strings.ToLower(path.Base(dir))] {
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}

// exampleDirs are directory names that hold examples and samples.
var exampleDirs = map[string]bool{
	"example": true, "examples": true, "_examples": true, "sample": true, "samples": true,
	"demo": true, "demos": true,
}

// exampleParts are dot-separated parts of a file name that make it an
// example of a file (config.example.yml, settings.sample.json,
// app.yml.example), or words of its name that make it example data
// (openapi_examples.go, config-sample.yaml).
var exampleParts = map[string]bool{"example": true, "sample": true}

// IsExamplePath reports whether the slash path p is an example or a
// sample: a file under an examples/ or samples/ directory at any depth,
// a file named as an example of another (config.example.yml), or one whose
// name says it holds examples (openapi_examples.go). A name that merely
// contains the word (counterexample/, examplesvc.go) is not.
func IsExamplePath(p string) bool {
	base := strings.ToLower(path.Base(p))
	parts := strings.Split(base, ".")
	for _, part := range parts[1:] {
		if exampleParts[part] {
			return true
		}
	}
	if len(parts) > 1 {
		// example.env, sample.config.yml, openapi_examples.go,
		// config-sample.yaml: a word of the name before its extension.
		for w := range strings.FieldsFuncSeq(strings.Join(parts[:len(parts)-1], "."), func(r rune) bool {
			return r == '_' || r == '-' || r == '.'
		}) {
			if exampleParts[w] || w == "examples" || w == "samples" {
				return true
			}
		}
	}
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		if exampleDirs[strings.ToLower(path.Base(dir))] {
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}

// thirdPartyDirs are directories that hold copies of other projects' code.
var thirdPartyDirs = map[string]bool{"vendor": true, "node_modules": true, "third_party": true, "bower_components": true}

// IsThirdPartyPath reports whether the slash (or Windows) path p lies in
// code copied from other projects: a vendor/, node_modules/, third_party/
// or bower_components/ directory at any depth, or a module cache committed
// by mistake (Go's pkg/mod/<module>@<version>/ and pkg/mod/cache/, CUE's
// cue.mod/pkg/).
func IsThirdPartyPath(p string) bool {
	p = "/" + strings.ReplaceAll(p, "\\", "/")
	dir := path.Dir(p)
	for dir != "/" && dir != "." && dir != "" {
		if thirdPartyDirs[path.Base(dir)] {
			return true
		}
		dir = path.Dir(dir)
	}
	if strings.Contains(p, "/cue.mod/pkg/") || strings.Contains(p, "/cue.mod/gen/") {
		return true
	}
	_, rest, ok := strings.Cut(p, "/pkg/mod/")
	return ok && (strings.Contains(rest, "@v") || strings.HasPrefix(rest, "cache/download/"))
}
