package a

import "log"

// What a test stores into a field or hands to a function of the package
// is not how the package's own code gets its values: neither the field
// nor the parameter below is a source through a_test.go.
type cluster struct {
	Name string
}

func (c *cluster) describe() {
	log.Printf("cluster %s", c.Name)
}

func logName(name string) {
	log.Printf("name %s", name)
}
