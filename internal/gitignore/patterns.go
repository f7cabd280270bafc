package gitignore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/tightlip/tightlip/internal/safefile"
)

// pattern is one line of an ignore file, with where it came from so that a
// message can say what hides a file.
type pattern struct {
	gitignore.Pattern
	// source names the file for messages: a slash path relative to the
	// scanned root, or a machine-local file such as .git/info/exclude.
	source string
	line   int
}

// readPatterns parses an ignore file: one pattern a line, scoped to domain
// (the directory's path from the repository's top). A missing file has no
// patterns; any other read error is returned, naming the file.
//
// go-git's own reader keeps a CR at the end of a line, which then never
// matches; git and our walker drop it, and so does this, as well as the
// byte-order mark some Windows editors write.
func readPatterns(file string, domain []string, source string) ([]pattern, error) {
	data, err := safefile.ReadPath(file, maxIgnoreFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %s", source, safefile.Why(err))
	}
	return parsePatterns(data, domain, source), nil
}

func parsePatterns(data []byte, domain []string, source string) []pattern {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var out []pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), len(data)+1)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		out = append(out, pattern{Pattern: gitignore.ParsePattern(line, domain), source: source, line: n})
	}
	return out
}

// decide applies patterns as git does: the last one that matches the path
// wins. It returns that pattern, and whether it excludes the path (false
// for a negation, or when nothing matches).
func decide(ps []pattern, path []string, isDir bool) (*pattern, bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		switch ps[i].Match(path, isDir) {
		case gitignore.Exclude:
			return &ps[i], true
		case gitignore.Include:
			return &ps[i], false
		}
	}
	return nil, false
}

// unwrapPath drops the *PathError wrapper where the message names the
// file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
