package bolt

import "syscall"

// dropMapped takes the n bytes mapped at addr out of the process's
// resident set (unmapPages); the file's pages stay in the page cache.
func dropMapped(addr, n uintptr) {
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, addr, n, syscall.MADV_DONTNEED)
}
