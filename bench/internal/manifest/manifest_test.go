package manifest

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
)

// TestFormat pins the JSON of the records: the manifests written before
// this package must read the same, and the generators must keep writing
// the same bytes.
func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{&Planted{ID: 1, RuleID: "github-pat", Context: "go-const", File: "a/b.go", Line: 7, Secret: "ghp_x"},
			`{"id":1,"rule_id":"github-pat","context":"go-const","file":"a/b.go","line":7,"secret":"ghp_x"}`},
		{&Planted{ID: 2, Kind: "placeholder", Context: "dotenv", File: ".env", Line: 3, Value: "${TOKEN}"},
			`{"id":2,"kind":"placeholder","context":"dotenv","file":".env","line":3,"value":"${TOKEN}"}`},
		{&Planted{ID: 3, RuleID: "jwt", Context: "yaml", File: "c.yaml", Line: 2, Secret: "eyJ", Commit: "c1",
			Ref: "refs/heads/main", Removed: "c2", Removal: "placeholder"},
			`{"id":3,"rule_id":"jwt","context":"yaml","file":"c.yaml","line":2,"secret":"eyJ","commit":"c1","ref":"refs/heads/main","removed_commit":"c2","removal":"placeholder"}`},
		{&Negative{Value: "${TOKEN}", File: ".env", Commit: "c2"}, `{"value":"${TOKEN}","file":".env","commit":"c2"}`},
	} {
		got, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != c.want {
			t.Errorf("got  %s\nwant %s", got, c.want)
		}
	}
}

func TestWriteRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.manifest.json")
	m := &History{Generator: map[string]any{"seed": float64(1)}, Secrets: []*Planted{{ID: 1, RuleID: "r", Secret: "s"}},
		Negatives: []*Negative{}}
	m.Repo.Commits = 10
	if err := Write(path, m); err != nil {
		t.Fatal(err)
	}
	got, err := Read[History](path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("read %+v, wrote %+v", got, m)
	}
	if _, err := Read[Tree](filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("reading a missing manifest did not fail")
	}
}
