package bolt

import (
	"go.etcd.io/bbolt"
)

// unmapPages lets go of the database file's pages the process has mapped
// (bbolt reads the file through a shared, read-only mapping) when the
// checkpoint that just wrote written entries was the file's main user
// since the one before: transactions read from it fewer than an eighth as
// many times meanwhile.
//
// A page read through the mapping stays in the process's resident set
// until the mapping goes, and on a kernel that caches files in large
// folios one read maps a whole folio, up to megabytes: a checkpoint's
// writes, which read the leaves they change, left most of the file
// resident, counted as amity's memory though it is the kernel's page
// cache, and harder for the kernel to reclaim while mapped. The pages
// stay cached; the next read of one maps it again. Creating keys reads
// nothing from the file: its checkpoints unmap, at no cost measured.
// Under Encrypt over 100,000 random keys, first reads of keys and a
// checkpoint's writes are alike in number (800-2,100 each between two
// checkpoints): the mapped pages are the readers' working set, and
// unmapping them at each checkpoint cost 5-6 % more CPU a call as the
// reads mapped them again.
func (s *Store) unmapPages(written int) {
	reads := s.fileReads.Load()
	since := reads - s.readsAtCheckpoint
	s.readsAtCheckpoint = reads // checkpoints run one at a time
	if since*8 >= int64(written) {
		return
	}
	_ = s.db.View(func(btx *bbolt.Tx) error {
		// A read transaction holds bbolt's mapping in place (a remap
		// waits for it).
		dropMapped(s.db.Info().Data, uintptr(btx.Size()))
		return nil
	})
}
