package contentrules_test

import (
	"testing"

	"github.com/tightlip/tightlip/internal/config"
	"github.com/tightlip/tightlip/internal/contentrules"
)

// A rule that finds a secret by where it is written is Generic; one that
// knows its format is not. Rule files say so with tags = ["generic"].
func TestGenericMetadata(t *testing.T) {
	user, err := config.Parse("user.toml", []byte(`
[[rules]]
id = "acme-header"
regex = '''X-Acme: (\w{20})'''
tags = ["generic"]

[[rules]]
id = "acme-token"
regex = '''acme_\w{20}'''
`))
	if err != nil {
		t.Fatal(err)
	}
	set, err := contentrules.Build(user)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{
		"url-query-secret": true, "url-credentials": true, "password-assignment": true,
		"curl-auth-header": true, "generic-api-key": true, "acme-header": true,
		"github-pat": false, "gcp-api-key": false, "everflow-api-key": false, "plain-http-url": false, "acme-token": false,
	} {
		r, ok := set.Catalogue.Lookup(id)
		if !ok {
			t.Errorf("%s: not in the catalogue", id)
			continue
		}
		if r.Generic != want {
			t.Errorf("%s: Generic = %v, want %v", id, r.Generic, want)
		}
	}
}
