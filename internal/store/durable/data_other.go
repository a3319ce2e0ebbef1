//go:build !linux

package durable

import "os"

// Data makes f's data durable. Without fdatasync, the whole sync: on
// macOS os.File.Sync is F_FULLFSYNC, the only sync there that reaches
// the disk's own cache.
func Data(f *os.File) error { return f.Sync() }
