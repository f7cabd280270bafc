package gitleakssamples

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rs/zerolog"
	"github.com/spf13/viper"
	glconfig "github.com/zricethezav/gitleaks/v8/config"
	gldetect "github.com/zricethezav/gitleaks/v8/detect"
	"github.com/zricethezav/gitleaks/v8/logging"
	"github.com/zricethezav/gitleaks/v8/report"
)

// Reference is gitleaks' own detector for its default configuration, the
// yardstick tightlip's engine is compared with.
type Reference struct {
	cfg    glconfig.Config
	full   *gldetect.Detector
	single map[string]*gldetect.Detector
}

// Finding is what the conformance test compares of a gitleaks finding.
type Finding struct {
	RuleID string
	Secret string
	Match  string
	// StartLine and StartColumn locate the start of the match (1-based, as
	// gitleaks reports for files); SecretLine is the line the secret starts on
	// (they differ when the match begins on an earlier line than the secret);
	// SecretColumn is the 1-based byte column the secret starts at on
	// SecretLine (0 when unknown); StartColumn is gitleaks' own value.
	StartLine, StartColumn, EndLine int
	SecretLine, SecretColumn        int
}

// SilenceGitleaksLog replaces gitleaks' global logger (it writes to stderr,
// and its debug lines can carry matched text) with a no-op logger and returns
// a function restoring it.
func SilenceGitleaksLog() (restore func()) {
	old := logging.Logger
	logging.Logger = zerolog.Nop()
	return func() { logging.Logger = old }
}

// NewReference loads config.DefaultConfig through a private viper instance
// (never viper's global one) and builds gitleaks' detector from it.
func NewReference() (*Reference, error) {
	v := viper.New()
	v.SetConfigType("toml")
	if err := v.ReadConfig(strings.NewReader(glconfig.DefaultConfig)); err != nil {
		return nil, fmt.Errorf("gitleaks default config: %w", err)
	}
	var vc glconfig.ViperConfig
	if err := v.Unmarshal(&vc); err != nil {
		return nil, fmt.Errorf("gitleaks default config: %w", err)
	}
	cfg, err := vc.Translate()
	if err != nil {
		return nil, fmt.Errorf("gitleaks default config: %w", err)
	}
	full := gldetect.NewDetector(cfg)
	// As `gitleaks dir` runs by default (--max-decode-depth 5), and as
	// tightlip's engine does: decoded secrets are compared too.
	full.MaxDecodeDepth = 5
	return &Reference{cfg: cfg, full: full, single: map[string]*gldetect.Detector{}}, nil
}

// RuleIDs returns the IDs of the default config's rules, sorted.
func (r *Reference) RuleIDs() []string {
	ids := make([]string, 0, len(r.cfg.Rules))
	for id := range r.cfg.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// HasRule reports whether id is a rule of gitleaks' default config.
func (r *Reference) HasRule(id string) bool {
	_, ok := r.cfg.Rules[id]
	return ok
}

// Detect scans raw as the content of the file at path with the full default
// config, as `gitleaks dir` would with its default decoding (lines
// 1-based).
// It is safe for concurrent use.
func (r *Reference) Detect(path, raw string) []Finding {
	fs := convert(r.full.Detect(gldetect.Fragment{Raw: raw, FilePath: path, StartLine: 1})) //nolint:staticcheck // Detect takes this type in v8

	for i := range fs {
		fs[i].SecretColumn = secretColumn(raw, fs[i])
	}
	return fs
}

// secretColumn finds the 1-based byte column of f.Secret on line
// f.SecretLine of raw, or returns 0 when it is not there. gitleaks' own
// columns are not used as such: detect/location.go counts columns after the
// first line from the preceding newline byte (one too many), except when the
// match starts with that newline. Where the secret occurs more than once on
// the line, the occurrence nearest gitleaks' column wins.
func secretColumn(raw string, f Finding) int {
	if f.Secret == "" || f.SecretLine < 1 {
		return 0
	}
	start := 0
	for l := 1; l < f.SecretLine; l++ {
		i := strings.IndexByte(raw[start:], '\n')
		if i < 0 {
			return 0
		}
		start += i + 1
	}
	line := raw[start:]
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	needle := f.Secret
	if i := strings.IndexByte(needle, '\n'); i >= 0 {
		needle = needle[:i]
	}
	best, bestDist := 0, -1
	for off := 0; ; {
		i := strings.Index(line[off:], needle)
		if i < 0 {
			break
		}
		col := off + i + 1
		dist := col - f.StartColumn
		if dist < 0 {
			dist = -dist
		}
		if f.SecretLine != f.StartLine {
			dist = 0 // gitleaks gives no column for the secret's line
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = col, dist
		}
		off += i + 1
		if off >= len(line) {
			break
		}
	}
	return best
}

// PrepareSingle builds the single-rule detectors for ids; call it before
// using DetectRule concurrently.
func (r *Reference) PrepareSingle(ids []string) {
	for _, id := range ids {
		if _, ok := r.single[id]; ok {
			continue
		}
		rule, ok := r.cfg.Rules[id]
		if !ok {
			continue
		}
		// Like utils.createSingleRuleDetector: the global allowlists, this one
		// rule and its keywords. The default config's [allowlist] is generated
		// from base.CreateGlobalConfig, the same one Validate uses.
		cfg := r.cfg
		cfg.Rules = map[string]glconfig.Rule{id: rule}
		cfg.Keywords = map[string]struct{}{}
		for _, k := range rule.Keywords {
			cfg.Keywords[strings.ToLower(k)] = struct{}{}
		}
		cfg.OrderedRules = []string{id}
		r.single[id] = gldetect.NewDetector(cfg)
	}
}

// DetectRule scans like utils.Validate / ValidateWithPaths do: a detector
// holding only rule id (plus the global allowlists), the sample's own path
// ("" for Validate samples), fragment line numbering from 0.
func (r *Reference) DetectRule(id string, s Sample) ([]Finding, error) {
	d, ok := r.single[id]
	if !ok {
		return nil, fmt.Errorf("rule %q: not prepared or not in the default config", id)
	}
	return convert(d.Detect(gldetect.Fragment{Raw: s.Raw, FilePath: s.Path})), nil //nolint:staticcheck // Detect takes this type in v8
}

func convert(fs []report.Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		// The secret's line: the match's start line plus the newlines in the
		// match before the secret (its first occurrence, which is where the
		// secret group sits in practice).
		sl := f.StartLine
		if i := strings.Index(f.Match, f.Secret); i > 0 {
			sl += strings.Count(f.Match[:i], "\n")
		}
		out = append(out, Finding{
			RuleID: f.RuleID, Secret: f.Secret, Match: f.Match,
			StartLine: f.StartLine, StartColumn: f.StartColumn, EndLine: f.EndLine,
			SecretLine: sl,
		})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if a.StartLine != b.StartLine {
			return a.StartLine < b.StartLine
		}
		if a.StartColumn != b.StartColumn {
			return a.StartColumn < b.StartColumn
		}
		return a.Secret < b.Secret
	})
	return out
}
