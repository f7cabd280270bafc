package everflow

import (
	"context"
	"net/http"
)

// ReportRequest asks for an entity report.
type ReportRequest struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Columns []string `json:"columns"`
}

// EntityReport runs a report through the header-authenticated client.
func (c *Client) EntityReport(ctx context.Context, r ReportRequest) (map[string]any, error) {
	var out map[string]any
	err := c.do(ctx, "POST", "/networks/reporting/entity", r, &out)
	return out, err
}

// legacyExport is what the first version of the exporter did: the key in
// the query string, where proxies and access logs keep it.
func (c *Client) legacyExport(ctx context.Context) (*http.Response, error) {
	u := c.baseURL + "/networks/reporting/export?api_key=" + c.apiKey // want `secret-in-url.*EVERFLOW_API_KEY from os.Getenv \(client.go:\d+\) reaches a URL built by concatenation`
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return nil, err
	}
	return c.http.Do(req)
}
