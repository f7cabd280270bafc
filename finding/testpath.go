package finding

import (
	"path"
	"strings"
)

// ContextTest is the Context of a finding in test code or a test fixture.
const ContextTest = "test"

// testDirs are directory names that hold tests and their fixtures, by the
// conventions of Go (testdata), JavaScript (__tests__, __mocks__) and most
// projects (test, tests, fixtures).
var testDirs = map[string]bool{
	"testdata": true, "__testdata__": true, "test": true, "tests": true,
	"fixtures": true, "fixture": true, "__tests__": true, "__mocks__": true,
	"__fixtures__": true, "testfixtures": true,
}

// testSuffixes end the names of test files: Go's _test.go, and the
// spec/test files of JavaScript and TypeScript.
var testSuffixes = []string{
	"_test.go",
	".test.js", ".test.ts", ".test.jsx", ".test.tsx", ".test.mjs",
	".spec.js", ".spec.ts", ".spec.jsx", ".spec.tsx", ".spec.mjs",
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
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		if testDirs[strings.ToLower(path.Base(dir))] {
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}
