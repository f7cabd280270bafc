package a

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log"
	"net/http"
	"os"
	texttemplate "text/template"
)

var page = template.Must(template.New("p").Parse(`<script>const key = "{{.APIKey}}";</script>`))

var textPage = texttemplate.Must(texttemplate.New("t").Parse(`{{.}}`))

type pageData struct {
	Title  string
	APIKey string
}

type status struct {
	Configured  bool   `json:"configured"`
	Fingerprint string `json:"fingerprint"`
}

func writeKey(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	w.Write([]byte(key))                           // want `secret-in-response`
	fmt.Fprintf(w, "<script>key=%q</script>", key) // want `secret-in-response`
	io.WriteString(w, "key: "+key)                 // want `secret-in-response`
}

func encodeKey(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	json.NewEncoder(w).Encode(map[string]string{"key": key}) // want `secret-in-response`
}

func marshalKey(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	b, _ := json.Marshal(map[string]string{"key": key})
	w.Write(b) // want `secret-in-response`
}

func templateKey(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	page.Execute(w, pageData{Title: "Dashboard", APIKey: key}) // want `secret-in-response`
	textPage.ExecuteTemplate(w, "t", key)                      // want `secret-in-response`
}

func cookieKey(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	http.SetCookie(w, &http.Cookie{Name: "api", Value: key}) // want `secret-in-response`
}

// http.Error writes its message into the response; a response header is
// sent to the client as well.
func errorKey(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	if r.Header.Get("X-Eflow-API-Key") != key {
		http.Error(w, "expected key "+key, http.StatusUnauthorized) // want `secret-in-response.*reaches the HTTP response \(http.Error\)`
		return
	}
	w.Header().Set("X-Upstream-Key", key)           // want `secret-in-response.*reaches the HTTP response's headers \(Header.Set\)`
	w.Header().Add("X-Upstream-Key", "Bearer "+key) // want `secret-in-response.*reaches the HTTP response's headers \(Header.Add\)`
	h := w.Header()
	h["X-Upstream-Key"] = []string{key} // want `secret-in-response.*reaches the HTTP response's headers`
}

// What may be sent: whether a key is set, its length, a fingerprint, and
// what the API answered to a request made with it.
func sendSafe(w http.ResponseWriter, r *http.Request) {
	key := os.Getenv("EVERFLOW_API_KEY")
	sum := sha256.Sum256([]byte(key))
	json.NewEncoder(w).Encode(status{Configured: key != "", Fingerprint: fmt.Sprintf("%x", sum[:4])})
	fmt.Fprintf(w, "key length %d", len(key))
	req, _ := http.NewRequest("GET", "https://api.eflow.team/v1/networks/offers", nil)
	req.Header.Set("X-Eflow-API-Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, "upstream failed: "+err.Error(), http.StatusBadGateway)
		return
	}
	w.Header().Set("X-Key-Configured", fmt.Sprint(key != ""))
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	w.Write(body)
	http.SetCookie(w, &http.Cookie{Name: "seen", Value: "1"})
	page.Execute(w, pageData{Title: "Dashboard"})
}

// A credential the client sent with this request is no secret from that
// client: a session cookie refreshed with the token the request carried
// sends it back where it came from. Logging it is still a leak, and a
// token an upstream API issued (in its response's header) is the server's.
func refreshSession(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("Authorization")
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, HttpOnly: true, Secure: true})
	w.Header().Set("X-Session", r.URL.Query().Get("access_token"))
	fmt.Fprintf(w, "signed in with %s", r.FormValue("api_key"))
	log.Printf("session %s", token) // want `secret-in-log.*Authorization from Header.Get`
}

func upstreamToken(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Post("https://identity.vendor-example.net/v3/auth/tokens", "application/json", nil)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	w.Header().Set("X-Upstream", resp.Header.Get("X-Auth-Token")) // want `secret-in-response.*X-Auth-Token from Header.Get`
}
