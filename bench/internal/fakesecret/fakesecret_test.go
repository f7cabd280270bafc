package fakesecret

import (
	"regexp"
	"testing"

	"github.com/tightlip/tightlip/bench/internal/splitmix"
)

// TestSecretShapes checks each rule's values against the shape (prefix,
// length, alphabet) it must have; the full check is bench/run.sh's
// gitleaks recall.
func TestSecretShapes(t *testing.T) {
	shapes := map[string]string{
		"aws-access-token":        `^(?:AKIA|ASIA)[A-Z2-7]{16}$`,
		"github-pat":              `^ghp_[0-9a-zA-Z]{36}$`,
		"github-fine-grained-pat": `^github_pat_\w{82}$`,
		"gitlab-pat":              `^glpat-[\w-]{20}$`,
		"gcp-api-key":             `^AIza[\w-]{35}$`,
		"sendgrid-api-token":      `^SG\.[\w.=-]{66}$`,
		"anthropic-api-key":       `^sk-ant-api03-[\w-]{93}AA$`,
		"twilio-api-key":          `^SK[0-9a-f]{32}$`,
	}
	r := splitmix.New(1, 9)
	for _, sr := range Rules {
		re := shapes[sr.ID]
		for i := 0; i < 50; i++ {
			v := sr.Generate(r)
			if re != "" && !regexp.MustCompile(re).MatchString(v) {
				t.Errorf("%s: %q does not match %s", sr.ID, v, re)
			}
			if sr.MinEntropy > 0 && Entropy(v) <= sr.MinEntropy {
				t.Errorf("%s: %q entropy %.2f <= %.2f", sr.ID, v, Entropy(v), sr.MinEntropy)
			}
		}
	}
}

func TestNameForms(t *testing.T) {
	n := Name{"aws", "access", "key", "id"}
	for _, c := range []struct{ got, want string }{
		{n.UpperSnake(), "AWS_ACCESS_KEY_ID"}, {n.Snake(), "aws_access_key_id"},
		{n.Dotted(), "aws.access.key.id"}, {n.Camel(), "awsAccessKeyId"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
