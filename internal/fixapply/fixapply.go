// Package fixapply is the one driver of `tightlip scan --fix`: it opens the
// scanned root once and applies each file's planned change under it, in
// path order, going on past a file it must refuse. What a change is stays
// with the family that found it: gitignore.Apply appends lines to
// .gitignore files, literalfix.Apply rewrites Go URL literals.
package fixapply

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
)

// Files calls apply for each file of plans, in path order, under root
// opened once, and returns what each applied. A file apply refuses is an
// error of its own, joined to the others; the other files are still fixed.
// With no plans, root is not even opened.
func Files[P, A any](root string, plans map[string]P, apply func(r *os.Root, file string, plan P) (A, error)) ([]A, error) {
	if len(plans) == 0 {
		return nil, nil
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, fmt.Errorf("fix: %w", err)
	}
	defer r.Close()
	var done []A
	var errs []error
	for _, file := range slices.Sorted(maps.Keys(plans)) {
		a, err := apply(r, file, plans[file])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		done = append(done, a)
	}
	return done, errors.Join(errs...)
}
