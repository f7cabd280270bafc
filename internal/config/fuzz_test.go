package config_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/rules"
)

// FuzzParse feeds arbitrary text to the configuration parser, as a pull
// request may put anything in .tightlip.toml: parsing and building the
// rules from what parsed must end in a value or an error naming the file,
// never a panic.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"",
		"[extend]\nuseDefault = false\n",
		"[[rules]]\nid = \"x\"\nregex = '''x(\\d+)'''\nsecretGroup = 1\nkeywords = [\"x\"]\n",
		"[[allowlists]]\npaths = ['''.''']\nregexes = ['''.''']\n",
		"[scan]\nmaxFileSize = \"1B\"\n",
		"[gitignore]\nadd = [\"*.secret\"]\nremove = [\"*.tfvars\"]\n",
		"[[rules]]\nid = \"y\"\nregex = '''(a'''\n",
		"title = \"\xff\"\n[allowlist]\nstopwords = [\"a\"]\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := config.Parse("fuzz.toml", []byte(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.toml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if len(cfg.Rules) > 20 {
			return // building hundreds of regexes per input only slows the fuzzer
		}
		if _, err := rules.Build(cfg); err != nil && !strings.Contains(err.Error(), "fuzz.toml") {
			t.Errorf("rules error does not name the file: %v", err)
		}
	})
}
