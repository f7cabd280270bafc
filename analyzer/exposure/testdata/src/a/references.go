package a

import (
	"encoding/base64"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
)

// A path names the file that holds a key; a user's name is not the
// password beside it.

type tlsOptions struct {
	ClientCert string
	ClientKey  string // the key file's path: opened below
}

type apiOptions struct {
	ClientKey string // the key itself
}

func loadKeyPair(certFile, keyFile string) ([]byte, error) {
	data, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, err
	}
	log.Printf("loaded %q and %q", certFile, keyFile)
	return data, nil
}

func setUpTLS(t *tlsOptions, api *apiOptions) {
	loadKeyPair(t.ClientCert, t.ClientKey)
	log.Printf("client key file %s", t.ClientKey)
	log.Printf("client key %s", api.ClientKey) // want `secret-in-log.*field ClientKey`
}

type serveOptions struct {
	HtPasswd string // the htpasswd file's path
	Password string
}

func useHtpasswd(path string) {
	log.Printf("Using %q as htpasswd storage", path)
}

func serve(o *serveOptions) {
	useHtpasswd(o.HtPasswd)
	log.Printf("htpasswd file %s", o.HtPasswd)
	log.Printf("password %s", o.Password) // want `secret-in-log.*field Password`
}

func parseAuthorization(r *http.Request) (user, pass string, ok bool) {
	s := strings.SplitN(r.Header.Get("Authorization"), " ", 2)
	if len(s) != 2 || s[0] != "Basic" {
		return "", "", false
	}
	b, err := base64.StdEncoding.DecodeString(s[1])
	if err != nil {
		return "", "", false
	}
	parts := strings.SplitN(string(b), ":", 2)
	if len(parts) != 2 {
		return "", "", false
	}
	return parts[0], parts[1], true
}

func checkAuth(r *http.Request) {
	user, pass, _ := parseAuthorization(r)
	log.Printf("unauthorised request from %s", user)
	log.Printf("unauthorised request with %s", pass) // want `secret-in-log.*Authorization from Header.Get`
}

// S3's access key is the ID that names the user; its secret key is the
// secret.
type s3Credentials struct {
	AccessKey string
	SecretKey string
}

func setUserStatus(accessKey string, c s3Credentials) {
	log.Printf("user %s disabled", accessKey)
	log.Printf("user %s disabled", c.AccessKey)
	log.Printf("user %s: %s", c.AccessKey, c.SecretKey) // want `secret-in-log.*field SecretKey`
}

// An API client's path is a path, but a key formatted into it is still a
// key: it ends up in the URL.
type itemsClient struct{ baseURL string }

func (c *itemsClient) get(path string) (*http.Response, error) {
	return http.Get(c.baseURL + path) // want `secret-in-url.*parameter apiKey of fetchItems`
}

func fetchItems(c *itemsClient, apiKey string) {
	c.get(fmt.Sprintf("v1/items/%s", apiKey))
}
