package gitignore

import (
	"context"
	"fmt"
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
// tree at root, walking it itself (a directory scan feeds a Visitor from
// its own walk instead). A root that is a file has nothing to check.
func Check(ctx context.Context, root string, opts Options) (*Result, error) {
	v, err := NewVisitor(root, opts)
	if err != nil {
		return nil, err
	}
	defer v.Close()
	if v.file {
		return &Result{}, nil
	}
	if err := v.walk(ctx, v.frames[0].where.root); err != nil {
		return nil, fmt.Errorf("gitignore check %s: %w", root, err)
	}
	return v.Finish(), nil
}

// result is the check's result once the walk is done.
func (t *tree) result() *Result {
	res := &Result{Findings: append(t.missing(), t.tracked()...)}
	res.Problems = t.problems
	slices.Sort(res.Problems)
	return res
}
