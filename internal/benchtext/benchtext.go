// Package benchtext builds the text that the engine's and the scanner's
// testing.B benchmarks read (see bench/README.md, "Benchmarks of the fast
// paths"): ordinary lines of Go, YAML, JSON, shell and prose, dense with the
// words the rules take as keywords (key, token, secret, password, auth,
// api…) but holding no secret, with gitleaks' own rule samples
// (testdata/gitleaks-samples, checked in; none is a real credential) set in
// among them. One line in four of the ordinary text has a keyword, more
// than most code has. It is the same bytes on every run and every machine, so that
// benchstat compares like with like. Only tests import it.
package benchtext

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SamplesFile is the checked-in samples, relative to the repository root.
const SamplesFile = "testdata/gitleaks-samples/samples.json.gz"

// maxSample leaves out the few samples longer than this (whole files, long
// key blocks): one of them would be a large part of a small text.
const maxSample = 2048

// Samples returns the true- and false-positive samples of every rule in
// the samples file at root (the repository root), in the file's order
// (rules by ID), each at most maxSample bytes.
func Samples(root string) ([]string, error) {
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(SamplesFile)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", SamplesFile, err)
	}
	var set struct {
		Rules []struct {
			TPs, FPs []struct{ Raw string }
		}
	}
	if err := json.NewDecoder(zr).Decode(&set); err != nil {
		return nil, fmt.Errorf("%s: %w", SamplesFile, err)
	}
	var out []string
	for _, r := range set.Rules {
		for _, s := range append(r.TPs, r.FPs...) {
			if s.Raw != "" && len(s.Raw) <= maxSample {
				out = append(out, s.Raw)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no samples", SamplesFile)
	}
	return out, nil
}

// Text returns size bytes (cut at a line end, so a little less) of
// ordinary lines with one sample of the file at root after every
// fillerPerSample of them, the samples taken in turn from one spread
// evenly over all rules. fillerPerSample 0 means each sample once and
// nothing else (less when size is reached first). Lone carriage returns
// are dropped from the samples.
func Text(root string, size, fillerPerSample int) ([]byte, error) {
	samples, err := Samples(root)
	if err != nil {
		return nil, err
	}
	return compose(samples, size, fillerPerSample), nil
}

// Ordinary returns size bytes (cut at a line end) of the ordinary lines
// alone: text in which every keyword hit is a false lead.
func Ordinary(size int) []byte {
	return compose(nil, size, 1)
}

func compose(samples []string, size, fillerPerSample int) []byte {
	var b strings.Builder
	rng := splitmix(0x7e57)
	// A stride coprime with the count walks every sample before repeating,
	// a few rules apart each time.
	stride := len(samples)/7 + 1
	for len(samples) > 0 && gcd(stride, len(samples)) != 1 {
		stride++
	}
	next, used := 0, 0
	for line := 0; ; line++ {
		var l string
		if len(samples) > 0 && (fillerPerSample == 0 || line%(fillerPerSample+1) == fillerPerSample) {
			if fillerPerSample == 0 && used == len(samples) {
				break
			}
			l = strings.ReplaceAll(samples[next], "\r", "")
			next = (next + stride) % len(samples)
			used++
		} else {
			l = filler(&rng)
		}
		if b.Len()+len(l)+1 > size {
			break
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// filler returns one ordinary line: names and numbers vary, the shapes are
// those of real code, configuration and documentation; one in four names
// credentials without holding one (environment lookups, placeholders,
// references to a vault).
func filler(rng *splitmix) string {
	n := int(rng.next() % 10000)
	w := words[rng.next()%uint64(len(words))]
	v := words[rng.next()%uint64(len(words))]
	if rng.next()%4 != 0 {
		return neutral(rng, n, w, v)
	}
	switch rng.next() % 24 {
	case 0:
		return fmt.Sprintf("func (c *%sClient) refresh%sToken(ctx context.Context) error {", title(w), title(v))
	case 1:
		return fmt.Sprintf("\tif c.apiKey == \"\" {\n\t\treturn fmt.Errorf(\"%s: no API key configured (set %s_API_KEY)\")\n\t}", w, strings.ToUpper(v))
	case 2:
		return fmt.Sprintf("\tkey := os.Getenv(\"%s_SECRET_KEY\")", strings.ToUpper(w))
	case 3:
		return fmt.Sprintf("%s_api_key: ${%s_API_KEY}", w, strings.ToUpper(w))
	case 4:
		return fmt.Sprintf("  password: \"<set in vault at secret/%s/%d>\"", v, n)
	case 5:
		return fmt.Sprintf("// The %s middleware reads the bearer token from the Authorization header\n// and checks its signature against the keys of the %s service.", w, v)
	case 6:
		return fmt.Sprintf("token_url = \"https://auth.example.com/oauth/%s/token\"", w)
	case 7:
		return fmt.Sprintf("    secret_ref: %s-pass:latest", v)
	case 8:
		return fmt.Sprintf("\t%sKey%d = %q", w, n, "key-"+v)
	case 9:
		return fmt.Sprintf("  \"%s_token\": \"\",\n  \"%s_secret\": null,", w, v)
	case 10:
		return fmt.Sprintf("export %s_AUTH_TOKEN=\"$(vault read -field=token secret/%s)\"", strings.ToUpper(w), v)
	case 11:
		return fmt.Sprintf("Rotate the %s key every %d days; the old key stays valid until the %s token expires.", w, n%90+1, v)
	case 12:
		return fmt.Sprintf("\tresp, err := c.http.Do(req.WithContext(ctx)) // auth: %s", v)
	case 13:
		return fmt.Sprintf("\tfor i, k := range keys {\n\t\tif k.ID == %d {\n\t\t\treturn keys[i], nil\n\t\t}\n\t}", n)
	case 14:
		return fmt.Sprintf("- name: %s-api\n  env:\n    - name: API_KEY\n      valueFrom:\n        secretKeyRef: {name: %s, key: api-key}", w, v)
	case 15:
		return fmt.Sprintf("| `%s.token` | string | the token the %s client sends; see docs/auth.md |", w, v)
	case 16:
		return fmt.Sprintf("\tpasswordHash := sha256.Sum256([]byte(%s.Password + salt%d))", w, n)
	case 17:
		return fmt.Sprintf("curl -H \"Authorization: Bearer $%s_TOKEN\" https://api.example.com/v1/%s/%d", strings.ToUpper(v), w, n)
	case 18:
		return fmt.Sprintf("%s.secret=${%s_SECRET}", w, strings.ToUpper(v))
	case 19:
		return fmt.Sprintf("\tconst %sKeyHeader = \"X-%s-Api-Key\"", w, title(v))
	case 20:
		return fmt.Sprintf("key=%s&token=%s&auth=%d", v, w, n)
	case 21:
		return fmt.Sprintf("\t// TODO(%s): drop the legacy access key path once %d clients have moved.", v, n)
	case 22:
		return fmt.Sprintf("aws_access_key_id = %s\naws_secret_access_key = %s", "${AWS_ACCESS_KEY_ID}", "${AWS_SECRET_ACCESS_KEY}")
	default:
		return fmt.Sprintf("\treturn &%s{Name: %q, Limit: %d, Retries: %d}, nil", title(w), v, n, n%7)
	}
}

// neutral returns a line without the rules' keywords, as most lines of
// code and documentation are.
func neutral(rng *splitmix, n int, w, v string) string {
	switch rng.next() % 12 {
	case 0:
		return fmt.Sprintf("\tfor i := 0; i < len(%ss); i++ {\n\t\tsum += %ss[i].Amount * %d\n\t}", w, w, n%100)
	case 1:
		return fmt.Sprintf("func (s *%sStore) List%s(ctx context.Context, limit int) ([]%s, error) {", title(w), title(v), title(v))
	case 2:
		return fmt.Sprintf("\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"list %s: %%w\", err)\n\t}", v)
	case 3:
		return fmt.Sprintf("  replicas: %d\n  image: registry.example.com/%s:%d.%d.%d", n%9+1, w, n%3, n%20, n%50)
	case 4:
		return fmt.Sprintf("The %s service batches %s events and writes them every %d seconds.", w, v, n%60+1)
	case 5:
		return fmt.Sprintf("\t\t\"%s\": %d,\n\t\t\"%s_count\": %d,", w, n, v, n%97)
	case 6:
		return fmt.Sprintf("\t%s := make(map[string][]int, %d)", v, n%512)
	case 7:
		return fmt.Sprintf("## %s\n\nSee [the %s guide](docs/%s.md) for the schema.", title(w), v, w)
	case 8:
		return fmt.Sprintf("\tdefer %s.Close()", v)
	case 9:
		return fmt.Sprintf("%s_%s_total{status=\"%d\"} %d", w, v, 200+n%4, n)
	case 10:
		return "}"
	default:
		return fmt.Sprintf("\tlog.Printf(\"%s: processed %%d %s in %%s\", n, time.Since(start))", w, v)
	}
}

var words = []string{
	"billing", "gateway", "auth", "ledger", "notifier", "catalog", "search", "ingest", "partner", "webhook",
	"payment", "session", "upload", "report", "metrics", "offer", "tracking", "account", "invoice", "stripe",
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// splitmix is SplitMix64: small, fast and the same everywhere.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
