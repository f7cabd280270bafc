// Package escaped has no literal whose source text starts with http://,
// only one whose value does, spelled with an escape: it is still
// reported, and gets no fix (the golden file is the source unchanged).
package escaped

import "net/http"

func fetch() {
	http.Get("\x68ttp://api.eflow.team/v1/offers") // want `go-plain-http-url.*passed to http.Get`
}
