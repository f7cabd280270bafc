// Package ghaction is what the GitHub Action (action.yml) runs: it decides
// from the workflow event which commits to scan, fetches them into the
// runner's checkout (actions/checkout clones one commit by default), runs
// the scan, and turns its SARIF report into annotations, a job summary and
// step outputs. See docs/architecture.md ("GitHub Action").
package ghaction

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/tightlip/tightlip/internal/safefile"
)

// Mode is what a plan scans.
type Mode string

const (
	// ModeRange scans what the commits Base..Head added.
	ModeRange Mode = "range"
	// ModeHistory scans every commit of every branch.
	ModeHistory Mode = "history"
	// ModeTree scans the checked-out tree.
	ModeTree Mode = "tree"
)

// Plan is what one run of the action scans.
type Plan struct {
	Mode Mode
	// Base and Head are commit IDs of a range. Base is empty for a push
	// that created a branch until Prepare finds where it leaves
	// DefaultBranch.
	Base, Head string
	// Commits is the number of commits the event says the range holds (0
	// when it does not say): how deep the first fetch goes.
	Commits int
	// DefaultBranch is the repository's default branch, for a new branch.
	DefaultBranch string
	// Pushed are the commit IDs a push event lists, oldest first: what is
	// scanned when a force-push's previous head is gone.
	Pushed []string
	// TrustedConfigFrom is the commit whose configuration is trusted: on a
	// pull request, its base. Empty means the checked-out tree's.
	TrustedConfigFrom string
	// PullRequest is set for a pull request's range: actions/checkout
	// checks out its merge commit (refs/pull/N/merge), not Head.
	PullRequest bool
	// Notes say how the plan was chosen; they go into the job summary.
	Notes []string
}

// pullRequest holds the fields of a pull_request event's pull request.
type pullRequest struct {
	Commits int `json:"commits"`
	Base    struct {
		SHA string `json:"sha"`
		Ref string `json:"ref"`
	} `json:"base"`
	Head struct {
		SHA string `json:"sha"`
	} `json:"head"`
}

// payload holds the fields of a GitHub webhook event the action reads.
type payload struct {
	PullRequest *pullRequest `json:"pull_request"`
	Before      string       `json:"before"`
	After       string       `json:"after"`
	Created     bool         `json:"created"`
	Forced      bool         `json:"forced"`
	Commits     []struct {
		ID string `json:"id"`
	} `json:"commits"`
	Repository struct {
		DefaultBranch string `json:"default_branch"`
	} `json:"repository"`
}

// maxEventSize bounds the event file: GitHub's payloads are far smaller.
const maxEventSize = 25 << 20

var (
	commitID   = regexp.MustCompile(`^[0-9a-f]{40}([0-9a-f]{24})?$`)
	branchName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._/-]*$`)
)

// zeroID is the commit ID a push event gives as "before" for a new branch.
func zeroID(id string) bool { return strings.Trim(id, "0") == "" }

// ReadEvent plans the scan for the event named name whose payload is in
// the file at path (GITHUB_EVENT_NAME and GITHUB_EVENT_PATH). scopeAll
// scans the whole tree whatever the event; configFromHead trusts the pull
// request's own configuration.
func ReadEvent(name, path string, scopeAll, configFromHead bool) (Plan, error) {
	var p payload
	if path != "" {
		data, err := safefile.ReadPath(path, maxEventSize)
		if err != nil {
			return Plan{}, fmt.Errorf("event payload: %w", err)
		}
		if err := json.Unmarshal(data, &p); err != nil {
			return Plan{}, fmt.Errorf("event payload %s: %w", path, err)
		}
	}
	return plan(name, p, scopeAll, configFromHead)
}

func plan(event string, p payload, scopeAll, configFromHead bool) (Plan, error) {
	var pl Plan
	switch event {
	case "pull_request", "pull_request_target":
		pr := p.PullRequest
		if pr == nil {
			return Plan{}, fmt.Errorf("%s event without a pull_request in its payload", event)
		}
		if !commitID.MatchString(pr.Base.SHA) || !commitID.MatchString(pr.Head.SHA) {
			return Plan{}, fmt.Errorf("%s event: base and head must be commit IDs", event)
		}
		pl = Plan{Mode: ModeRange, Base: pr.Base.SHA, Head: pr.Head.SHA, Commits: pr.Commits, PullRequest: true}
		if configFromHead {
			pl.Notes = append(pl.Notes, "configuration read from the pull request's head (config-from: head): the pull request can change what is reported")
		} else {
			pl.TrustedConfigFrom = pr.Base.SHA
		}
	case "push":
		if !commitID.MatchString(p.After) || (p.Before != "" && !commitID.MatchString(p.Before)) {
			return Plan{}, fmt.Errorf("push event: before and after must be commit IDs")
		}
		if zeroID(p.After) {
			return Plan{Mode: ModeTree, Notes: []string{"the push deleted a branch: nothing to scan"}}, nil
		}
		pl = Plan{Mode: ModeRange, Base: p.Before, Head: p.After, Commits: len(p.Commits)}
		for _, c := range p.Commits {
			if commitID.MatchString(c.ID) {
				pl.Pushed = append(pl.Pushed, c.ID)
			}
		}
		if zeroID(p.Before) || p.Before == "" {
			if !branchName.MatchString(p.Repository.DefaultBranch) {
				return Plan{}, fmt.Errorf("push event for a new branch: the repository's default branch is not named in the payload")
			}
			pl.Base = ""
			pl.DefaultBranch = p.Repository.DefaultBranch
		}
	case "schedule", "workflow_dispatch":
		pl = Plan{Mode: ModeHistory}
	default:
		pl = Plan{Mode: ModeTree, Notes: []string{fmt.Sprintf("event %q: the checked-out tree is scanned", event)}}
	}
	if scopeAll && pl.Mode == ModeRange {
		pl = Plan{Mode: ModeTree, TrustedConfigFrom: pl.TrustedConfigFrom, Notes: append(pl.Notes, "scope: all: the whole checked-out tree is scanned")}
	}
	return pl, nil
}
