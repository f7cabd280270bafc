// Package zap is a stand-in for go.uber.org/zap with the few names the
// tests use.
package zap

type Field struct{ Key, Value string }

func String(key, value string) Field { return Field{key, value} }

type Logger struct{}

func NewNop() *Logger { return &Logger{} }

func (l *Logger) Info(msg string, fields ...Field) {}

func (l *Logger) Sugar() *SugaredLogger { return &SugaredLogger{} }

type SugaredLogger struct{}

func (s *SugaredLogger) Infof(template string, args ...any) {}
