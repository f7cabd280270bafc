// Package gitleakssamples loads the true- and false-positive samples that
// gitleaks ships with its default rules, as captured from the module cache by
// the generator in ./gen.
//
// gitleaks builds its default configuration with Go code
// (cmd/generate/config/rules/*.go); every rule function hands its samples to
// utils.Validate or utils.ValidateWithPaths, which fail the generation if a
// true positive is missed or a false positive reported by a detector holding
// only that rule. Those samples are the best executable description of what each
// rule must and must not find, so tightlip's conformance test replays them.
//
// The samples live only inside function bodies (no exported function returns
// them, and evaluating the Go source ourselves would mean re-implementing
// reggen and every helper), so the generator runs gitleaks' own
// cmd/generate/config program, built from a temporary copy of the module
// (go build -overlay may not replace files under GOMODCACHE) that is
// unmodified except for two files:
//
//   - utils/validate.go: Validate and ValidateWithPaths record their arguments
//     (one JSON line per call) and then run gitleaks' original code verbatim;
//   - secrets/regen.go: secrets.NewSecret seeds its generator from the regex
//     and a fixed seed, so random samples are reproducible.
//
// The program also writes the TOML config it derives from the rules; the
// generator checks that it equals the config/gitleaks.toml embedded in the
// same module (config.DefaultConfig), so the samples belong to exactly the
// rules the detector runs.
//
// Regenerate after changing the gitleaks version in go.mod:
//
//	go generate ./internal/detect/internal/gitleakssamples
//
// (needs the Go module proxy or a warm module cache for gitleaks' own
// dependencies, e.g. github.com/lucasjones/reggen, which tightlip's go.mod does
// not list; the test itself needs only the data file).
package gitleakssamples

//go:generate go run ./gen -o ../../../../testdata/gitleaks-samples/samples.json.gz

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
)

// ModulePath is the gitleaks module whose samples are captured.
const ModulePath = "github.com/zricethezav/gitleaks/v8"

// Set is the content of the data file.
type Set struct {
	// Gitleaks identifies the module the samples come from; Sum is its go.sum
	// hash, so a test can tell whether the data matches the gitleaks it links.
	Gitleaks Module `json:"gitleaks"`
	// Seeds are the seeds given to secrets.NewSecret, one generator run each;
	// samples from all runs are merged.
	Seeds []int64 `json:"seeds"`
	// ConfigMatchesShipped is true when the TOML the generator derived from the
	// rule functions is byte-identical to the module's config/gitleaks.toml.
	ConfigMatchesShipped bool `json:"config_matches_shipped"`
	// ConfigSHA256 is the hash of the module's config/gitleaks.toml, the text
	// embedded as config.DefaultConfig.
	ConfigSHA256 string `json:"config_sha256"`
	// Unsampled lists rule IDs of the default config with no recorded sample.
	Unsampled []string `json:"unsampled,omitempty"`
	// Rules is sorted by ID.
	Rules []Rule `json:"rules"`
}

// Module names a module version.
type Module struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Sum     string `json:"sum"`
}

// Rule holds the samples given to gitleaks' validation of one rule.
type Rule struct {
	ID string `json:"id"`
	// InDefaultConfig is false for a rule that was validated while building the
	// config but is not part of it (none in v8.30.1).
	InDefaultConfig bool     `json:"in_default_config"`
	TPs             []Sample `json:"tps"`
	FPs             []Sample `json:"fps"`
}

// Sample is one piece of content, with the file path it is scanned under when
// it came from ValidateWithPaths (Path-based: true). Plain Validate samples are
// scanned by gitleaks with an empty path.
type Sample struct {
	Raw       string `json:"raw"`
	Path      string `json:"path,omitempty"`
	PathBased bool   `json:"path_based,omitempty"`
}

// Load reads a data file written by the generator (gzip-compressed JSON).
func Load(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}

// Read decodes a data file from r.
func Read(r io.Reader) (*Set, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("gitleaks samples: %w", err)
	}
	defer zr.Close()
	var s Set
	dec := json.NewDecoder(zr)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("gitleaks samples: %w", err)
	}
	return &s, nil
}

// CheckLinked returns an error unless the data was captured from the gitleaks
// that is linked: the default config (config.DefaultConfig, passed in) must
// hash to the captured one, and the module version and go.sum hash must match,
// taken from the binary's build info or, in test binaries (which carry no
// dependency list), from `go list -m` (skipped if that cannot run).
func (s *Set) CheckLinked(defaultConfig string) error {
	regen := "; run: go generate ./internal/detect/internal/gitleakssamples"
	if h := ConfigHash(defaultConfig); h != s.ConfigSHA256 {
		return fmt.Errorf("linked gitleaks default config has sha256 %s, samples were captured with %s%s", h, s.ConfigSHA256, regen)
	}
	var version, sum string
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == ModulePath {
				if d.Replace != nil {
					d = d.Replace
				}
				version, sum = d.Version, d.Sum
			}
		}
	}
	if version == "" {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{.Sum}}", ModulePath).Output()
		if err != nil {
			// No go command at hand: the config hash above is the check
			// that matters (same rules, same samples).
			return nil
		}
		f := strings.Fields(string(out))
		if len(f) > 0 {
			version = f[0]
		}
		if len(f) > 1 {
			sum = f[1]
		}
	}
	if version != s.Gitleaks.Version || (sum != "" && s.Gitleaks.Sum != "" && sum != s.Gitleaks.Sum) {
		return fmt.Errorf("samples were captured from %s %s (%s) but %s (%s) is required%s",
			ModulePath, s.Gitleaks.Version, s.Gitleaks.Sum, version, sum, regen)
	}
	return nil
}

// ConfigHash is the hex SHA-256 of a config text.
func ConfigHash(toml string) string {
	h := sha256.Sum256([]byte(toml))
	return hex.EncodeToString(h[:])
}
