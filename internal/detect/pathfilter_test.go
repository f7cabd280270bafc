package detect

import (
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
)

// The literal prefilter must never change a decision: it only skips regexes
// that cannot match. Compare with gitleaks' own Allowlist.PathAllowed.
func TestPathFilterAgreesWithGitleaks(t *testing.T) {
	set, err := contentrules.Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	f := newPathFilter(set.Content.Allowlists)
	paths := []string{
		"main.go", "go.mod", "sub/go.sum", "go.work.sum", "cmd/app/main.go",
		"vendor/modules.txt", "x/vendor/github.com/a/b.go", "vendor/example.com/a.go",
		"vendor/bundle/ruby/x.rb", "gradlew", "tools/gradlew.bat", "gradle.lockfile", "mvnw.cmd",
		".mvn/wrapper/MavenWrapperDownloader.java", "web/node_modules/left-pad/index.js",
		"package-lock.json", "a/yarn.lock", "pnpm-lock.yaml", "deno.lock", "npm-shrinkwrap.json",
		"bower_components/x.js", "static/jquery-3.1.min.js", "static/JQuery.js", "js/bootstrap.bundle.min.js.map",
		"javascript.json", "Pipfile.lock", "poetry.lock", "venv/lib/python3.11/site.py", "ENV/Lib/x.py",
		"lib/python3.11/os.py", "python/3.9/lib64/x.py", "requests-2.31.0.dist-info/RECORD", "X-1.0.DIST-INFO",
		"gems/x.gem", "gradle/verification-metadata.xml", "Database.refactorlog", "Database_refactorlog",
		"a/.git", "a/.gitignore", "logo.PNG", "font.woff2", "doc.PDF", "build/app.exe", "gitleaks.toml",
		"config/.env", "secrets/id_rsa", "docs/readme.md", "src/Library/python.go",
	}
	for _, p := range paths {
		want := false
		for _, a := range set.Content.Allowlists {
			if a.PathAllowed(p) {
				want = true
			}
		}
		if got := f.by(p) != nil; got != want {
			t.Errorf("allowed(%q) = %v, gitleaks says %v", p, got, want)
		}
	}
}

func TestRequiredLiterals(t *testing.T) {
	cases := []struct {
		expr string
		want []string
		fold bool
	}{
		{`(?:^|/)vendor/modules\.txt$`, []string{"vendor/modules.txt"}, false},
		{`(?:^|/)(?:Pipfile|poetry)\.lock$`, []string{"Pipfile", "poetry"}, false},
		{`(?:^|/)(?:deno\.lock|npm-shrinkwrap\.json)$`, []string{"deno.lock", "npm-shrinkwrap.json"}, false},
		{`(?i)\.(?:bmp|gif)$`, []string{"bmp", "gif"}, true},
		{`(?i:abc)|Def`, []string{"abc", "def"}, true},
		{`[a-z]+`, nil, false},
		{`a?b?`, nil, false},
	}
	for _, c := range cases {
		got, fold := requiredLiterals(c.expr)
		if len(got) != len(c.want) || fold != c.fold {
			t.Errorf("requiredLiterals(%q) = %q, %v; want %q, %v", c.expr, got, fold, c.want, c.fold)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("requiredLiterals(%q) = %q; want %q", c.expr, got, c.want)
			}
		}
	}
}
