// Package app hands keys to the helpers of other packages of its module
// (logger, audit, web), which log them or send them: each is reported at
// the call, where the key is handed over. It imports no sink package
// itself.
package app

import (
	"net/http"
	"os"

	"example.com/audit"
	"example.com/logger"
	"example.com/web"
)

// Config has a credential field: printing it with %v prints the key.
type Config struct {
	BaseURL string
	APIKey  string
}

func run(cfg Config) {
	key := os.Getenv("EVERFLOW_API_KEY")
	logger.Debug("calling everflow", "key", key)  // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv \(app.go:\d+\) reaches logger.Debug, which passes it to slog.Debug \(logger.go:\d+\)`
	logger.Debug("key " + key)                    // want `secret-in-log.*reaches logger.Debug, which passes it to slog.Debug`
	logger.Infof("calling everflow with %s", key) // want `secret-in-log.*reaches logger.Infof, which passes it to log.Printf \(logger.go:\d+\)`
	logger.Infof("config %+v", cfg)               // want `secret-in-log.*Config, which has field APIKey.*reaches logger.Infof`
	logger.Debugw("calling everflow", "key", key) // want `secret-in-log.*reaches logger.Debugw, which passes it to slog.Debug \(logger.go:\d+\)`
	logger.New("everflow").Warn("bad key", key)   // want `secret-in-log.*reaches Logger.Warn, which passes it to log.Print`
	audit.Record("login", key)                    // want `secret-in-log.*reaches audit.Record, which passes it to log.Printf \(logger.go:\d+\)`

	// Safe: hashed, only its length, not used, not a key.
	logger.DebugFingerprint("calling everflow", key)
	logger.DebugLen("calling everflow", key)
	logger.Ignore("calling everflow", key)
	logger.Debug("calling everflow", "region", os.Getenv("EVERFLOW_REGION"), "url", cfg.BaseURL)
	logger.Infof("config %s", cfg.BaseURL)
	audit.Count(len(key))
}

// logValue is this package's wrapper around logger's: the key its caller
// passes is reported where logValue hands it on, once for every caller, as
// any flow within one package is.
func logValue(v string) {
	logger.Debug("value", "v", v) // want `secret-in-log.*DB_PASSWORD from os.Getenv \(app.go:\d+\) reaches logger.Debug`
}

func db() {
	logValue(os.Getenv("DB_PASSWORD"))
	logValue(os.Getenv("DB_HOST"))
}

// Audit is exported: its own callers elsewhere are reported through its fact.
func Audit(what string) { // want Audit:`reaches\(0→secret-in-log log.Printf \(logger.go:\d+\)\)`
	audit.Record("app", what)
}

func handler(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	web.JSON(w, map[string]string{"key": key})                          // want `secret-in-response.*reaches web.JSON, which passes it to the HTTP response \(json.Encoder.Encode\) \(web.go:\d+\)`
	web.JSON(w, Config{BaseURL: "https://api.eflow.team", APIKey: key}) // want `secret-in-response.*reaches web.JSON`
	web.JSON(w, map[string]bool{"configured": key != ""})
	web.Status(w, http.StatusOK, key)
}
