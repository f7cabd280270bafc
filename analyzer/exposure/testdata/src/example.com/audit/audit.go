// Package audit wraps package logger and imports no logging package
// itself: its facts come from logger's.
package audit

import "example.com/logger"

// Record logs an audit event.
func Record(event, detail string) { // want Record:`reaches\(0→secret-in-log log.Printf \(logger.go:\d+\); 1→secret-in-log log.Printf \(logger.go:\d+\)\)`
	logger.Infof("audit %s: %s", event, detail)
}

// Count logs how many events there were: its argument is no text.
func Count(n int) {
	logger.Infof("audit: %d events", n)
}
