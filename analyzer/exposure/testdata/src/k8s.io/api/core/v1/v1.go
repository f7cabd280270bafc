// Package v1 stands in for k8s.io/api/core/v1: the Secret object.
package v1

// Secret holds a Kubernetes Secret's data.
type Secret struct {
	Name string
	Data map[string][]byte
}
