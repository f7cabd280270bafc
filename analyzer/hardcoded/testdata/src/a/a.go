// Package a holds hard-coded credentials next to the right way of doing the
// same thing. Every secret here is fake, made for these tests and marked
// TLFAKE.
package a

import (
	"database/sql"
	"net/http"
	"net/url"
	"os"
)

// Credential-named constants and variables.
const apiKey = "TLFAKEq8Zr2mN4vK7xW1pJ9s" // want `go-hardcoded-credential.*assigned to apiKey`

const (
	clientSecret = "TLFAKE-Xw3n_Rb7Lp2Qz9Tc4"        // want `go-hardcoded-credential.*assigned to clientSecret`
	DB_PASSWORD  = "TLfake7Pw9qZ"                    // want `go-hardcoded-credential.*assigned to DB_PASSWORD`
	authToken    = "Bearer TLFAKEtok9Qx2Lm7Vb4Zn8Rw" // want `go-hardcoded-credential.*assigned to authToken`
)

var everflowAPIKeyValue = "TLFAKEm3Kp8Qz1Wx6Yv2Rb5N" // want `go-hardcoded-credential.*assigned to everflowAPIKeyValue`

var hmacKey = []byte("TLFAKEhm4cK3yZ9q") // want `go-hardcoded-credential.*assigned to hmacKey`

// Names that are not credentials, whatever words they contain.
const (
	keyName         = "TLFAKEq8Zr2mN4vK7xW1pJ9s"
	tokenizer       = "TLFAKEq8Zr2mN4vK7xW1pJ9s"
	passwordPolicy  = "TLFAKEq8Zr2mN4vK7xW1pJ9s"
	tokenURL        = "https://auth.eflow.team/oauth/token"
	apiKeyHeader    = "X-Eflow-API-Key"
	cacheKey        = "TLFAKEq8Zr2mN4vK7xW1pJ9s"
	secretName      = "everflow-credentials"
	errInvalidToken = "invalid token"
)

// Values that are not secrets, assigned to credential names.
const (
	envAPIKey        = "EVERFLOW_API_KEY" // an environment variable's name
	headerAPIKey     = "X-Eflow-API-Key"  // a header's name
	flagAPIKey       = "api-key"          // a flag's name
	emptyToken       = ""
	placeholderKey   = "<your-api-key>"
	templateSecret   = "${EVERFLOW_API_KEY}"
	changemePassword = "changeme"
	maskedToken      = "xxxxxxxxxxxxxxxx"
	bearerToken      = "Bearer %s"
	keyFileSecret    = "/run/secrets/everflow_api_key"
)

