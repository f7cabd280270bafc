package a

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// A credential in a form sent as the request's body is in no URL: OAuth's
// token requests send client_secret and password so (RFC 6749, 2.3.1).
// The same form put into a URL, or handed where it may become one, is.

func formPostForm(c *http.Client, tokenURL string) {
	form := url.Values{}
	form.Set("grant_type", "client_credentials")
	form.Set("client_secret", os.Getenv("OAUTH_CLIENT_SECRET"))
	c.PostForm(tokenURL, form)
	http.PostForm(tokenURL, url.Values{"password": {os.Getenv("SERVICE_PASSWORD")}})
}

func formReader(tokenURL string, user string) (*http.Request, error) {
	password := os.Getenv("SERVICE_PASSWORD")
	form := url.Values{}
	form.Add("user[login]", user)
	form.Add("user[password]", password)
	return http.NewRequest("POST", tokenURL, strings.NewReader(form.Encode()))
}

func formBytes(tokenURL string) (*http.Request, error) {
	q := url.Values{}
	q.Add("client_secret", os.Getenv("OAUTH_CLIENT_SECRET"))
	encoded := q.Encode()
	return http.NewRequest("POST", tokenURL, bytes.NewBuffer([]byte(encoded)))
}

func formConcat(tokenURL, folderPassword string) (*http.Request, error) {
	body := "json=1&pass=" + url.QueryEscape(folderPassword)
	return http.NewRequest("POST", tokenURL, strings.NewReader(body))
}

func formSprintf(tokenURL string) (*http.Request, error) {
	body := fmt.Sprintf("grant_type=password&password=%s", os.Getenv("SERVICE_PASSWORD"))
	return http.NewRequest("POST", tokenURL, strings.NewReader(body))
}

func formField(req *http.Request) {
	req.PostForm = url.Values{"client_secret": {os.Getenv("OAUTH_CLIENT_SECRET")}}
}

// restOpts stands for a REST client's options: Parameters become the query,
// MultipartParams the body.
type restOpts struct {
	Parameters      url.Values
	MultipartParams url.Values
}

func formLibraryFields(token string) (restOpts, restOpts) {
	return restOpts{MultipartParams: url.Values{"access_token": {token}}},
		restOpts{Parameters: url.Values{"access_token": {token}}} // want `secret-in-url.*access_token reaches url.Values`
}

func formInQuery(c *http.Client, tokenURL string) {
	form := url.Values{}
	form.Set("client_secret", os.Getenv("OAUTH_CLIENT_SECRET")) // want `secret-in-url.*reaches Values.Set`
	c.Get(tokenURL + "?" + form.Encode())
	c.PostForm(tokenURL, form)
}

func formRawQuery(u *url.URL) {
	q := u.Query()
	q.Set("client_secret", os.Getenv("OAUTH_CLIENT_SECRET")) // want `secret-in-url.*reaches Values.Set`
	u.RawQuery = q.Encode()
}

func formHandedOn(tokenURL string) {
	form := url.Values{}
	form.Set("client_secret", os.Getenv("OAUTH_CLIENT_SECRET")) // want `secret-in-url.*reaches Values.Set`
	send(tokenURL, form)
}

func send(string, url.Values) {}

func formConcatURL(c *http.Client, tokenURL, folderPassword string) {
	body := "json=1&pass=" + url.QueryEscape(folderPassword) // want `secret-in-url.*reaches a URL built by concatenation`
	c.Get(tokenURL + "?" + body)                             // want `secret-in-url.*reaches a URL built by concatenation`
}

// A package function that posts the form it is given, and one that puts
// it into the query.
func postRequest(c *http.Client, endpoint string, data url.Values) (*http.Response, error) {
	data.Set("client", "tightlip")
	return c.Post(endpoint, "application/x-www-form-urlencoded", strings.NewReader(strings.TrimSpace(data.Encode())))
}

func getRequest(c *http.Client, endpoint string, data url.Values) (*http.Response, error) {
	return c.Get(endpoint + "?" + data.Encode())
}

func formHelpers(c *http.Client, endpoint, username, password string) {
	login := url.Values{"username": {username}, "password": {password}}
	postRequest(c, endpoint, login)
	query := url.Values{"username": {username}, "password": {password}} // want `secret-in-url.*parameter password`
	getRequest(c, endpoint, query)
}

// kasEnvelope is a SOAP document: its namespace is a URL, the request it
// makes is no URL.
const kasEnvelope = `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body><auth>%s</auth></Body></Envelope>`

func soapLogin(password string) {
	sendDocument(fmt.Sprintf(kasEnvelope, password))
	sendDocument(fmt.Sprintf("https://kas.example.net/auth?pw=%s", password)) // want `secret-in-url.*reaches fmt.Sprintf of a URL`
}

func sendDocument(string) {}

// A form both posted and written into a URL by a strings.Builder is in a
// URL.
func formBuilder(c *http.Client, endpoint string) {
	form := url.Values{}
	form.Set("client_secret", os.Getenv("OAUTH_CLIENT_SECRET")) // want `secret-in-url.*reaches Values.Set`
	c.PostForm(endpoint, form)
	var b strings.Builder
	b.WriteString(endpoint)
	b.WriteString("?")
	b.WriteString(form.Encode())
	c.Get(b.String())
	if strings.Contains(form.Encode(), "client_secret") {
		return
	}
}
