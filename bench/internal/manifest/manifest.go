// Package manifest is the format of the manifests the benchmark generators
// write beside what they generate, and the compare tools read: Tree for
// bench/gentree's working trees, History for bench/history/gen's
// repositories. Both list the fake secrets planted, as Planted records.
//
// The JSON field names and their order are the format: manifests already
// written must stay readable, and a generator must write the same bytes
// for the same seed.
package manifest

import (
	"encoding/json"
	"fmt"
	"os"
)

// Planted is one fake secret of a manifest, or in a tree manifest also a
// negative (a placeholder planted that no scanner should report).
type Planted struct {
	ID int `json:"id"`
	// RuleID is the gitleaks rule the secret targets; empty for a
	// negative.
	RuleID string `json:"rule_id,omitempty"`
	// Kind says what a negative is: "placeholder".
	Kind    string `json:"kind,omitempty"`
	Context string `json:"context"`
	// File is a slash path relative to the tree or repository root.
	File string `json:"file"`
	// Line is the 1-based line where the value starts (in a history: in
	// the commit that added it).
	Line int `json:"line"`
	// Secret is the value as gitleaks reports it.
	Secret string `json:"secret,omitempty"`
	// Value is a negative's placeholder.
	Value string `json:"value,omitempty"`

	// In a history manifest: where the secret was added and removed.
	Commit  string `json:"commit,omitempty"`
	Ref     string `json:"ref,omitempty"`
	Removed string `json:"removed_commit,omitempty"`
	// Removal says how: "deleted lines", "placeholder", "file deleted".
	Removal string `json:"removal,omitempty"`
}

// Negative is a history manifest's negative: a placeholder left where a
// secret was removed, which no scanner should report.
type Negative struct {
	Value  string `json:"value"`
	File   string `json:"file"`
	Commit string `json:"commit"`
}

// RuleCount is how many secrets were planted for a rule.
type RuleCount struct {
	RuleID string `json:"rule_id"`
	Count  int    `json:"count"`
}

// Tree is the manifest bench/gentree writes beside a tree
// (DIR.manifest.json).
type Tree struct {
	Version   int           `json:"version"`
	Generator TreeGenerator `json:"generator"`
	Corpus    TreeCorpus    `json:"corpus"`
	Tree      TreeInfo      `json:"tree"`
	Rules     []RuleCount   `json:"rules"`
	Secrets   []*Planted    `json:"secrets"`
	Negatives []*Planted    `json:"negatives"`
}

// TreeGenerator is gentree's settings.
type TreeGenerator struct {
	Seed      uint64 `json:"seed"`
	Size      int64  `json:"size"`
	Secrets   int    `json:"secrets"`
	Negatives int    `json:"negatives"`
	MaxFile   int64  `json:"max_file"`
	GoMod     bool   `json:"go_mod_files"`
	Exclude   string `json:"exclude"`
}

// TreeCorpus is what gentree replayed.
type TreeCorpus struct {
	Mode      string   `json:"mode"` // "pinned": GOROOT + modules.txt; "all": GOROOT + the whole module cache
	GoVersion string   `json:"go_version"`
	Modules   int      `json:"modules,omitempty"`
	Roots     []string `json:"roots"`
	Units     int      `json:"units"`
	Files     int      `json:"files"`
	Bytes     int64    `json:"bytes"`
	Skipped   int      `json:"skipped_binary"`
	Digest    string   `json:"digest"` // sha256 of the sorted file list and sizes
}

// TreeInfo describes the tree written.
type TreeInfo struct {
	Files    int    `json:"files"`
	Bytes    int64  `json:"bytes"`
	Projects int    `json:"projects"`
	Passes   int    `json:"corpus_passes"`
	Digest   string `json:"digest"` // sha256 over every path and content, in write order
}

// History is the manifest bench/history/gen writes beside a repository
// (OUT.manifest.json).
type History struct {
	Generator map[string]any `json:"generator"` // the flags
	Corpus    HistoryCorpus  `json:"corpus"`
	Repo      Repo           `json:"repo"`
	Stats     HistoryStats   `json:"stats"`
	Rules     []RuleCount    `json:"rules"`
	Secrets   []*Planted     `json:"secrets"`
	Negatives []*Negative    `json:"negatives"`
}

// HistoryCorpus is what the history replayed.
type HistoryCorpus struct {
	Mode      string `json:"mode"`
	GoVersion string `json:"go_version"`
	Modules   int    `json:"modules"`
	Left      int    `json:"modules_missing"`
	Files     int    `json:"files"`
	Bytes     int64  `json:"bytes"`
	Digest    string `json:"digest"`
}

// Repo is what git says about the repository written.
type Repo struct {
	Commits     int    `json:"commits"`
	Refs        int    `json:"refs"`
	Objects     int    `json:"objects"`
	PackedBytes int64  `json:"packed_bytes"`
	BytesAdded  int64  `json:"bytes_added"`
	Head        string `json:"head"`
	RefsDigest  string `json:"refs_digest"`
	Seconds     struct {
		Generate float64 `json:"generate"`
		Pack     float64 `json:"pack"`
	} `json:"seconds"`
}

// HistoryStats counts the kinds of commits in the history.
type HistoryStats struct {
	Edits     int `json:"edit_commits"`
	Adds      int `json:"add_commits"`
	Bumps     int `json:"module_bumps"`
	Deletes   int `json:"delete_commits"`
	Renames   int `json:"rename_commits"`
	Merges    int `json:"merges"`
	Branches  int `json:"abandoned_branches"`
	Tags      int `json:"tags"`
	FileEdits int `json:"file_edits"`
}

// Read reads the manifest at path.
func Read[M Tree | History](path string) (*M, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := new(M)
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Write writes m as indented JSON to path, through a temporary file
// beside it so that a manifest is never half written.
func Write[M Tree | History](path string, m *M) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path+".tmp", append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}
