// Package vetversion answers go vet's `-V=full` question for tightlip's
// vet tools (tightlip itself and cmd/tightlip-vet) from the executable's
// Go build ID.
//
// go vet asks a -vettool for its version once per run and keys its cache
// of analysis results on the answer. unitchecker answers with a SHA-256 of
// the whole executable: about 40 ms of CPU for tightlip's 20 MB, paid by
// every go vet run, and `tightlip scan` runs go vet once per Go module it
// analyses. The Go linker already wrote a hash of the executable's
// contents into it, the last part of its build ID, which the go command
// reads for its own tools the same way; reading it takes a few kilobytes.
package vetversion

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// Main serves go vet as unitchecker.Main does, answering `-V=full` from
// the build ID (Print) when the executable has one; it exits the process.
func Main(analyzers ...*analysis.Analyzer) {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" && Print(os.Stdout) {
		os.Exit(0)
	}
	unitchecker.Main(analyzers...)
}

// Print writes go vet's version line for the running executable, in the
// form unitchecker writes it ("NAME version devel comments-go-here
// buildID=ID"), and reports whether it could: false when the executable
// carries no Go build ID (built with -buildid=), and the caller falls
// back to unitchecker's hash.
func Print(w io.Writer) bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	id, err := BuildID(exe)
	if err != nil || id == "" {
		return false
	}
	_, err = fmt.Fprintf(w, "%s version devel comments-go-here buildID=%s\n", exe, id)
	return err == nil
}

// maxLead is how much of a non-ELF executable is searched for the build
// ID, as the go command does: it lies at the start of the text segment.
const maxLead = 32 << 10

var (
	rawPrefix = []byte("\xff Go build ID: \"")
	rawEnd    = []byte("\"\n \xff")
	// elfNoteName and elfNoteType mark the ELF note holding the build ID.
	elfNoteName = []byte("Go\x00\x00")
)

const elfNoteType = 4

// BuildID returns the Go build ID of the executable at path, "" when it
// has none.
func BuildID(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if ef, err := elf.NewFile(f); err == nil {
		return elfBuildID(ef)
	}
	lead := make([]byte, maxLead)
	n, err := io.ReadFull(f, lead)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", err
	}
	return rawBuildID(lead[:n])
}

// elfBuildID reads the build ID from the .note.go.buildid section.
func elfBuildID(f *elf.File) (string, error) {
	s := f.Section(".note.go.buildid")
	if s == nil {
		return "", nil
	}
	note, err := s.Data()
	if err != nil {
		return "", err
	}
	const header = 12 // name size, description size, type
	if len(note) < header+len(elfNoteName) {
		return "", errors.New("short Go build ID note")
	}
	order := f.ByteOrder
	nameSize, descSize, typ := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	if nameSize != 4 || typ != elfNoteType || !bytes.Equal(note[header:header+4], elfNoteName) || uint64(header+4)+uint64(descSize) > uint64(len(note)) {
		return "", errors.New("malformed Go build ID note")
	}
	return string(note[header+4 : header+4+int(descSize)]), nil
}

// rawBuildID finds the quoted build ID the linker writes at the start of
// the text segment.
func rawBuildID(data []byte) (string, error) {
	i := bytes.Index(data, rawPrefix)
	if i < 0 {
		return "", nil
	}
	j := bytes.Index(data[i+len(rawPrefix):], rawEnd)
	if j < 0 {
		return "", errors.New("malformed Go build ID")
	}
	return strconv.Unquote(string(data[i+len(rawPrefix)-1 : i+len(rawPrefix)+j+1]))
}
