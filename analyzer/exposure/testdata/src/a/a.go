// Package a lets credentials reach logs, errors and URLs, next to the right
// way of doing the same thing.
package a

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
)

const base = "https://api.eflow.team/v1"

// The right way: the key goes into the header and nowhere else.
func good() {
	key := os.Getenv("EVERFLOW_API_KEY")
	req, _ := http.NewRequest("GET", base+"/networks/offers", nil)
	req.Header.Set("X-Eflow-API-Key", key)
	log.Printf("calling %s", req.URL)
	log.Printf("key set: %t, length %d", key != "", len(key))
	if key == "" {
		log.Fatal("EVERFLOW_API_KEY is not set")
	}
	sum := sha256.Sum256([]byte(key))
	log.Printf("key fingerprint %x", sum[:4])
	log.Printf("key %s…", key[:4])
	log.Printf("key %s", redact(key))
	port := os.Getenv("PORT")
	log.Printf("listening on %s", port)
}

func redact(s string) string { return "****" }

// Logs.
func logs(r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("using key %s", key)             // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(a.go:\d+\) reaches log.Printf`
	log.Println("key:", strings.TrimSpace(key)) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv`
	fmt.Println("key=" + key)                   // want `secret-in-log.*reaches fmt.Println`
	fmt.Fprintf(os.Stderr, "key %q\n", key)     // want `secret-in-log.*reaches fmt.Fprintf`
	var sb strings.Builder
	fmt.Fprintf(&sb, "key %q\n", key)                          // a builder is not output
	slog.Info("calling everflow", "api_key", key)              // want `secret-in-log.*reaches slog.Info`
	slog.Info("calling everflow", slog.String("api_key", key)) // want `secret-in-log.*reaches slog.Info`
	slog.Default().With("key", key).Info("x")                  // want `secret-in-log.*reaches Logger.With`
	token := r.Header.Get("X-Eflow-API-Key")
	log.Print("incoming key " + token) // want `secret-in-log.*X-Eflow-API-Key from Header.Get \(a.go:\d+\) reaches log.Print`
	auth := r.Header.Get("Authorization")
	logrus.WithField("auth", auth).Info("request")           // want `secret-in-log.*Authorization from Header.Get.*reaches logrus.WithField`
	zap.NewNop().Info("request", zap.String("token", token)) // want `secret-in-log.*reaches Logger.Info`
	zap.NewNop().Sugar().Infof("token %s", token)            // want `secret-in-log.*reaches SugaredLogger.Infof`
	log.Printf("request id %s", r.Header.Get("X-Request-Id"))
	_ = sb
}

// Errors.
func errs() error {
	key, ok := os.LookupEnv("EVERFLOW_API_KEY")
	if !ok {
		return errors.New("EVERFLOW_API_KEY is not set")
	}
	if len(key) != 32 {
		return fmt.Errorf("invalid key %q", key) // want `secret-in-error.*EVERFLOW_API_KEY from os.LookupEnv.*reaches fmt.Errorf`
	}
	if strings.HasPrefix(key, "test") {
		panic("test key in production: " + key) // want `secret-in-error.*reaches panic`
	}
	return errors.New("rejected: " + key) // want `secret-in-error.*reaches errors.New`
}

// URLs.
func urls(c *http.Client) {
	key := os.Getenv("EVERFLOW_API_KEY")
	c.Get(base + "/networks/offers?api_key=" + key)       // want `secret-in-url.*reaches a URL built by concatenation`
	c.Get(fmt.Sprintf("%s/offers?api_key=%s", base, key)) // want `secret-in-url.*reaches fmt.Sprintf of a URL`
	q := url.Values{}
	q.Set("api_key", key) // want `secret-in-url.*reaches Values.Set`
	q.Set("page", "2")
	u := url.URL{Scheme: "https", Host: "api.eflow.team", RawQuery: "api_key=" + key} // want `secret-in-url.*reaches URL.RawQuery`
	_ = u
	_ = url.Values{"token": {key}} // want `secret-in-url.*reaches url.Values`
	c.Get(base + "/networks/offers?page=" + q.Get("page"))
}

// Credential-named fields, parameters, flags and package variables.
type Config struct {
	BaseURL string
	APIKey  string
	Timeout int
}

type client struct {
	baseURL string
	key     string
}

func newClient(cfg Config) *client {
	log.Printf("base %s, timeout %d", cfg.BaseURL, cfg.Timeout)
	log.Printf("key %s", cfg.APIKey) // want `secret-in-log.*field APIKey \(a.go:\d+\) reaches log.Printf`
	log.Printf("config %+v", cfg)    // want `secret-in-log.*Config, which has field APIKey.*reaches log.Printf`
	return &client{baseURL: cfg.BaseURL, key: cfg.APIKey}
}

func (c *client) fail(status int) error {
	return fmt.Errorf("everflow %s: status %d (key %s)", c.baseURL, status, c.key) // want `secret-in-error.*field APIKey.*reaches fmt.Errorf`
}

func connect(user, password string) {
	log.Printf("connecting as %s", user)
	log.Printf("connecting as %s:%s", user, password) // want `secret-in-log.*parameter password of connect.*reaches log.Printf`
}

var apiToken = flag.String("api-token", "", "Everflow API token")

var webhookSecret string

func init() {
	flag.StringVar(&webhookSecret, "webhook-secret", "", "shared secret of the webhook")
}

func flags() {
	log.Printf("token %s", *apiToken)      // want `secret-in-log.*api-token from flag.String.*reaches log.Printf`
	log.Printf("secret %s", webhookSecret) // want `secret-in-log.*webhook-secret from flag.StringVar.*reaches log.Printf`
}

// Calls within the package: through a helper, into a helper.
func mustEnv(name string) string {
	v := os.Getenv(name)
	if v == "" {
		log.Fatalf("%s is not set", name)
	}
	return v
}

func trim(s string) string { return strings.TrimSpace(s) }

func logValue(what, v string) {
	log.Printf("%s = %s", what, v) // want `secret-in-log.*DB_PASSWORD from a.mustEnv.*reaches log.Printf`
}

func helpers() {
	pw := mustEnv("DB_PASSWORD")
	host := trim(mustEnv("DB_HOST"))
	log.Printf("db host %s", host)
	log.Printf("db password %s", trim(pw)) // want `secret-in-log.*DB_PASSWORD from a.mustEnv.*reaches log.Printf`
	logValue("password", pw)
	logValue("host", host)
	go func() {
		log.Printf("late %s", pw) // want `secret-in-log.*DB_PASSWORD from a.mustEnv.*reaches log.Printf`
	}()
}

// Suppressed on purpose.
func debug() {
	key := os.Getenv("EVERFLOW_API_KEY")
	log.Printf("sandbox key %s", key) //tightlip:allow sandbox keys only, see runbook
}
