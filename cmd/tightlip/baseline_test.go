package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	writeGitignore(t, dir)
	secretsFile := copyFixture(t, "secrets.txt", dir, "config/secrets.txt")
	baseline := filepath.Join(t.TempDir(), "baseline.json")

	// Take the baseline, the way the error message for a missing one says.
	r := tightlip(t, "", "scan", "--format", "json", "-o", baseline, dir)
	r.wantCode(t, 1)

	t.Run("suppresses what it recorded", func(t *testing.T) {
		for _, format := range formats {
			r := tightlip(t, "", "scan", dir, "--format", format, "--baseline", baseline)
			r.wantCode(t, 0)
			if strings.Contains(r.stdout, "github-pat") {
				t.Errorf("%s: baselined finding reported:\n%s", format, r.stdout)
			}
		}
		rep := scanJSON(t, 0, dir, "--baseline", baseline)
		if len(rep.Findings) != 0 {
			t.Errorf("findings %v, want none", ruleIDs(rep.Findings))
		}
		if n := suppressedTotal(rep); n != 4 {
			t.Errorf("summary counts %d suppressed (%v), want the 4 baselined findings", n, rep.Summary.Suppressed)
		}
	})

	t.Run("survives line moves", func(t *testing.T) {
		data, err := os.ReadFile(secretsFile)
		if err != nil {
			t.Fatal(err)
		}
		moved := "# a new first line\n\n" + strings.Replace(string(data), "\nAWS_", "\n# another line\nAWS_", 1)
		writeFile(t, secretsFile, moved)
		rep := scanJSON(t, 0, dir, "--baseline", baseline)
		if len(rep.Findings) != 0 {
			t.Errorf("moved secrets reported again: %+v", rep.Findings)
		}
		// Without the baseline they are still there, on their new lines.
		rep = scanJSON(t, 1, dir)
		if len(rep.Findings) != 4 || rep.Findings[0].Line != 7 {
			t.Errorf("without baseline: %+v", rep.Findings)
		}
	})

	t.Run("reports a new secret", func(t *testing.T) {
		copyFixture(t, "new-secret.txt", dir, "config/deploy.txt")
		rep := scanJSON(t, 1, dir, "--baseline", baseline)
		if got := ruleIDs(rep.Findings); !slices.Equal(got, []string{"github-pat"}) || rep.Findings[0].File != "config/deploy.txt" {
			t.Errorf("findings %+v, want the one github-pat in config/deploy.txt", rep.Findings)
		}
	})

	t.Run("same secret in a new file is new", func(t *testing.T) {
		copyFixture(t, "secrets.txt", dir, "other/secrets.txt")
		rep := scanJSON(t, 1, dir, "--baseline", baseline)
		n, reused := 0, map[string]int{}
		for _, f := range rep.Findings {
			switch {
			case f.RuleID == "secret-reused":
				reused[f.File]++
			case f.File == "other/secrets.txt":
				n++
			}
		}
		if n != 4 {
			t.Errorf("copied secrets: %d findings in other/secrets.txt, want 4", n)
		}
		// Each copy, the baselined one included, now shares its key with
		// another directory: that is new too.
		if want := map[string]int{"config/secrets.txt": 4, "other/secrets.txt": 4}; !maps.Equal(reused, want) {
			t.Errorf("secret-reused per file = %v, want %v", reused, want)
		}
	})

	t.Run("second copy in the same file is new", func(t *testing.T) {
		data, err := os.ReadFile(secretsFile)
		if err != nil {
			t.Fatal(err)
		}
		aws := fixtureSecrets(t, "secrets.txt")[1]
		writeFile(t, secretsFile, string(data)+"BACKUP_AWS_ACCESS_KEY_ID="+aws+"\n")
		rep := scanJSON(t, 1, dir, "--baseline", baseline)
		var inFile []jsonFinding
		for _, f := range rep.Findings {
			if f.File == "config/secrets.txt" && f.RuleID != "secret-reused" {
				inFile = append(inFile, f)
			}
		}
		if len(inFile) != 1 || inFile[0].RuleID != "aws-access-token" {
			t.Errorf("want the repeated AWS key reported once, got %+v", inFile)
		}
	})
}

// A baseline taken with --no-redact works the same: only fingerprints count.
func TestBaselineFromUnredactedReport(t *testing.T) {
	dir := leakyTree(t)
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	tightlip(t, "", "scan", dir, "--format", "json", "--no-redact", "-o", baseline).wantCode(t, 1)
	scanJSON(t, 0, dir, "--baseline", baseline)
}

// An empty baseline ({"findings": []}) is valid and suppresses nothing.
func TestEmptyBaseline(t *testing.T) {
	clean := cleanTree(t)
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	tightlip(t, "", "scan", clean, "--format", "json", "-o", baseline).wantCode(t, 0)
	rep := scanJSON(t, 1, leakyTree(t), "--baseline", baseline)
	if len(rep.Findings) != 4 {
		t.Errorf("got %d findings, want 4", len(rep.Findings))
	}
}
