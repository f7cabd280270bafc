// Package logger is the fixture module's own logging wrapper: a key its
// callers hand it is reported at their call, through the exposure
// analyzer's facts.
package logger

import "log/slog"

// Debug logs a message with key-value pairs.
func Debug(msg string, kv ...any) {
	slog.Debug(msg, kv...)
}
