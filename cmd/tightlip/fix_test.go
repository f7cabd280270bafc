package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/gitignore"
)

// A directory without .gitignore: one gitignore-missing finding listing
// every entry, with the most severe entry's severity and one SARIF fix that
// appends them all.
func TestGitignoreFindings(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.go"), "package main\n")
	rep := scanJSON(t, 1, dir)
	want := len(gitignore.Default().Required()) - 1 // all but .npmrc and the tracked-only entries
	if len(rep.Findings) != 1 || len(rep.Findings[0].Entries) != want {
		t.Fatalf("%d findings (%+v), want one listing %d entries", len(rep.Findings), rep.Findings, want)
	}
	for _, f := range rep.Findings {
		if f.RuleID != gitignore.RuleMissing || f.File != ".gitignore" || f.Category != "gitignore" || f.Severity != "error" || !strings.Contains(f.Message, "no .gitignore") {
			t.Errorf("finding %+v", f)
		}
		for _, e := range f.Entries {
			if !strings.Contains(f.Message, "`"+e+"`") {
				t.Errorf("message does not name %s: %s", e, f.Message)
			}
		}
	}

	r := tightlip(t, "", "scan", "--format", "sarif", dir)
	r.wantCode(t, 1)
	var log struct {
		Runs []struct {
			Results []struct {
				Fixes []struct {
					ArtifactChanges []struct {
						Replacements []struct {
							InsertedContent struct{ Text string } `json:"insertedContent"`
						} `json:"replacements"`
					} `json:"artifactChanges"`
				} `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	if n := len(log.Runs[0].Results); n != 1 {
		t.Fatalf("%d results, want 1", n)
	}
	fixes := log.Runs[0].Results[0].Fixes
	if len(fixes) != 1 || len(fixes[0].ArtifactChanges) != 1 || len(fixes[0].ArtifactChanges[0].Replacements) != 1 {
		t.Fatalf("fixes %+v, want one insert", fixes)
	}
	text := fixes[0].ArtifactChanges[0].Replacements[0].InsertedContent.Text
	for _, e := range rep.Findings[0].Entries {
		if !strings.Contains(text, e+"\n") {
			t.Errorf("the fix %q does not add %s", text, e)
		}
	}

	// --gitignore=false turns the rules off.
	scanJSON(t, 0, dir, "--gitignore=false")
}

// --fix appends what is missing, says so on stderr, leaves out of the
// report what it fixed, and a second run changes nothing.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	copyFixture(t, "secrets.txt", dir, "secrets.txt")
	before := "# build output\r\nnode_modules/\r\n.env" // CRLF, no final line break
	writeFile(t, filepath.Join(dir, ".gitignore"), before)

	r := tightlip(t, "", "scan", "--fix", "--format", "json", dir)
	r.wantCode(t, 1) // the secrets are still there
	rep := decodeReport(t, r.stdout)
	for _, f := range rep.Findings {
		if f.Category == "gitignore" {
			t.Errorf("fixed finding still reported: %+v", f)
		}
	}
	// One finding lists every entry but .env (present) and .npmrc.
	if n := rep.Summary.Suppressed["fixed by --fix"]; n != 1 {
		t.Errorf("summary counts %d fixed (%v), want 1", n, rep.Summary.Suppressed)
	}
	if !strings.HasPrefix(r.stderr, "tightlip: --fix appended to .gitignore:\n  .env.*\n  !.env.example\n") {
		t.Errorf("stderr does not say what was added:\n%s", r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if err != nil {
		t.Fatal(err)
	}
	after := string(data)
	if !strings.HasPrefix(after, before+"\r\n.env.*\r\n!.env.example\r\n") || strings.Count(after, "\n") != strings.Count(after, "\r\n") {
		t.Errorf(".gitignore after --fix: %q", after)
	}
	if len(fixtureSecrets(t, "secrets.txt")) == 0 || strings.Contains(r.stderr, fakeMarker) {
		t.Errorf("stderr shows a secret:\n%s", r.stderr)
	}

	r = tightlip(t, "", "scan", "--fix", "--format", "json", dir)
	r.wantCode(t, 1)
	if r.stderr != "" {
		t.Errorf("second --fix said:\n%s", r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ".gitignore")); string(data) != after {
		t.Errorf("second --fix changed .gitignore:\n%q\n%q", after, data)
	}

	// A tree whose only problem was .gitignore is clean once fixed.
	clean := t.TempDir()
	writeFile(t, filepath.Join(clean, "main.go"), "package main\n")
	tightlip(t, "", "scan", "--fix", clean).wantCode(t, 0)
	if _, err := os.Stat(filepath.Join(clean, ".gitignore")); err != nil {
		t.Errorf("--fix did not create .gitignore: %v", err)
	}
	tightlip(t, "", "scan", clean).wantCode(t, 0)
}

// --fix rewrites a plain-HTTP URL literal of Go code to https://, says so
// on stderr, and a new scan no longer reports it. It runs with the
// gitignore rules off: the Go fix alone is reason enough for --fix. A
// literal that spells its scheme with escapes is reported, not rewritten.
func TestFixGoPlainHTTP(t *testing.T) {
	t.Parallel()
	// net/url, not net/http: go vet analyses every package the fixture
	// imports, and net/http brings three times as many.
	main := "package main\n\nimport \"net/url\"\n\nfunc main() {\n" +
		"\turl.Parse(\"http://api.partner.io/x\")\n" +
		"\turl.Parse(\"\\x68ttp://api.partner.io/y\")\n}\n"
	dir := goTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "main.go": main})
	plainHTTP := func(rep jsonReport) []int {
		var lines []int
		for _, f := range rep.Findings {
			if f.RuleID == "go-plain-http-url" {
				lines = append(lines, f.Line)
			}
		}
		return lines
	}
	if lines := plainHTTP(decodeReport(t, tightlipProcess(t, dir, "scan", "--format", "json", ".").stdout)); !slices.Equal(lines, []int{6, 7}) {
		t.Fatalf("go-plain-http-url on lines %v before --fix, want 6 and 7", lines)
	}
	// The SARIF report carries the fix of line 6 only.
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID string `json:"ruleId"`
				Fixes  []struct {
					ArtifactChanges []struct {
						Replacements []struct {
							DeletedRegion   map[string]int `json:"deletedRegion"`
							InsertedContent struct{ Text string }
						} `json:"replacements"`
					} `json:"artifactChanges"`
				} `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(tightlipProcess(t, dir, "scan", "--format", "sarif", ".").stdout), &log); err != nil {
		t.Fatal(err)
	}
	var regions []map[string]int
	for _, res := range log.Runs[0].Results {
		for _, fx := range res.Fixes {
			for _, ch := range fx.ArtifactChanges {
				for _, rep := range ch.Replacements {
					if res.RuleID == "go-plain-http-url" && rep.InsertedContent.Text == "https://" {
						regions = append(regions, rep.DeletedRegion)
					}
				}
			}
		}
	}
	if len(regions) != 1 || regions[0]["startLine"] != 6 || regions[0]["startColumn"] != 13 || regions[0]["byteLength"] != 7 {
		t.Errorf("SARIF https:// fixes at %v, want one at line 6, column 13, 7 bytes", regions)
	}

	r := tightlipProcess(t, dir, "scan", "--fix", "--gitignore=false", "--format", "json", ".")
	r.wantCode(t, 1) // the escaped literal is still reported
	if !strings.Contains(r.stderr, "tightlip: --fix rewrote main.go:\n  line 6: http:// → https://\n") {
		t.Errorf("stderr does not say what was rewritten:\n%s", r.stderr)
	}
	rep := decodeReport(t, r.stdout)
	if lines := plainHTTP(rep); !slices.Equal(lines, []int{7}) || rep.Summary.Suppressed["fixed by --fix"] != 1 {
		t.Errorf("after --fix: go-plain-http-url on lines %v, %v fixed; want line 7 left and 1 fixed", lines, rep.Summary.Suppressed)
	}
	data, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(main, "\"http://", "\"https://", 1); string(data) != want {
		t.Errorf("main.go after --fix:\n%s\nwant:\n%s", data, want)
	}

	// A new scan finds only the escaped literal, and a second --fix
	// changes nothing.
	r = tightlipProcess(t, dir, "scan", "--fix", "--format", "json", ".")
	r.wantCode(t, 1)
	if lines := plainHTTP(decodeReport(t, r.stdout)); !slices.Equal(lines, []int{7}) || strings.Contains(r.stderr, "rewrote") {
		t.Errorf("second --fix: lines %v, stderr:\n%s", lines, r.stderr)
	}
}

// A Go file that is a symbolic link to a file outside the root is never
// rewritten, whatever go vet made of it. (A file edited between the scan
// and the fix is refused by its digest: internal/literalfix's tests.)
func TestFixGoPlainHTTPNotThroughLink(t *testing.T) {
	t.Parallel()
	src := "package main\n\nimport \"net/url\"\n\nfunc main() { url.Parse(\"http://api.partner.io/x\") }\n"
	dir := goTree(t, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "main.go": src})
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "victim.go"), src)
	if err := os.Remove(filepath.Join(dir, "main.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "victim.go"), filepath.Join(dir, "main.go")); err != nil {
		t.Fatal(err)
	}
	r := tightlipProcess(t, dir, "scan", "--fix", "--format", "json", ".")
	if strings.Contains(r.stderr, "rewrote") {
		t.Errorf("--fix rewrote through a link:\n%s", r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(outside, "victim.go")); string(data) != src {
		t.Errorf("the file outside the root changed:\n%s", data)
	}
}

func TestFixUsage(t *testing.T) {
	for _, args := range [][]string{{"scan", "--fix", "-"}, {"scan", "--fix", "--gitignore=false", "--go=false", t.TempDir()}} {
		r := tightlip(t, "", args...)
		r.wantCode(t, 2)
		if !strings.Contains(r.stderr, "--fix") {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
}

// The [gitignore] table of .tightlip.toml changes the list.
func TestGitignoreConfig(t *testing.T) {
	dir := cleanTree(t)
	writeFile(t, filepath.Join(dir, ".tightlip.toml"), "[gitignore]\nadd = [\"*.secret\"]\nremove = [\"*.tfvars\"]\n")
	rep := scanJSON(t, 1, dir)
	if len(rep.Findings) != 1 || !strings.Contains(rep.Findings[0].Message, "*.secret") || rep.Findings[0].Severity != "warning" {
		t.Errorf("findings %+v, want *.secret missing", rep.Findings)
	}

	writeFile(t, filepath.Join(dir, ".tightlip.toml"), "[gitignore]\nremove = [\"*.secrets\"]\n")
	r := tightlip(t, "", "scan", dir)
	r.wantCode(t, 2)
	if !strings.Contains(r.stderr, ".tightlip.toml") || !strings.Contains(r.stderr, `"*.secrets"`) {
		t.Errorf("stderr %q, want the file and the entry named", r.stderr)
	}
}

// A tracked .env is reported with the commands that untrack it.
func TestTrackedEnvThroughTheCLI(t *testing.T) {
	dir := t.TempDir()
	git(t, dir, "init", "-q")
	writeGitignore(t, dir)
	// A made-up key, built at run time.
	writeFile(t, filepath.Join(dir, ".env"), "EVERFLOW_API_KEY=q8ZrV"+fakeMarker+"k7x2Vw9pL3nB\n")
	git(t, dir, "add", "-f", ".env")
	rep := scanJSON(t, 1, dir)
	var tracked []jsonFinding
	for _, f := range rep.Findings {
		if f.RuleID == gitignore.RuleTracked {
			tracked = append(tracked, f)
		}
	}
	if len(tracked) != 1 || tracked[0].File != ".env" || tracked[0].Severity != "error" || !strings.Contains(tracked[0].Message, "git rm --cached .env") {
		t.Errorf("tracked %+v, want .env with git rm --cached", tracked)
	}
	if strings.Contains(rep.Findings[0].Message, fakeMarker) {
		t.Errorf("message shows the key: %s", rep.Findings[0].Message)
	}
}
