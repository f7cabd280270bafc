package detect_test

import (
	"testing"

	"github.com/tightlip/tightlip/detect"
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
