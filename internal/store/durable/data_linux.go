package durable

import (
	"os"
	"syscall"
)

// Data makes f's data durable, and the metadata reading it needs
// (fdatasync: a file whose size did not change writes no metadata).
func Data(f *os.File) error { return syscall.Fdatasync(int(f.Fd())) }
