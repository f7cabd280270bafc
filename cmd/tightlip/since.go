package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/contentrules"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/scan"
	"github.com/tightlip/tightlip/internal/textsafe"
)

// loadSinceState reads the state file that --since-state names. Like -o, it
// is a path the user chose that tightlip will replace: a symbolic link or a
// special file there is refused before the scan. A missing file means a
// first run; a file that is not a state is an error naming it.
func loadSinceState(path string) (*scan.HistoryState, string, error) {
	fi, err := safefile.CheckWriteTarget(path)
	if err != nil {
		return nil, "", fmt.Errorf("--since-state: %w", err)
	}
	if fi == nil {
		return nil, fmt.Sprintf("history state %s does not exist yet: every commit scanned; it is written after a complete scan", path), nil
	}
	data, err := safefile.ReadPath(path, scan.MaxHistoryStateSize)
	if err != nil {
		return nil, "", fmt.Errorf("--since-state: %w", err)
	}
	s, err := scan.ParseHistoryState(data)
	if err != nil {
		return nil, "", fmt.Errorf("--since-state %s: %w (delete it to scan the whole history again)", textsafe.Escape(path), err)
	}
	return s, "", nil
}

// rulesDigest is what a history state must have been made with to be
// used: the tightlip build, the compiled content rules (the built-in ones
// and the configuration's), and the settings that decide what a scan
// reads and keeps. Changing any of them scans every commit again.
func rulesDigest(fl scanFlags, set *contentrules.Set, cfg *config.File, maxSize int64) (string, error) {
	var settings any
	if cfg != nil {
		settings = struct {
			Scan      config.Scan
			Gitignore config.Gitignore
		}{cfg.Scan, cfg.Gitignore}
	}
	data, err := json.Marshal(struct {
		Build     string
		Rules     any
		Settings  any
		MaxSize   int64
		Gitignore bool
		Tests     string
	}{readBuild().String(), set.Content, settings, maxSize, fl.gitignore, fl.testsValue})
	if err == nil {
		data, err = canonicalJSON(data)
	}
	if err != nil {
		return "", fmt.Errorf("--since-state: digest of the rules: %w", err)
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:]), nil
}

// canonicalJSON re-encodes data with every list of strings sorted: the
// compiled rules hold keyword and stopword lists built from maps, in an
// order that changes from run to run and means nothing.
func canonicalJSON(data []byte) ([]byte, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		case []any:
			strs := true
			for _, e := range x {
				walk(e)
				if _, ok := e.(string); !ok {
					strs = false
				}
			}
			if strs {
				slices.SortFunc(x, func(a, b any) int { return cmp.Compare(a.(string), b.(string)) })
			}
		}
	}
	walk(v)
	return json.Marshal(v)
}
