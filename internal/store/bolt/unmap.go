package bolt

import (
	"syscall"

	"go.etcd.io/bbolt"
)

// unmapPages lets go of the database file's pages the process has mapped
// (bbolt reads the file through a shared, read-only mapping). A page
// read through the mapping stays in the process's resident set until
// the mapping goes, and on a kernel that caches files in large folios one
// read maps a whole folio, up to megabytes: a checkpoint's writes, which
// read the leaves they change, and a key's first read left most of the
// file resident, counted as amity's memory though it is the kernel's page
// cache. The pages stay cached; the next read of one maps it again.
func (s *Store) unmapPages() {
	_ = s.db.View(func(btx *bbolt.Tx) error {
		// A read transaction holds bbolt's mapping in place (a remap
		// waits for it).
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, s.db.Info().Data, uintptr(btx.Size()), syscall.MADV_DONTNEED)
		return nil
	})
}
