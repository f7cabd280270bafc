package a

import (
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"os"
)

// A struct literal marshalled to JSON and written to the response sends
// the fields stored into it.

type keyResponse struct {
	Name        string `json:"name"`
	APIKey      string `json:"api_key,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	Internal    string `json:"-"`
}

// secretString marshals as a placeholder, as config libraries' secret
// types do.
type secretString string

func (secretString) MarshalJSON() ([]byte, error) { return []byte(`"<secret>"`), nil }

type maskedResponse struct {
	APIKey secretString `json:"api_key"`
}

type keyEnvelope struct {
	Data keyResponse `json:"data"`
}

func marshalStruct(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	b, _ := json.Marshal(keyResponse{Name: "everflow", APIKey: key})
	w.Write(b) // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv \(marshal.go:\d+\) reaches the HTTP response`
	p, _ := json.Marshal(&keyResponse{APIKey: key})
	w.Write(p) // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv`
	var out keyResponse
	out.APIKey = key
	o, _ := json.MarshalIndent(out, "", "  ")
	fmt.Fprintf(w, "%s", o) // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv`
	e, _ := json.Marshal(keyEnvelope{Data: keyResponse{APIKey: key}})
	w.Write(e) // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv`
}

// An unset credential field, a fingerprint, a field JSON skips: clean.
func marshalClean(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	sum := sha256.Sum256([]byte(key))
	b, _ := json.Marshal(keyResponse{Name: "everflow", Fingerprint: fmt.Sprintf("%x", sum[:4])})
	w.Write(b)
	h, _ := json.Marshal(keyResponse{Name: "everflow", Internal: key})
	w.Write(h)
	m, _ := json.Marshal(maskedResponse{APIKey: secretString(key)})
	w.Write(m)
}

// encoding/xml writes fields the same way, with its own tag and methods.

type keyXML struct {
	Name     string `xml:"name"`
	APIKey   string `xml:"api_key,attr"`
	Internal string `xml:"-"`
	JSONOnly string `json:"-"` // JSON's tag does not skip it in XML
}

type maskedXML struct {
	APIKey secretXML `xml:"api_key"`
}

// secretXML marshals as a placeholder.
type secretXML string

func (secretXML) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return e.EncodeElement("<secret>", start)
}

func marshalXML(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	b, _ := xml.Marshal(keyXML{Name: "everflow", APIKey: key})
	w.Write(b) // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv`
	j, _ := xml.MarshalIndent(&keyXML{JSONOnly: key}, "", "  ")
	w.Write(j) // want `secret-in-response.*EVERFLOW_API_KEY from os.Getenv`
	s, _ := xml.Marshal(keyXML{Name: "everflow", Internal: key})
	w.Write(s)
	m, _ := xml.Marshal(maskedXML{APIKey: secretXML(key)})
	w.Write(m)
}
