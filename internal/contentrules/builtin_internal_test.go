package contentrules

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
)

// tightlip's own rules are parsed without config.Parse's checks at every
// start (config.ParseBuiltin): this holds the file to them.
func TestOwnRulesPassConfigChecks(t *testing.T) {
	if _, err := config.Parse("internal/contentrules/tightlip.toml", ownRulesTOML); err != nil {
		t.Fatal(err)
	}
	// The checks are live: a rule with a regex that does not compile fails.
	broken := strings.Replace(string(ownRulesTOML), "regex = '''", "regex = '''(", 1)
	if _, err := config.Parse("internal/contentrules/tightlip.toml", []byte(broken)); err == nil || !strings.Contains(err.Error(), "does not compile") {
		t.Fatalf("a broken regex in the own rules: error %v, want one saying it does not compile", err)
	}
}
