package gomodcache

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseList(t *testing.T) {
	got := ParseList("# comment\n\ngithub.com/BurntSushi/toml v1.6.0\n  golang.org/x/tools   v0.52.0  \nnot a line\n")
	want := []Module{{"github.com/BurntSushi/toml", "v1.6.0"}, {"golang.org/x/tools", "v0.52.0"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if d, w := got[0].Dir(), filepath.FromSlash("github.com/!burnt!sushi/toml@v1.6.0"); d != w {
		t.Errorf("Dir: got %q, want %q", d, w)
	}
}
