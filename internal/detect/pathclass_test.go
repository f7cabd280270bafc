package detect

import "testing"

func TestPathClass(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	same := [][2]string{
		{"main.go", "cmd/tool/main.go"},
		{"config/app.yaml", "deploy/app.yaml"},
	}
	for _, p := range same {
		if e.PathClass(p[0]) != e.PathClass(p[1]) {
			t.Errorf("PathClass(%q) != PathClass(%q), want equal", p[0], p[1])
		}
	}
	// A lock file is allowlisted by path; a .p12 file is reported by a
	// path-only rule: neither may share a class with ordinary source.
	for _, p := range []string{"package-lock.json", "certs/client.p12"} {
		if e.PathClass(p) == e.PathClass("main.go") {
			t.Errorf("PathClass(%q) == PathClass(main.go), want different", p)
		}
	}
}
