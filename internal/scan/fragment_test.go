package scan

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tightlip/tightlip/internal/crash"
	"github.com/tightlip/tightlip/internal/gittest"
	"github.com/tightlip/tightlip/internal/safefile"
)

// memberSource is what a new source looks like (an archive's members,
// say): a Fragments function, and nothing else. The members are made up
// for the test; the token is gittest's fake, which no provider issued.
func memberSource(members map[string][]byte, order []string) Fragments {
	return func(_ context.Context, yield func(Fragment) error) error {
		for _, name := range order {
			data := members[name]
			err := yield(Fragment{Path: "archive.zip!" + name, Size: int64(len(data)), Read: func(limit int64) ([]byte, error) {
				if int64(len(data)) > limit {
					return nil, safefile.ErrTooLarge
				}
				return data, nil
			}})
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// TestFragmentsSource: a source plugged into the seam gets the whole
// content pipeline: rules, binary and size checks, counts, and a read
// error that makes the scan incomplete, never a silent drop.
func TestFragmentsSource(t *testing.T) {
	eng, err := boundedEngine()
	if err != nil {
		t.Fatal(err)
	}
	members := map[string][]byte{
		"app/.env":  []byte("token = \"" + gittest.FakeToken("member") + "\"\n"),
		"blob.dat":  {0x89, 'P', 'N', 'G', 0, 0, 0, 0, 1, 2, 3},
		"big.txt":   make([]byte, 200),
		"notes.txt": []byte("nothing here\n"),
	}
	order := []string{"app/.env", "blob.dat", "big.txt", "notes.txt"}
	c := newCollector("archive.zip", nil)
	var box crash.Box
	opts := Options{Engine: eng, MaxFileSize: 100, Workers: 2}
	if err := scanFragments(context.Background(), memberSource(members, order), opts, c, &box); err != nil {
		t.Fatal(err)
	}
	box.Rethrow()
	res := c.finish(time.Now(), eng)
	if len(res.Findings) != 1 || res.Findings[0].File != "archive.zip!app/.env" {
		t.Fatalf("findings = %+v, want one in archive.zip!app/.env", res.Findings)
	}
	if res.Summary.FilesScanned != 2 || res.Summary.Skipped[SkipBinary] != 1 || res.Summary.Skipped[SkipTooLarge] != 1 {
		t.Errorf("summary = %d scanned, skipped %v; want 2 scanned, 1 binary, 1 too large", res.Summary.FilesScanned, res.Summary.Skipped)
	}
	if res.Summary.Incomplete {
		t.Errorf("complete source reported incomplete: %v", res.Summary.Problems)
	}

	// A member that cannot be read is named, and the scan is incomplete.
	broken := func(_ context.Context, yield func(Fragment) error) error {
		return yield(Fragment{Path: "archive.zip!bad.env", Size: 10, Read: func(int64) ([]byte, error) {
			return nil, errors.New("checksum mismatch")
		}})
	}
	c = newCollector("archive.zip", nil)
	if err := scanFragments(context.Background(), broken, opts, c, &box); err != nil {
		t.Fatal(err)
	}
	box.Rethrow()
	if !c.sum.Incomplete || len(c.sum.Problems) != 1 {
		t.Errorf("unreadable member: incomplete=%v problems=%v, want incomplete naming it", c.sum.Incomplete, c.sum.Problems)
	}
}
