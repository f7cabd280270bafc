package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fixture is a small module with one finding of each kind and the right way
// beside each. The key is fake, made for this test (TLFAKE).
var fixture = map[string]string{
	"go.mod": "module example.com/fixture\n\ngo 1.26\n",
	"client.go": `package fixture

import (
	"crypto/tls"
	"fmt"
	"log"
	"net/http"
	"os"
)

const apiKey = "TLFAKEq8Zr2mN4vK7xW1pJ9s"

const BaseURL = "http://api.eflow.team/v1"

var transport = &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}

func get(path string) (*http.Response, error) {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("GET %s with key %s", path, key)
	req, err := http.NewRequest(http.MethodGet, "https://api.eflow.team/v1"+path, nil)
	if err != nil {
		return nil, fmt.Errorf("everflow: %w", err)
	}
	req.Header.Set("X-Eflow-API-Key", key)
	return http.DefaultClient.Do(req)
}

func sandbox(req *http.Request) {
	req.Header.Set("X-Eflow-API-Key", apiKey)
	log.Printf("sandbox key %s", apiKey)
}
`,
	"nested/ok.go": `package nested

import "os"

// Key reads the key the right way.
func Key() string { return os.Getenv("EVERFLOW_API_KEY") }
`,
}

// TestVet builds tightlip-vet and runs it under go vet on the fixture
// module: the report lists each finding, with its rule ID, at its line.
func TestVet(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	tmp := t.TempDir()
	tool := filepath.Join(tmp, "tightlip-vet")
	build := exec.Command(goBin, "build", "-o", tool, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := filepath.Join(tmp, "fixture")
	for name, text := range fixture {
		p := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, out := vet(t, goBin, tool, mod)
	want := []string{
		"client.go:11 go-hardcoded-credential",
		"client.go:13 go-plain-http-url",
		"client.go:15 go-insecure-skip-verify",
		"client.go:19 secret-in-log",
		"client.go:30 secret-in-log", // the hard-coded key, logged
	}
	if !slices.Equal(got, want) {
		t.Errorf("go vet -vettool=tightlip-vet reported\n%s\nwant\n%s\nfull output:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
	if strings.Contains(out, "TLFAKEq8Zr2mN4vK7xW1pJ9s") {
		t.Errorf("the report prints the secret:\n%s", out)
	}

	// With one analyzer asked for, only its findings come out: exposure
	// runs hardcoded for the hard-coded keys it follows, and go vet prints
	// nothing of hardcoded's own.
	got, out = vet(t, goBin, tool, mod, "-exposure")
	want = []string{"client.go:19 secret-in-log", "client.go:30 secret-in-log"}
	if !slices.Equal(got, want) {
		t.Errorf("go vet -vettool=tightlip-vet -exposure reported\n%s\nwant\n%s\nfull output:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}
}

// vet runs go vet with the tool and flags in the module and returns its
// findings as "file:line rule", sorted, and its whole output.
func vet(t *testing.T, goBin, tool, mod string, flags ...string) ([]string, string) {
	t.Helper()
	args := append([]string{"vet", "-vettool=" + tool}, flags...)
	cmd := exec.Command(goBin, append(args, "./...")...)
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet %s found nothing:\n%s", strings.Join(flags, " "), out)
	}
	// go vet prints "file:line:col: message"; keep "file:line: [rule]".
	re := regexp.MustCompile(`(?m)^(?:\./)?(\S+?\.go):(\d+):\d+: \[([a-z-]+)\]`)
	var got []string
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		got = append(got, m[1]+":"+m[2]+" "+m[3])
	}
	slices.Sort(got)
	return got, string(out)
}
