package a

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"os"
)

// An ambiguous word (token, auth) alone is no source; with provenance it is.

// A pagination token, a lexer token, a cluster token: no source.
func pages(token, nextToken, clusterToken string) error {
	log.Printf("page %s, next %s, cluster %s", token, nextToken, clusterToken)
	return fmt.Errorf("bad continue token %q", nextToken)
}

// Strong names stay sources.
func strong(apiKey, secret, password, privateKey, credential, accessToken string) {
	log.Printf("%s", apiKey)      // want `secret-in-log.*parameter apiKey`
	log.Printf("%s", secret)      // want `secret-in-log.*parameter secret`
	log.Printf("%s", password)    // want `secret-in-log.*parameter password`
	log.Printf("%s", privateKey)  // want `secret-in-log.*parameter privateKey`
	log.Printf("%s", credential)  // want `secret-in-log.*parameter credential`
	log.Printf("%s", accessToken) // want `secret-in-log.*parameter accessToken`
}

// A token sent as a credential is one.
func bearer(req *http.Request, token string) {
	req.Header.Set("Authorization", "Bearer "+token)
	log.Printf("using %s", token) // want `secret-in-log.*parameter token of bearer`
}

// An env var named TOKEN alone is no source; one sent in a header is.
func envTokens(req *http.Request) {
	t := os.Getenv("TOKEN")
	log.Printf("token %s", t)
	u := os.Getenv("AUTH")
	req.SetBasicAuth("bot", u)
	log.Printf("auth %s", u) // want `secret-in-log.*AUTH from os.Getenv`
	gh := os.Getenv("GITHUB_TOKEN")
	log.Printf("gh %s", gh) // want `secret-in-log.*GITHUB_TOKEN from os.Getenv`
}

// A Token field: of a credentials type it is one; of a page it is not.
type Credentials struct{ Token string }

type Page struct {
	Token string
	Items []string
}

func fields(c Credentials, p Page) {
	log.Printf("creds %s", c.Token) // want `secret-in-log.*field Token`
	log.Printf("page %s", p.Token)
	log.Printf("page %+v", p)
}

// A call's results are separate values: the error next to a key is not
// the key.
func parse(s string) (map[string]string, string, error) {
	return nil, os.Getenv("EVERFLOW_API_KEY"), errors.New("bad")
}

func tuples() {
	m, key, err := parse("x")
	log.Printf("map %v, err %v", m, err)
	log.Printf("key %s", key) // want `secret-in-log.*EVERFLOW_API_KEY from os.Getenv`
	v, ok := os.LookupEnv("EVERFLOW_API_KEY")
	log.Printf("set %t", ok)
	_ = v
}

// A named result captured by a defer is not the key the function also
// returns.
func named() (claims map[string]string, key string, err error) {
	defer func() {
		if err != nil {
			log.Printf("named: %v", err)
		}
	}()
	claims, key, err = parse("y")
	return
}
