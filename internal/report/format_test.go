package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tightlip/tightlip/internal/report"
)

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]report.Format{
		"text": report.Text, "json": report.JSON, "sarif": report.SARIF, "github": report.GitHub,
		"SARIF": report.SARIF, " json ": report.JSON, //nolint:gocritic // surrounding space is the case under test
	} {
		got, err := report.ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "xml", "sarif2", "gitlab"} {
		_, err := report.ParseFormat(in)
		if err == nil {
			t.Errorf("ParseFormat(%q): no error", in)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "text, json, sarif, github") || !strings.Contains(msg, `"`+in+`"`) {
			t.Errorf("ParseFormat(%q) error %q should quote the input and list the formats", in, msg)
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := report.Write(&buf, report.Format("xml"), testFindings(), testSummary(), testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "xml") {
		t.Fatalf("Write(xml) = %v, want an error naming the format", err)
	}
	if buf.Len() != 0 {
		t.Errorf("Write(xml) wrote %q", buf.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	err := report.Write(failingWriter{}, report.JSON, testFindings(), testSummary(), testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Write to a failing writer = %v, want its error", err)
	}
}

// TestWriteKeepsInput: Write sorts and redacts a copy, never the caller's
// findings, which the CLI may still need (for the exit status, a baseline).
func TestWriteKeepsInput(t *testing.T) {
	fs := testFindings()
	before := slices.Clone(fs)
	render(t, report.Text, fs, testSummary(), testOptions(t))
	if !reflect.DeepEqual(fs, before) {
		t.Error("Write changed the caller's findings")
	}
}

// TestOrder: findings come out by file, line, column, rule whatever the
// input order.
func TestOrder(t *testing.T) {
	fs := testFindings()
	first := render(t, report.Text, fs, testSummary(), testOptions(t))
	slices.Reverse(fs)
	if second := render(t, report.Text, fs, testSummary(), testOptions(t)); !bytes.Equal(first, second) {
		t.Errorf("output depends on input order:\n%s\nvs\n%s", first, second)
	}
	var files []string
	for _, l := range strings.Split(string(first), "\n") {
		if l == "" {
			break
		}
		before, _, _ := strings.Cut(l, " [")
		// Drop the severity: "file:line:col: error:".
		files = append(files, before[:strings.LastIndex(strings.TrimSuffix(before, ":"), " ")])
	}
	want := []string{".gitignore:", "app/main.go:12:11:", "app/main.go:30:2:", "client/everflow.go:8:32:", "client/postback.go:20:15:", "docs/notes, draft: v1.md:3:1:"}
	if !slices.Equal(files, want) {
		t.Errorf("order = %q\nwant    %q", files, want)
	}
}

// TestEmpty: a scan without findings still gives a complete, valid report
// in every format.
func TestEmpty(t *testing.T) {
	opts := testOptions(t)
	t.Run("text", func(t *testing.T) {
		out := string(render(t, report.Text, nil, emptySummary(), opts))
		if !strings.HasPrefix(out, "findings:   0 (hardcoded-secret 0, insecure-transport 0, secret-exposure 0, gitignore 0, webhook 0)\n") {
			t.Errorf("text:\n%s", out)
		}
	})
	t.Run("json", func(t *testing.T) {
		out := render(t, report.JSON, nil, emptySummary(), opts)
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		if string(doc["findings"]) != "[]" {
			t.Errorf(`findings = %s, want []`, doc["findings"])
		}
		var sum map[string]any
		if err := json.Unmarshal(doc["summary"], &sum); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"skipped", "problems", "suppressed", "findings_by_category"} {
			if sum[k] == nil {
				t.Errorf("summary.%s is null", k)
			}
		}
	})
	t.Run("sarif", func(t *testing.T) {
		out := render(t, report.SARIF, nil, emptySummary(), opts)
		var log struct {
			Runs []struct {
				Results *[]any `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(out, &log); err != nil {
			t.Fatal(err)
		}
		if len(log.Runs) != 1 || log.Runs[0].Results == nil || len(*log.Runs[0].Results) != 0 {
			t.Errorf("want one run with an empty results array:\n%s", out)
		}
	})
	t.Run("github", func(t *testing.T) {
		out := string(render(t, report.GitHub, nil, emptySummary(), opts))
		if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "::notice title=tightlip::findings:") {
			t.Errorf("want only the summary notice:\n%s", out)
		}
	})
}
