package a

import (
	"log"
	"os"
	"testing"
)

// Tests may print what they like.
func TestLog(t *testing.T) {
	log.Printf("key %s", os.Getenv("EVERFLOW_API_KEY"))
}

func TestCluster(t *testing.T) {
	c := &cluster{Name: os.Getenv("EVERFLOW_API_KEY")}
	c.describe()
	logName(os.Getenv("EVERFLOW_API_TOKEN"))
}
