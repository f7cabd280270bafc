package detect_test

import (
	"strings"
	"testing"

	"github.com/tightlip/tightlip/detect"
)

// A plain-http-url finding names the URL's host in its message, without the
// user information or the query the URL may carry; a secret finding's
// message is the rule's own.
func TestPlainHTTPMessageNamesHost(t *testing.T) {
	eng, err := detect.NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	content := "postback_url: http://bob:hunter2pass@tracker.partner.io:8080/pb?key=abc\nwebhook: http://hooks.partner.io\n"
	fs := eng.Scan("config/app.yaml", []byte(content))
	var hosts []string
	for _, f := range fs {
		switch f.RuleID {
		case "plain-http-url":
			hosts = append(hosts, f.Message)
			for _, leak := range []string{"hunter2pass", "bob", "key=abc", "/pb"} {
				if strings.Contains(f.Message, leak) {
					t.Errorf("message %q shows %q", f.Message, leak)
				}
			}
		case "url-credentials":
			if strings.Contains(f.Message, "(host") {
				t.Errorf("a secret finding names a host: %q", f.Message)
			}
		}
	}
	if len(hosts) != 2 || !strings.HasSuffix(hosts[0], "(host tracker.partner.io:8080).") || !strings.HasSuffix(hosts[1], "(host hooks.partner.io).") {
		t.Errorf("plain-http-url messages %q, want each to name its host", hosts)
	}
}
