package a

// A credential-sounding name is no evidence: the value must look like a
// credential. Each negative sits next to a positive of the same shape of
// code. Every secret here is fake, made for these tests and marked TLFAKE.

// Flag and option names.
const (
	optPrivateKey = "priv-key"
	optToken      = "token-file"
	flagPassword  = "password"
)

const optSecret = "TLFAKEr4Wb8Nq2Xz6Lm1Pv7K" // want `go-hardcoded-credential.*assigned to optSecret`

// Modes and method names.
const (
	DefaultAuthToken  = "simple"
	authTokenJWT      = "jwt"
	clientAuth        = "RequireAndVerifyClientCert"
	basicAuth         = "basic-auth"
	tokenAuthPassword = "AUTH_METHOD_PASSWORD"
)

const DefaultAPIToken = "TLfake5Qm8Zr2Wn" // want `go-hardcoded-credential.*assigned to DefaultAPIToken`

// A lexer's table of token names.
var tokenNames = map[string]string{"token": "IDENT", "password": "PASSWORD_KW", "secret": "SECRET"}

// Kubernetes secret data keys: the names of fields, not their values.
const (
	tlsPrivateKey = "tls.key"
	caToken       = "ca.crt"
	secretToken   = "token"
)

var secretData = map[string]string{"password": "TLfake3Yz7Kq1Wm9", "username": "admin"} // want `go-hardcoded-credential.*assigned to password`

// Pagination, cluster and discovery tokens that are namespaces.
const (
	initialClusterToken = "etcd-cluster"
	pageToken           = "0"
	discoveryToken      = "etcd-cluster-1"
)

// Numbers are not credentials.
const (
	defaultTokenTTL = "300"
	webhookSecret   = "12345678901234"
)

// Lines gosec users already annotated (G101) are not reported again.
const (
	reviewedToken  = "TLFAKEs5Xc9Nv2Bq7Lm4Zw8R" // #nosec G101 -- sandbox, rotated daily
	reviewedSecret = "TLFAKEt6Yd1Ow3Cr8Mn5Ax9S" //nolint:gosec // documented
	otherSecret    = "TLFAKEu7Ze2Px4Ds9No6By1T" // #nosec G204 // want `go-hardcoded-credential.*assigned to otherSecret`
)
