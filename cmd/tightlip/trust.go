package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/safefile"
	"github.com/tightlip/tightlip/internal/source/gitrepo"
)

// The scanned tree may come from a stranger's pull request, and so may any
// file in it that tells tightlip what to report: a .tightlip.toml, a
// baseline. This file decides which configuration is read and writes the
// notes that tell a reader where it and the baseline came from.

// scannedTree is the directory whose files the scan reads: PATH, the
// directory of a PATH that is a file, or for a git scan the top of the
// repository holding PATH; "" for standard input.
func scannedTree(fl scanFlags, root string) string {
	if root == "-" {
		return ""
	}
	if fl.gitMode() != "" {
		repo, err := gitrepo.Open(root)
		if err != nil {
			return root // the scan itself will say what is wrong with root
		}
		defer repo.Close()
		return repo.Root()
	}
	if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		return filepath.Dir(root)
	}
	return root
}

// loadConfig reads --config, or else tree/.tightlip.toml when present
// (never with --no-tree-config). No configuration is not an error. The
// notes say where the configuration came from when the tree could have
// written it.
func loadConfig(fl scanFlags, tree string) (*config.File, []string, error) {
	if fl.config != "" {
		cfg, err := config.Load(fl.config)
		if err != nil {
			return nil, nil, err
		}
		var notes []string
		if within(tree, fl.config) {
			notes = append(notes, fmt.Sprintf("configuration read from the scanned tree: %s (named by --config); a change under review can edit it", fl.config))
		}
		return cfg, notes, nil
	}
	if tree == "" {
		return nil, nil, nil
	}
	path := filepath.Join(tree, config.DefaultName)
	// Lstat: a link there, even a dangling one, is the tree's and is
	// refused below, not taken for a missing file.
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if fl.noTreeConfig {
		return nil, []string{fmt.Sprintf("--no-tree-config: %s was not read; the built-in rules apply", path)}, nil
	}
	root, err := os.OpenRoot(tree)
	if err != nil {
		return nil, nil, fmt.Errorf("config %s: %w", path, err)
	}
	defer root.Close()
	cfg, err := config.LoadIn(root, config.DefaultName, path)
	if errors.Is(err, safefile.ErrLink) || errors.Is(err, safefile.ErrNotRegular) || errors.Is(err, safefile.ErrTooLarge) {
		return nil, nil, fmt.Errorf("%w (--no-tree-config ignores it)", err)
	}
	if err != nil {
		return nil, nil, err
	}
	return cfg, []string{fmt.Sprintf("configuration read from the scanned tree: %s; a change under review can edit it (--no-tree-config ignores it, --config names a trusted one)", path)}, nil
}

// baselineNote says how many findings the baseline hid, and warns when the
// baseline lies in the scanned tree, where a change can add its own
// secrets to it.
func baselineNote(file, tree string, hid int) string {
	note := fmt.Sprintf("baseline %s hid %s", file, plural(hid, "finding"))
	if within(tree, file) {
		note += "; it lies in the scanned tree, where a change under review can edit it"
	}
	return note
}

// within reports whether file lies under dir, by its path as given or as
// symbolic links resolve it (a link in the tree is the tree's choice).
func within(dir, file string) bool {
	if dir == "" {
		return false
	}
	d, errD := filepath.Abs(dir)
	f, errF := filepath.Abs(file)
	if errD != nil || errF != nil {
		return false
	}
	if under(d, f) {
		return true
	}
	rd, errD := filepath.EvalSymlinks(d)
	rf, errF := filepath.EvalSymlinks(f)
	if errD != nil {
		rd = d
	}
	if errF != nil {
		// The file may be gone; its directory still says where it was.
		if parent, err := filepath.EvalSymlinks(filepath.Dir(f)); err == nil {
			rf = filepath.Join(parent, filepath.Base(f))
		} else {
			rf = f
		}
	}
	return under(rd, rf) || under(rd, f) || under(d, rf)
}

// under reports whether the absolute, clean path f lies in directory d.
func under(d, f string) bool {
	rel, err := filepath.Rel(d, f)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