// The right way: the key comes from the environment.
func goodRequest() (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, "https://api.eflow.team/v1/networks/offers", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Eflow-API-Key", os.Getenv(envAPIKey))
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// A constant with an innocent name reaches a credential header.
const k1 = "TLFAKEa9Vd3Lq7Wm2Zx5Pn8R" // want `go-hardcoded-credential.*sent in the X-Eflow-API-Key header \(a.go:\d+\)`

func badHeaders(req *http.Request) {
	req.Header.Set("X-Eflow-API-Key", k1)
	req.Header.Add("Authorization", "Bearer TLFAKEb7Qn2Xc9Lk4Vm1Zs6W") // want `go-hardcoded-credential.*sent in the Authorization header`
	req.Header.Set("X-Api-Key", fromOtherFile)
	req.Header.Set("X-Request-Id", "TLFAKEc4Mz8Rt1Wq6Yx3Kd9P")        // not a credential header
	req.Header["X-Auth-Token"] = []string{"TLFAKEd2Np7Ls5Vb9Qw3Xr8T"} // want `go-hardcoded-credential.*assigned to X-Auth-Token`
	req.SetBasicAuth("affiliate", "TLfake!2024#pw")                   // want `go-hardcoded-credential.*passed as password to SetBasicAuth`
	req.SetBasicAuth("affiliate", os.Getenv("AFFILIATE_PASSWORD"))
}

// Struct literals and fields.
type creds struct {
	user     string
	password string
	Token    string
	Region   string
}

func structs() {
	_ = creds{user: "admin", password: "TLfake~2024-pw"} // want `go-hardcoded-credential.*assigned to password`
	_ = creds{user: "admin", password: os.Getenv("DB_PASSWORD"), Region: "TLFAKEe5Rk2Wn8Lz4Qv7Xm1B"}
	var c creds
	c.Token = "TLFAKEf6Tm3Xp9Lq2Wz5Vn8C" // want `go-hardcoded-credential.*assigned to Token`
	c.Token = os.Getenv("EVERFLOW_TOKEN")
	_ = c
	_ = map[string]string{"api_key": "TLFAKEg7Un4Yq1Mr8Xa3Wo6D", "region": "TLFAKEg7Un4Yq1Mr8Xa3Wo6D"} // want `go-hardcoded-credential.*assigned to api_key`
	_ = http.Header{"X-Eflow-API-Key": {"TLFAKEh8Vo5Zr2Ns9Yb4Xp7E"}}                                   // want `go-hardcoded-credential.*assigned to X-Eflow-API-Key`
}

// A parameter named like a credential, in this package or another.
func newClient(baseURL, apiKey string) *http.Client { return http.DefaultClient }

func params() {
	newClient("https://api.eflow.team/v1", "TLFAKEi9Wp6As3Ot1Zc5Yq8F") // want `go-hardcoded-credential.*passed as apiKey to newClient`
	newClient("https://api.eflow.team/v1", os.Getenv("EVERFLOW_API_KEY"))
	_ = url.UserPassword("affiliate", "TLfake7Pw9qZpost") // want `go-hardcoded-credential.*passed as password to UserPassword`
}

// DSNs: a password in the connection string is a credential.
func dsns() {
	sql.Open("postgres", "postgres://app:TLfake7Pw9qZdb@db.internal:5432/offers") // want `go-hardcoded-secret.*connection-string-password`
	sql.Open("mysql", "app:TLfake7Pw9qZmy@tcp(db:3306)/offers")                   // want `go-hardcoded-secret.*mysql-dsn-password`
	sql.Open("sqlserver", "server=db;user id=app;password=TLfake7Pw9qZms")        // want `go-hardcoded-secret.*connection-string-password`
	sql.Open("postgres", "postgres://app@db.internal:5432/offers")
	sql.Open("postgres", "host=db user=app password=${DB_PASSWORD}")
	sql.Open("postgres", os.Getenv("DATABASE_URL"))
	sql.Open("postgres", "postgres://app:"+dbPart+"@db.internal:5432/offers")
	sql.Open("postgres", "postgres://app:"+os.Getenv("DB_PASSWORD")+"@db.internal:5432/offers")
}

// dbPart has an innocent name; the DSN it is put into says what it is.
const dbPart = "TLfake7Pw9qZcc" // want `go-hardcoded-credential.*DSN with a password passed to Open \(a.go:\d+\)`

// A function named like a credential returns it.
func defaultToken() string {
	return "TLFAKEj1Xq7Bt4Pu2Ad6Zr9G" // want `go-hardcoded-credential.*returned by defaultToken`
}

func tokenFromEnv() string { return os.Getenv("EVERFLOW_TOKEN") }

// Any literal a content rule matches, whatever its name.
var gh = "ghp_TLFAKEq8Zr2mN4vK7xW1pJ9sLb3Xc5Vd7Hy0" // want `go-hardcoded-secret.*github-pat`

// Suppressed on purpose.
const sandboxKey = "TLFAKEk2Yr8Cu5Qv3Be7As1H" //tightlip:allow sandbox key, rotated daily

const legacyToken = "TLFAKEl3Zs9Dv6Rw4Cf8Bt2J" //nolint:tightlip // documented in SECURITY.md

// Imported once, reported once: the literal is in b.go.
func twice(req *http.Request) {
	req.Header.Set("X-Api-Key", fromOtherFile)
}

// A literal affix around a value made at run time is not the secret.
func affixes(req *http.Request, random func() string) {
	newClient("https://api.eflow.team/v1", "sk-ant-api03-"+random()+"AA")
	req.Header.Set("Authorization", "Bearer "+os.Getenv("EVERFLOW_TOKEN"))
	req.Header.Set("Authorization", "Token "+k2)
}

const k2 = "TLFAKEp7Dw4Ht1Jx8Kc5Ly2N" // want `go-hardcoded-credential.*sent in the Authorization header`
