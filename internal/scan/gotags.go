package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// maxExtraTags bounds the build tags of the tagged run.
const maxExtraTags = 8

// vetTagged runs go vet a second time, with the project's own build tags
// (//go:build prod, integration …) that left files out of the first run,
// on the packages holding those files, and keeps the findings in those
// files only: the rest was analysed already. Files it analyses leave the
// note of files not analysed; if it fails they simply stay there.
func (r *moduleResult) vetTagged(ctx context.Context, rootFS *os.Root, rootDir string, t goTarget, o goOptions, env []string, pkgs []goPackage, red toolRedactor) {
	var tags []string
	left := map[string]bool{} // files left out of the first run that a tag may bring in
	for _, f := range r.ignored {
		if len(f.tags) > 0 {
			left[f.path] = true
			for _, tag := range f.tags {
				if !slices.Contains(tags, tag) {
					tags = append(tags, tag)
				}
			}
		}
	}
	if len(tags) == 0 || ctx.Err() != nil {
		return
	}
	slices.Sort(tags)
	tags = tags[:min(len(tags), maxExtraTags)]
	var patterns []string
	for _, p := range pkgs {
		if _, skipped := r.skipped[p.ImportPath]; skipped {
			continue
		}
		if slices.ContainsFunc(p.IgnoredGoFiles, func(name string) bool { return left[relSlash(rootDir, filepath.Join(p.Dir, name))] }) {
			patterns = append(patterns, p.ImportPath)
		}
	}
	if len(patterns) == 0 {
		return
	}
	flag := "-tags=" + strings.Join(tags, ",")
	tagged, err := goList(ctx, t.dir, env, append([]string{flag}, patterns...), red.clean)
	if err != nil {
		return
	}
	skip := unloadable(rootFS, rootDir, tagged, red.clean)
	covered := map[string]bool{}
	patterns = patterns[:0]
	for _, p := range tagged {
		if _, bad := skip[p.ImportPath]; bad {
			continue
		}
		patterns = append(patterns, p.ImportPath)
		for _, name := range slices.Concat(p.GoFiles, p.TestGoFiles, p.XTestGoFiles) {
			if rel := relSlash(rootDir, filepath.Join(p.Dir, name)); left[rel] {
				covered[rel] = true
			}
		}
	}
	if len(covered) == 0 {
		return
	}
	out := runVet(ctx, t.dir, o.vetTool, env, append([]string{flag}, patterns...), red.clean)
	if out.failure != "" || out.exitErr != "" || ctx.Err() != nil {
		// Which files the run still covered is not known: keep them all
		// in the note, and the findings it did report.
		covered = map[string]bool{}
	}
	keep := func(file string) bool { return left[file] && (t.only == nil || t.only[file]) }
	r.findings = append(r.findings, vetFindings(rootFS, rootDir, out.diags, keep, o.eng.Catalogue())...)
	r.silenced = append(r.silenced, vetSilenced(rootDir, out.diags, keep)...)
	r.ignored = slices.DeleteFunc(r.ignored, func(f ignoredFile) bool { return covered[f.path] })
	if len(covered) > 0 {
		r.notes = append(r.notes, fmt.Sprintf("go analyzers: module %s: %s left out by build tags analysed in a second run with %s",
			relSlash(rootDir, t.dir), countNoun(len(covered), "Go file"), flag))
	}
}
