// Package rss reads a finished child process's peak resident set size,
// for the benchmarks that run tools as child processes.
package rss
