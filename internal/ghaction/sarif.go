package ghaction

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/tightlip/tightlip/internal/rule"
)

// Finding is one SARIF result as the action shows it.
type Finding struct {
	Rule     string
	Level    string // error, warning or note
	Category string
	File     string
	Line     int
	Message  string
}

// Report is what the action reads back from tightlip's SARIF report.
type Report struct {
	Findings   []Finding
	Incomplete bool
	// Problems are what the scan could not read; Notes what it says about
	// itself (configuration, baseline, suppressions).
	Problems, Notes []string
	// Suppressed counts findings dropped by cause.
	Suppressed map[string]int
}

type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID         string `json:"id"`
					Properties struct {
						Tags []string `json:"tags"`
					} `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			Notifications       []struct {
				Level   string `json:"level"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
			Properties struct {
				Incomplete bool           `json:"incomplete"`
				Suppressed map[string]int `json:"suppressed"`
			} `json:"properties"`
		} `json:"invocations"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Level   string `json:"level"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// ParseSARIF reads tightlip's SARIF report.
func ParseSARIF(data []byte) (*Report, error) {
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		return nil, fmt.Errorf("SARIF report: %w", err)
	}
	if len(log.Runs) != 1 {
		return nil, fmt.Errorf("SARIF report: %d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	category := map[string]string{}
	for _, r := range run.Tool.Driver.Rules {
		for _, t := range r.Properties.Tags {
			// One of a rule's SARIF tags names its family.
			if slices.Contains(rule.Categories, rule.Category(t)) {
				category[r.ID] = t
			}
		}
	}
	rep := &Report{Suppressed: map[string]int{}}
	for _, inv := range run.Invocations {
		rep.Incomplete = rep.Incomplete || !inv.ExecutionSuccessful || inv.Properties.Incomplete
		for k, v := range inv.Properties.Suppressed {
			rep.Suppressed[k] += v
		}
		for _, n := range inv.Notifications {
			if n.Level == "note" {
				rep.Notes = append(rep.Notes, n.Message.Text)
			} else {
				rep.Problems = append(rep.Problems, n.Message.Text)
			}
		}
	}
	for _, r := range run.Results {
		f := Finding{Rule: r.RuleID, Level: r.Level, Category: category[r.RuleID], Message: r.Message.Text}
		if f.Level == "" {
			f.Level = "warning" // SARIF's default
		}
		if len(r.Locations) > 0 {
			loc := r.Locations[0].PhysicalLocation
			f.File, f.Line = loc.ArtifactLocation.URI, loc.Region.StartLine
		}
		rep.Findings = append(rep.Findings, f)
	}
	// Most severe first, then by place: the order annotations are cut in.
	// Not finding.Compare, on purpose: only the first MaxAnnotations are
	// annotated, and they must be the most severe, wherever they are.
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if levelRank(a.Level) != levelRank(b.Level) {
			return levelRank(a.Level) > levelRank(b.Level)
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return rep, nil
}

func levelRank(level string) int {
	switch level {
	case "error":
		return 3
	case "warning":
		return 2
	case "note":
		return 1
	}
	return 0
}

// AtOrAbove counts the findings at level failOn or more severe.
func (r *Report) AtOrAbove(failOn string) int {
	if failOn == "never" {
		return 0
	}
	n := 0
	for _, f := range r.Findings {
		if levelRank(f.Level) >= levelRank(failOn) {
			n++
		}
	}
	return n
}
