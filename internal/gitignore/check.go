package gitignore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tightlip/tightlip/internal/finding"
)

// Options configure a check.
type Options struct {
	// List is the credential-file list; nil means Default().
	List List
}

// Result is a finished check.
type Result struct {
	Findings []finding.Finding
	// Problems are read errors that did not stop the check, each naming
	// the file and the cause.
	Problems []string
}

// Check runs gitignore-missing and secret-file-tracked on the directory
// tree at root. A root that is a file has nothing to check.
func Check(ctx context.Context, root string, opts Options) (*Result, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("gitignore check %s: %w", root, err)
	}
	if resolved, err := filepath.EvalSymlinks(abs); err == nil {
		abs = resolved
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("gitignore check %s: %w", root, err)
	}
	if !fi.IsDir() {
		return &Result{}, nil
	}
	list := opts.List
	if list == nil {
		list = Default()
	}
	t, err := load(ctx, abs, list)
	if err != nil {
		return nil, fmt.Errorf("gitignore check %s: %w", root, err)
	}
	defer t.close()
	res := &Result{Findings: append(t.missing(), t.tracked()...)}
	res.Problems = t.problems
	slices.Sort(res.Problems)
	return res, nil
}
