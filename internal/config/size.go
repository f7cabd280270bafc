package config

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultMaxFileSize is the largest file scanned when nothing else is set:
// big enough for any hand-written source or config, small enough to pass over
// data dumps and bundles.
const DefaultMaxFileSize = 10 << 20

// MaxFileSize returns the configured limit in bytes, 0 when unset.
func (f *File) MaxFileSize() (int64, error) {
	if f.Scan.MaxFileSize == "" {
		return 0, nil
	}
	return ParseSize(f.Scan.MaxFileSize)
}

// ParseSize reads a size such as "10MiB", "500KB", "2M" or "1048576".
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') {
		i--
	}
	num, unit := strings.TrimSpace(t[:i]), strings.ToLower(strings.TrimSpace(t[i:]))
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q: want a positive number with an optional unit (KB, MB, KiB, MiB, GB)", s)
	}
	mult := map[string]int64{
		"": 1, "b": 1,
		"k": 1 << 10, "kb": 1000, "kib": 1 << 10,
		"m": 1 << 20, "mb": 1000 * 1000, "mib": 1 << 20,
		"g": 1 << 30, "gb": 1000 * 1000 * 1000, "gib": 1 << 30,
	}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("size %q: unknown unit %q (use KB, MB, KiB, MiB, GB)", s, unit)
	}
	return n * mult, nil
}
