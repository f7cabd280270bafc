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
