package e2e

import (
	"os"

	"example.com/e2e/logger"
)

// Report hands the key to the module's logging package, which logs it.
func Report() {
	logger.Debug("offers fetched", "key", os.Getenv("EVERFLOW_API_KEY"))
	logger.Debug("offers fetched", "region", os.Getenv("EVERFLOW_REGION"))
}
