package detect_test

import (
	"testing"

	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/detect"
	"github.com/tightlip/tightlip/internal/gittest"
)

// A value dropped as a placeholder is counted, once per line however
// many rules matched it; a real key beside it is reported, not counted.
func TestPlaceholdersCounted(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	content := "DB_PASSWORD=changeme\nSMTP_PASSWORD=your-password-here\nGITHUB_TOKEN=" + gittest.FakeToken("counted") + "\nDB_PASSWORD=changeme\n"
	res := eng.Detect("deploy/app.env", []byte(content))
	if len(res.Findings) != 1 || res.Findings[0].Line != 3 {
		t.Errorf("findings = %+v, want the token on line 3 only", res.Findings)
	}
	if res.Placeholders != 3 {
		t.Errorf("Placeholders = %d, want 3 (lines 1, 2 and 4)", res.Placeholders)
	}
	if clean := eng.Detect("deploy/app.env", []byte("HOST=db.corp.io\n")); clean.Placeholders != 0 {
		t.Errorf("Placeholders = %d for a file without any", clean.Placeholders)
	}
}

// In a credential file a weak password is a finding and is not counted as
// a placeholder, though a generic rule (password-assignment) drops it as
// one; a value dropped by form (${VAR}, ****) is still counted there. The
// same weak value in an ordinary file stays a counted placeholder. The
// hosts are fake (*.tlfake.test), and so are the passwords.
func TestCredentialFilePlaceholdersCounted(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	content := "[client]\nhost=db.tlfake.test\npassword=pass123\n[mysqldump]\npassword=${MYSQL_PWD}\n[mysql]\npassword=********\n"
	res := eng.Detect("home/.my.cnf", []byte(content))
	if len(res.Findings) != 1 || res.Findings[0].Line != 3 || res.Findings[0].Secret != "pass123" ||
		res.Findings[0].RuleID != "mysql-option-file-password" {
		t.Errorf("findings = %+v, want mysql-option-file-password's pass123 on line 3 only", res.Findings)
	}
	if res.Placeholders != 2 {
		t.Errorf("Placeholders = %d, want 2 (lines 5 and 7, not the weak password found on line 3)", res.Placeholders)
	}
	ordinary := eng.Detect("config/app.ini", []byte("[client]\npassword=pass123\n"))
	if len(ordinary.Findings) != 0 || ordinary.Placeholders != 1 {
		t.Errorf("config/app.ini: findings %+v, %d placeholders; want none and 1", ordinary.Findings, ordinary.Placeholders)
	}
}

// A user's rule marks its credential files with credentialFiles: weak
// values there are findings, the same line elsewhere a counted
// placeholder, and the rule that replaces a built-in one without the key
// judges as every rule does. The values are fake.
func TestUserCredentialFiles(t *testing.T) {
	set, err := contentrules.BuildTOML("team.toml", []byte(`
[[rules]]
id = "acme-cli-password"
path = '''(?:^|/)\.acmerc$|\.md$'''
regex = '''(?m)^password[ \t]*=[ \t]*(\S+)'''
secretGroup = 1
keywords = ["password"]
credentialFiles = '''(?:^|/)\.acmerc$'''

[[rules]]
id = "pgpass-credentials"
path = '''(?i)(?:^|/)\.?pgpass$'''
regex = '''(?m)^[^\s:#][^\s:]*:(?:\d{1,5}|\*):[^\s:]+:[^\s:]+:(\S+)'''
secretGroup = 1
keywords = [":5432:"]
`))
	if err != nil {
		t.Fatal(err)
	}
	eng := detect.New(set)
	res := eng.Detect("home/.acmerc", []byte("password = admin\n"))
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "acme-cli-password" || res.Findings[0].Secret != "admin" || res.Placeholders != 0 {
		t.Errorf(".acmerc: findings %+v, %d placeholders; want admin found", res.Findings, res.Placeholders)
	}
	res = eng.Detect("docs/acme.md", []byte("password = admin\npassword = ${ACME_PASSWORD}\n"))
	if len(res.Findings) != 0 || res.Placeholders != 2 {
		t.Errorf("docs/acme.md: findings %+v, %d placeholders; want none and 2", res.Findings, res.Placeholders)
	}
	res = eng.Detect(".pgpass", []byte("db.tlfake.test:5432:app:bob:admin\n"))
	if len(res.Findings) != 0 || res.Placeholders != 1 {
		t.Errorf(".pgpass under a replacement rule without credentialFiles: findings %+v, %d placeholders; want none and 1", res.Findings, res.Placeholders)
	}
}
