// Package logx is the portal's logging wrapper: what it is given ends up
// in the log.
package logx

import "log/slog"

// Debug logs msg with key-value pairs.
func Debug(msg string, kv ...any) { slog.Debug(msg, kv...) }

// Count logs how long a value is, never the value.
func Count(msg string, v string) { slog.Debug(msg, "length", len(v)) }
