package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tightlip/tightlip/internal/ghaction"
)

// runAction is the GitHub Action's step (action.yml): it takes its inputs
// from the environment, as a composite action passes them, and scans by
// running this same executable.
func runAction(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 {
		return exitError, usageError{fmt.Sprintf("action takes no arguments (its inputs are INPUT_* variables), got %q", args[0])}
	}
	self, err := os.Executable()
	if err != nil {
		return exitError, fmt.Errorf("action: find the tightlip executable: %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return ghaction.Run(ctx, ghaction.Env{Tightlip: self, Getenv: os.Getenv, Stdout: stdout, Stderr: stderr}), nil
}
