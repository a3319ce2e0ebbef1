package main

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/amityhq/amity/internal/store/durable"
)

// journalSize is the floor's log file, written with zeros and synced
// before the first call, as amity's log grows by: a record then
// overwrites allocated blocks, and its fdatasync has no file size to
// write. Records wrap around at its end (the floor never reads them).
const journalSize = 16 << 20

// journal is the durable floor's log: its CreateKey answers once a
// record of the key is written and fdatasynced, concurrent calls sharing
// one write and one sync (group commit, as amity's commits do). It is the
// least a server that acknowledges only what is on disk pays on this
// machine, as the floor is the least a Go server pays.
type journal struct {
	f *os.File

	mu sync.Mutex
	// synced is broadcast when a sync ends.
	synced *sync.Cond
	// pending is the records appended since the last write began,
	// numbered up to appended; those up to durable are on disk.
	pending           []byte
	appended, durable uint64
	off               int64 // where the next write goes
	writing           bool  // a caller is writing and syncing
	err               error // a failed write or sync fails every call after
}

// openJournal creates the log file at path and its chunk of zeros.
func openJournal(path string) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteAt(make([]byte, journalSize), 0); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	if err := durable.Dir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, err
	}
	j := &journal{f: f}
	j.synced = sync.NewCond(&j.mu)
	return j, nil
}

// append returns once record is on disk: the first caller to find no
// write under way writes and syncs every record pending, the others wait
// for it, and a record appended during a sync goes in the next.
func (j *journal) append(record []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pending = append(j.pending, record...)
	j.appended++
	mine := j.appended
	for j.durable < mine && j.err == nil {
		if j.writing {
			j.synced.Wait()
			continue
		}
		records, upTo := j.pending, j.appended
		j.pending = nil
		if j.off+int64(len(records)) > journalSize {
			j.off = 0
		}
		off := j.off
		j.off += int64(len(records))
		j.writing = true
		j.mu.Unlock()
		err := j.writeSync(records, off)
		j.mu.Lock()
		j.writing = false
		if err == nil {
			j.durable = upTo
		} else {
			j.err = err
		}
		j.synced.Broadcast()
	}
	if j.durable >= mine {
		return nil // on disk, whatever a later write met
	}
	return j.err
}

func (j *journal) writeSync(records []byte, off int64) error {
	if _, err := j.f.WriteAt(records, off); err != nil {
		return err
	}
	return durable.Data(j.f)
}
