// Command tightlip-vet runs tightlip's Go analyzers under go vet:
//
//	go install github.com/tightlip/tightlip/cmd/tightlip-vet
//	go vet -vettool=$(which tightlip-vet) ./...
//
// It reports hard-coded credentials, plain-HTTP URLs and disabled TLS
// verification, and credentials that flow into logs, error messages and
// URLs, each diagnostic prefixed with its rule ID. `go vet
// -vettool=$(which tightlip-vet) help` lists the analyzers and their flags;
// -NAME=false turns one off.
package main

import (
	"github.com/rs/zerolog"
	"github.com/zricethezav/gitleaks/v8/logging"

	"github.com/tightlip/tightlip/analyzer"
	"github.com/tightlip/tightlip/internal/vetversion"
)

func main() {
	// gitleaks logs through a process-wide zerolog logger whose debug lines
	// can carry matched text; nothing of it may reach vet's output.
	logging.Logger = zerolog.Nop()
	vetversion.Main(analyzer.All()...)
}
