package report

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	want := []Finding{{RuleID: "jwt", File: "a/b.go", Line: 3, Secret: "eyJ", Commit: "c1"}}
	gl, err := ReadGitleaks(write("gl.json", `[{"RuleID":"jwt","File":"a/b.go","StartLine":3,"EndLine":3,"Secret":"eyJ","Commit":"c1","Match":"x"}]`))
	if err != nil || !reflect.DeepEqual(gl, want) {
		t.Errorf("gitleaks: %+v, %v", gl, err)
	}
	tl, err := ReadTightlip(write("tl.json", `{"findings":[{"rule_id":"jwt","file":"a/b.go","line":3,"column":1,"secret":"eyJ","commit":"c1"}],"summary":{}}`))
	if err != nil || !reflect.DeepEqual(tl, want) {
		t.Errorf("tightlip: %+v, %v", tl, err)
	}
	if _, err := ReadTightlip(write("bad.json", `[]`)); err == nil {
		t.Error("a gitleaks report read as tightlip's")
	}
}
