package names

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"apiKey":           {"api", "key"},
		"APIKey":           {"api", "key"},
		"X-Eflow-API-Key":  {"x", "eflow", "api", "key"},
		"EVERFLOW_API_KEY": {"everflow", "api", "key"},
		"parseHTTPHeader2": {"parse", "http", "header", "2"},
		"db.password":      {"db", "password"},
	} {
		if got := Words(in); !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCredential(t *testing.T) {
	yes := []string{
		"apiKey", "APIKey", "api_key", "apikey", "EVERFLOW_API_KEY", "X-Eflow-API-Key", "X-Api-Key",
		"Authorization", "Proxy-Authorization", "X-Auth-Token", "clientSecret", "secret", "token",
		"authToken", "accessToken", "password", "DB_PASSWORD", "passwd", "dbPass", "privateKey",
		"signingKey", "hmacKey", "webhookSecret", "credentials", "basicAuth", "bearer", "apiKeyValue",
		"secretAccessKey", "SECRET_ACCESS_KEY", "SharedAccessKey", "secretKey",
	}
	no := []string{
		"key", "keyName", "tokenizer", "passwordPolicy", "tokenURL", "apiKeyHeader", "secretName",
		"cacheKey", "sortKey", "tokenType", "authURL", "authMode", "pass", "passThrough", "apiKeyEnv",
		"signature", "primaryKey", "maxTokens", "RootKey", "",
		// S3's access key is the ID paired with the secret key.
		"accessKey", "AccessKey", "ACCESS_KEY", "awsAccessKey", "accessKeyID",
	}
	for _, n := range yes {
		if !Credential(n) {
			t.Errorf("Credential(%q) = false, want true", n)
		}
	}
	for _, n := range no {
		if Credential(n) {
			t.Errorf("Credential(%q) = true, want false", n)
		}
	}
}

// TestNameKinds checks the predicates that say what kind of thing a name
// denotes, each with names it must and must not accept.
func TestNameKinds(t *testing.T) {
	kinds := []struct {
		name    string
		is      func(string) bool
		yes, no []string
	}{
		{"URL", URL,
			[]string{"BaseURL", "baseURL", "PostbackURL", "webhookURL", "Endpoint", "callback", "EVERFLOW_API_URL", "redirectURI"},
			[]string{"urlPath", "host", "homepage", "xmlns", "URLs2", "parseURLFlag"}},
		{"Path", Path,
			[]string{"keyFile", "certFile", "htpasswdPath", "TOKEN_FILE", "passwordFilename", "configDir", "path"},
			[]string{"ClientKey", "HtPasswd", "filePassword", "pathToken", "profile", "urlPath2"}},
		{"Identity", Identity,
			[]string{"user", "userName", "email", "clientID", "secretName"},
			[]string{"pass", "password", "userToken", "emailPassword", "idToken"}},
		{"QueryCredential", QueryCredential,
			[]string{"access_key", "accessKey", "api_key", "client_secret", "password"},
			[]string{"AWSAccessKeyId", "access", "page", "key", "X-Amz-Credential2"}},
		{"LooksLikeName", LooksLikeName,
			[]string{"EVERFLOW_API_KEY", "X-Eflow-API-Key", "api-key", "everflow.api_key", "X-Request-Id", "Content-MD5"},
			[]string{"TLFAKEq8Zr2mN4vK7xW1pJ9s", "TLFAKE-Xw3n_Rb7Lp2Qz9Tc4", "Bearer abc", "hunter2!"}},
	}
	for _, k := range kinds {
		for _, n := range k.yes {
			if !k.is(n) {
				t.Errorf("%s(%q) = false, want true", k.name, n)
			}
		}
		for _, n := range k.no {
			if k.is(n) {
				t.Errorf("%s(%q) = true, want false", k.name, n)
			}
		}
	}
}

func TestAmbiguous(t *testing.T) {
	for _, n := range []string{"token", "Token", "auth", "pageToken", "nextToken", "clusterToken",
		"discoveryToken", "continueToken", "TOKEN", "tokenStr"} {
		if !Ambiguous(n) {
			t.Errorf("Ambiguous(%q) = false, want true", n)
		}
	}
	for _, n := range []string{"apiKey", "secret", "password", "privateKey", "credential", "EVERFLOW_API_KEY",
		"accessToken", "authToken", "GITHUB_TOKEN", "X-Auth-Token", "basicAuth", "bearerToken", "keyName"} {
		if Ambiguous(n) {
			t.Errorf("Ambiguous(%q) = true, want false", n)
		}
	}
}

func TestCredentialShaped(t *testing.T) {
	for _, s := range []string{"TLFAKEq8Zr2mN4vK7xW1pJ9s", "TLfake7Pw9qZ", "TLfake!2024#pw", "TLFAKE-Xw3n_Rb7Lp2Qz9Tc4",
		"s3cr3t-p4ss", "0123456789abcdef0123456789abcdef", "qZrTbNmWkPxLvCsD"} {
		if !CredentialShaped(s) {
			t.Errorf("CredentialShaped(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"simple", "priv-key", "tls.key", "password", "RequireAndVerifyClientCert",
		"etcd-cluster", "etcd-cluster-1", "12345678901234567890", "client-cert-auth", "ca.crt",
		"token.json", "kubernetes.io/service-account-token", "aaaaaaaa1", "AUTH_METHOD_PASSWORD", "http2", "tls1.3"} {
		if CredentialShaped(s) {
			t.Errorf("CredentialShaped(%q) = true, want false", s)
		}
	}
}
