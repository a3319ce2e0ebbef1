package bolt

import (
	"errors"
	"os"

	"github.com/amityhq/amity/internal/store/durable"
)

// logFS is the calls of the log that decide what survives a power loss:
// making the file, and syncing it and its directory. The log uses osFS; a
// test drops what was not synced.
type logFS interface {
	// open opens the log at path, creating it when missing, and returns
	// its size.
	open(path string) (logFile, int64, error)
	syncDir(dir string) error
}

type logFile interface {
	WriteAt(b []byte, off int64) (int, error)
	Truncate(size int64) error
	Sync() error     // data and metadata
	Datasync() error // data, and the metadata reading it needs
	Close() error
}

// osFS is the operating system's.
type osFS struct{}

func (osFS) open(path string) (logFile, int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, 0, err
	}
	info, err := f.Stat()
	if err != nil {
		return nil, 0, errors.Join(err, f.Close())
	}
	return osFile{f}, info.Size(), nil
}

func (osFS) syncDir(dir string) error { return durable.Dir(dir) }

type osFile struct{ *os.File }

func (f osFile) Datasync() error { return durable.Data(f.File) }
