// Package controller reads Kubernetes Secrets by the names its custom
// resources give: a field called Secret or CertSecret that is the name a
// Secret is looked up by is no credential, and quoting it in an error or
// a log line leaks nothing. A Secret field that holds the secret itself
// still is one.
package controller

import (
	"fmt"
	"log"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// BasicAuth refers to the Secret holding its users.
type BasicAuth struct {
	// Secret is the name of the Kubernetes Secret holding the users.
	Secret string
}

// ClientTLS refers to the Secret holding a client certificate.
type ClientTLS struct {
	CertSecret *string
}

// Client is the controller's view of the API server.
type Client interface {
	GetSecret(namespace, name string) (*corev1.Secret, bool, error)
}

func loadUsers(c Client, ns string, auth BasicAuth) ([]byte, error) {
	s, ok, err := c.GetSecret(ns, auth.Secret)
	if err != nil {
		return nil, fmt.Errorf("fetching secret %s/%s: %w", ns, auth.Secret, err)
	}
	if !ok {
		return nil, fmt.Errorf("secret %s/%s not found", ns, auth.Secret)
	}
	return s.Data["users"], nil
}

func loadCert(c Client, ns string, tls ClientTLS) error {
	if tls.CertSecret == nil {
		return nil
	}
	if _, err := fetch(c, ns, *tls.CertSecret); err != nil {
		log.Printf("client certificate from secret %s: %v", *tls.CertSecret, err)
		return err
	}
	return nil
}

func fetch(c Client, ns, secretName string) (*corev1.Secret, error) {
	s, ok, err := c.GetSecret(ns, secretName)
	if err != nil || !ok {
		return nil, fmt.Errorf("fetching secret %s/%s: %v", ns, secretName, err)
	}
	return s, nil
}

// IngressConfig names a Secret as "namespace/name", as an annotation does.
type IngressConfig struct {
	AuthTLSSecret *string
}

func loadAuthTLS(c Client, cfg IngressConfig) error {
	parts := strings.SplitN(*cfg.AuthTLSSecret, "/", 2)
	if len(parts) != 2 {
		return fmt.Errorf("auth-tls-secret %q is not namespace/name", *cfg.AuthTLSSecret)
	}
	ns, name := parts[0], parts[1]
	if _, err := fetch(c, ns, name); err != nil {
		return fmt.Errorf("auth-tls-secret %s/%s: %w", ns, name, err)
	}
	return nil
}

// Webhook holds its shared secret itself: it is never looked up by.
type Webhook struct {
	Secret string
}

func (w Webhook) check(sig string) error {
	return fmt.Errorf("signature %s does not match secret %s", sig, w.Secret) // want `secret-in-error.*field Secret \(controller.go:\d+\) reaches fmt.Errorf`
}
