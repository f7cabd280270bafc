package ghaction

import (
	"bytes"
	"strings"
	"testing"
)

const (
	idA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	idB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	id0 = "0000000000000000000000000000000000000000"
)

func TestPlanByEvent(t *testing.T) {
	pr := func() payload {
		var p payload
		p.PullRequest = &pullRequest{Commits: 3}
		p.PullRequest.Base.SHA, p.PullRequest.Head.SHA = idA, idB
		return p
	}
	t.Run("pull request scans base..head with the base's configuration", func(t *testing.T) {
		p, err := plan("pull_request", pr(), false, false)
		if err != nil {
			t.Fatal(err)
		}
		if p.Mode != ModeRange || p.Base != idA || p.Head != idB || p.Commits != 3 || p.TrustedConfigFrom != idA {
			t.Errorf("plan = %+v", p)
		}
	})
	t.Run("config-from head trusts the pull request and says so", func(t *testing.T) {
		p, _ := plan("pull_request_target", pr(), false, true)
		if p.TrustedConfigFrom != "" || len(p.Notes) == 0 {
			t.Errorf("plan = %+v", p)
		}
	})
	t.Run("scope all scans the tree, still with the base's configuration", func(t *testing.T) {
		p, _ := plan("pull_request", pr(), true, false)
		if p.Mode != ModeTree || p.TrustedConfigFrom != idA {
			t.Errorf("plan = %+v", p)
		}
	})
	t.Run("push scans before..after", func(t *testing.T) {
		p, err := plan("push", payload{Before: idA, After: idB}, false, false)
		if err != nil || p.Mode != ModeRange || p.Base != idA || p.Head != idB || p.TrustedConfigFrom != "" {
			t.Errorf("plan = %+v, %v", p, err)
		}
	})
	t.Run("push of a new branch starts from the default branch", func(t *testing.T) {
		pl := payload{Before: id0, After: idB, Created: true}
		pl.Repository.DefaultBranch = "main"
		p, err := plan("push", pl, false, false)
		if err != nil || p.Mode != ModeRange || p.Base != "" || p.DefaultBranch != "main" {
			t.Errorf("plan = %+v, %v", p, err)
		}
	})
	t.Run("schedule scans the history", func(t *testing.T) {
		for _, ev := range []string{"schedule", "workflow_dispatch"} {
			if p, _ := plan(ev, payload{}, false, false); p.Mode != ModeHistory {
				t.Errorf("%s: plan = %+v", ev, p)
			}
		}
	})
	t.Run("a payload that is not commit IDs is refused", func(t *testing.T) {
		bad := pr()
		bad.PullRequest.Base.SHA = "--upload-pack=touch /tmp/x"
		if _, err := plan("pull_request", bad, false, false); err == nil {
			t.Error("a base that is an option was accepted")
		}
		if _, err := plan("push", payload{Before: idA, After: "HEAD"}, false, false); err == nil {
			t.Error("an after that is not a commit ID was accepted")
		}
		nb := payload{Before: id0, After: idB}
		nb.Repository.DefaultBranch = "-x"
		if _, err := plan("push", nb, false, false); err == nil {
			t.Error("a default branch that is an option was accepted")
		}
		if _, err := plan("pull_request", payload{}, false, false); err == nil {
			t.Error("a pull_request event without pull_request was accepted")
		}
	})
}

func TestAnnotateCapsEachLevelAndEscapes(t *testing.T) {
	rep := &Report{}
	for i := range 25 {
		rep.Findings = append(rep.Findings, Finding{Rule: "github-pat", Level: "error", File: "a.go", Line: i + 1, Message: "token"})
	}
	rep.Findings = append(rep.Findings, Finding{Rule: "plain-http-url", Level: "warning",
		File: "x\n::error file=evil::owned,y:z", Line: 2, Message: "50% sure\n::set-output name=x::y"})
	var b bytes.Buffer
	Annotate(&b, rep)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	var errs, warns, notices int
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "::error "):
			errs++
		case strings.HasPrefix(l, "::warning "):
			warns++
		case strings.HasPrefix(l, "::notice "):
			notices++
		default:
			t.Errorf("a line that is not an annotation: %q", l)
		}
	}
	if errs != MaxAnnotations || warns != 1 || notices != 1 {
		t.Errorf("%d errors, %d warnings, %d notices, want %d, 1, 1:\n%s", errs, warns, notices, MaxAnnotations, b.String())
	}
	if !strings.Contains(b.String(), "15 more findings") {
		t.Errorf("the notice does not say how many more:\n%s", b.String())
	}
	warn := lines[MaxAnnotations]
	if !strings.Contains(warn, "file=x\\n%3A%3Aerror file=evil%3A%3Aowned%2Cy%3Az,line=2::50%25 sure\\n::set-output") {
		t.Errorf("the warning is not escaped as expected: %q", warn)
	}
}

func TestSummaryIsInertMarkdown(t *testing.T) {
	rep := &Report{Findings: []Finding{{Rule: "github-pat", Level: "error", Category: "hardcoded-secret",
		File: "<img src=x onerror=alert(1)>|a.md", Line: 3, Message: "[click](http://evil) `x` ghp_…"}},
		Suppressed: map[string]int{"inline tightlip:allow / gitleaks:allow": 2}}
	var b bytes.Buffer
	WriteSummary(&b, rep, Summary{Scanned: "the commits a..b", FailOn: "warning", ConfigChanged: []string{".tightlip.toml"}})
	s := b.String()
	for _, bad := range []string{"<img", "[click](http", " |a.md"} {
		if strings.Contains(s, bad) {
			t.Errorf("summary holds %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{`\[click\](http`, `&gt;\|a.md:3`, "1 findings, 1 at or above warning", "| hardcoded-secret | 1 |", "changes the configuration", "inline tightlip:allow / gitleaks:allow: 2"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}
