package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httputil"

	"example.com/portal/internal/logx"
)

// reportsBase is the reporting API, over plain HTTP.
const reportsBase = "http://reports.partner-api.net"

// mask is named like a sanitiser but hands the key back whole.
func mask(k string) string { return k }

// hint keeps the key's last four characters, which is safe to log.
func hint(k string) string { return "…" + k[len(k)-4:] }

// fetchSummary calls the reporting API the way the portal's charts do.
func fetchSummary() (*http.Response, error) {
	req, err := http.NewRequest("GET", fmt.Sprintf("%s/v1/summary", reportsBase), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-Reports-Key", reportsKey)
	logx.Debug("reports: calling", "key", reportsKey)
	logx.Count("reports: key", reportsKey)
	slog.Info("reports: request", "headers", req.Header)
	slog.Info("reports: key in use", "key", mask(reportsKey))
	slog.Info("reports: key in use", "hint", hint(reportsKey))
	if dump, err := httputil.DumpRequestOut(req, false); err == nil {
		slog.Debug("reports: wire", "request", string(dump))
	}
	return http.DefaultClient.Do(req)
}
