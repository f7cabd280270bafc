// Package logger is a service's own logging package around log/slog and
// log: its callers in other packages hand it keys, and are reported there,
// through the facts this package exports.
package logger

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log"
	"log/slog"
)

// Debug logs a message with key-value pairs.
func Debug(msg string, kv ...any) { // want Debug:`reaches\(0→secret-in-log slog.Debug \(logger.go:\d+\); 1→secret-in-log slog.Debug \(logger.go:\d+\)\)`
	slog.Debug(msg, kv...)
}

// Infof logs a formatted message.
func Infof(format string, args ...any) { // want Infof:`reaches\(0→secret-in-log log.Printf.*; 1→secret-in-log log.Printf \(logger.go:\d+\)\)`
	log.Printf(format, args...)
}

// Debugw wraps a wrapper: its arguments reach slog.Debug through Debug.
func Debugw(msg string, kv ...any) { // want Debugw:`reaches\(0→secret-in-log slog.Debug.*; 1→secret-in-log slog.Debug \(logger.go:\d+\)\)`
	Debug("[w] "+msg, kv...)
}

// A Logger prefixes what it logs.
type Logger struct{ prefix string }

// New returns a Logger.
func New(prefix string) *Logger { return &Logger{prefix: prefix} }

// Warn logs its arguments after the prefix.
func (l *Logger) Warn(args ...any) { // want Warn:`reaches\(1→secret-in-log log.Print \(logger.go:\d+\)\)`
	log.Print(l.prefix + fmt.Sprint(args...))
}

// What is safe to hand over: the value is hashed, only its length is
// logged, or it is not used at all. Only msg reaches the log.

// DebugFingerprint logs a short hash of value.
func DebugFingerprint(msg, value string) { // want DebugFingerprint:`reaches\(0→secret-in-log slog.Debug \(logger.go:\d+\)\)`
	sum := sha256.Sum256([]byte(value))
	slog.Debug(msg, "fingerprint", hex.EncodeToString(sum[:4]))
}

// DebugLen logs value's length.
func DebugLen(msg, value string) { // want DebugLen:`reaches\(0→secret-in-log slog.Debug \(logger.go:\d+\)\)`
	slog.Debug(msg, "length", len(value))
}

// Ignore takes a value and does not log it.
func Ignore(msg, value string) { // want Ignore:`reaches\(0→secret-in-log slog.Debug \(logger.go:\d+\)\)`
	_ = value
	slog.Debug(msg)
}

// redactedLen is unexported: no other package can call it, no fact.
func redactedLen(value string) {
	slog.Debug("value", "v", value)
}
