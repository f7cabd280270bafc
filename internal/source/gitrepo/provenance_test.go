package gitrepo

import "testing"

func TestRemoteURI(t *testing.T) {
	cases := map[string]string{
		"https://github.com/acme/app.git":                   "https://github.com/acme/app.git",
		"https://x-access-token:TLFAKEtoken@github.com/a/b": "https://github.com/a/b",
		"git@github.com:acme/app.git":                       "ssh://github.com/acme/app.git",
		"ssh://git@example.org/acme/app":                    "ssh://example.org/acme/app",
		"/srv/git/app.git":                                  "file:///srv/git/app.git",
		"relative/path":                                     "",
	}
	for in, want := range cases {
		if got := remoteURI(in); got != want {
			t.Errorf("remoteURI(%q) = %q, want %q", in, got, want)
		}
	}
}
