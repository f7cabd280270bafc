// Package rule defines what a tightlip rule is: its stable ID, category,
// default severity, CWE, descriptions and the help that says how to fix it,
// and the one list of the categories, severities and precisions a rule may
// have. It imports nothing of tightlip's, so that every package may use it:
// the code that detects a rule declares it beside itself (each analyzer's
// Rules, gitignore.Rules, the content rules of package contentrules), and
// package rules assembles them into the catalogue every report goes
// through (see docs/architecture.md, "Layers and data flow").
package rule

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
)

// Category is a rule family. Each maps to one practice from the vendors'
// security guides (see README).
type Category string

// The rule families.
const (
	HardcodedSecret   Category = "hardcoded-secret"
	InsecureTransport Category = "insecure-transport"
	SecretExposure    Category = "secret-exposure"
	Gitignore         Category = "gitignore"
	Webhook           Category = "webhook"
)

// Categories lists every family in report order.
var Categories = []Category{HardcodedSecret, InsecureTransport, SecretExposure, Gitignore, Webhook}

// Practices says, for each family, the practice of the vendors' security
// guides it checks, in the README's words.
var Practices = map[Category]string{
	HardcodedSecret:   "keys never in code, committed config or client-side JS",
	InsecureTransport: "every request over HTTPS, postbacks and webhooks included",
	SecretExposure:    "keys never in logs, errors, URLs or what a server sends to the browser",
	Gitignore:         "`.gitignore` excludes `.env` and credential files",
	Webhook:           "webhook receivers verify the payload against the shared secret, in constant time",
}

// Summary says, in the words of the README's rule table, what the rules
// one package declares find in one family. The table's row for a family
// joins the summaries of its rules' packages (see package rules).
type Summary struct {
	Category Category
	// Text is Markdown, one clause of the row: it names the rules it
	// describes by ID, in backquotes.
	Text string
}

// Severity is a rule's default level, spelled as SARIF spells it.
type Severity string

// The severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Note    Severity = "note"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{Error, Warning, Note}

// Precisions lists the values of Rule.Precision, most precise first.
var Precisions = []string{"very-high", "high", "medium", "low"}

// AtLeast reports whether s is as severe as min or more: error above
// warning above note. A severity the catalogue does not know counts as a
// warning, SARIF's default level.
func (s Severity) AtLeast(min Severity) bool { return s.rank() >= min.rank() }

func (s Severity) rank() int {
	switch s {
	case Note:
		return 0
	case Error:
		return 2
	}
	return 1
}

// Rule is one catalogue entry.
type Rule struct {
	ID       string
	Category Category
	Severity Severity
	// CWE is the weakness identifier, e.g. "CWE-798".
	CWE string
	// Short is a one-line description; Full says what is reported and why.
	Short string
	Full  string
	// Help says how to fix it, in Markdown.
	Help string
	// What names what a content rule finds, with its article ("a GitHub
	// personal access token"), for the messages tightlip builds for its
	// findings (see detect.Describe); empty when Short already says it in
	// a sentence of the rule's own.
	What string
	// Provider names who issued the secret ("GitHub"), where the rule
	// knows it: the fix says to rotate it there.
	Provider string
	// Precision is SARIF's precision property: very-high, high, medium or low.
	Precision string
	// Origin says where the detection comes from: "gitleaks" for gitleaks'
	// default rules, "tightlip" for ours, "config" for a user's.
	Origin string
	// Generic marks a rule that finds a secret by where it is written (an
	// assignment, a URL, a header, a command line) rather than by its own
	// format. When such a rule and a specific one (a provider's token
	// format) match the same secret at the same place, the specific one
	// reports it. A rule file marks one with tags = ["generic"].
	Generic bool
	// CredentialFiles, when set, matches the paths of files whose format
	// holds only credentials (a rule file's credentialFiles): there every
	// value the rule matches is a credential however weak it looks, and only
	// structural placeholders (empty, ${VAR}, <your-password>, ****) are
	// dropped. See docs/architecture.md, "Credential files".
	CredentialFiles *regexp.Regexp
}

// GenericTag is the tag that marks a rule of a rule file as Generic.
const GenericTag = "generic"

// SecuritySeverity is the CVSS-like score GitHub code scanning uses to rank
// security alerts ("security-severity").
func (r Rule) SecuritySeverity() string {
	switch r.Severity {
	case Error:
		return "8.0"
	case Warning:
		return "5.0"
	default:
		return "2.0"
	}
}

// Catalogue is an ordered, read-only set of rules addressed by ID.
type Catalogue struct {
	rules []Rule
	byID  map[string]int
}

// NewCatalogue builds a catalogue; a duplicate or empty ID is an error.
func NewCatalogue(rs []Rule) (*Catalogue, error) {
	c := &Catalogue{byID: make(map[string]int, len(rs))}
	for _, r := range rs {
		if err := c.add(r); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Catalogue) add(r Rule) error {
	if r.ID == "" {
		return fmt.Errorf("rule with empty ID (%q)", r.Short)
	}
	if _, dup := c.byID[r.ID]; dup {
		return fmt.Errorf("rule %q defined twice", r.ID)
	}
	if !slices.Contains(Categories, r.Category) {
		return fmt.Errorf("rule %q: unknown category %q", r.ID, r.Category)
	}
	c.byID[r.ID] = len(c.rules)
	c.rules = append(c.rules, r)
	return nil
}

// Lookup returns the rule with the given ID.
func (c *Catalogue) Lookup(id string) (Rule, bool) {
	i, ok := c.byID[id]
	if !ok {
		return Rule{}, false
	}
	return c.rules[i], true
}

// All returns every rule sorted by category, then ID.
func (c *Catalogue) All() []Rule {
	out := slices.Clone(c.rules)
	sort.SliceStable(out, func(i, j int) bool {
		ci, cj := slices.Index(Categories, out[i].Category), slices.Index(Categories, out[j].Category)
		if ci != cj {
			return ci < cj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Len is the number of rules.
func (c *Catalogue) Len() int { return len(c.rules) }
