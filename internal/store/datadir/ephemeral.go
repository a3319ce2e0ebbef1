package datadir

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/amityhq/amity/internal/store/bolt"
	"github.com/amityhq/amity/internal/store/seal"
)

// OpenEphemeral opens state that is gone when amity exits (amity serve
// --ephemeral): a bbolt database that is never synced, in a new directory
// under parent (os.TempDir() outside tests). The directory is removed as
// soon as the database is open — on Unix the open file lives on, and not
// even a kill -9 leaves it behind — or, where an open file cannot be
// removed, at Close. What is written under Path later (trails' log files)
// makes it again, and Close removes it. The master key is seal.EnvMasterKey when getenv
// gives one (so that amity accounts create can show the admin token),
// else a random key that no file keeps.
//
// bbolt rather than an in-memory store: it is the store every service is
// tested on, and unsynced commits to a file that is never flushed on
// purpose cost about what memory would.
func OpenEphemeral(parent string, getenv func(string) string) (*Dir, error) {
	dir, err := os.MkdirTemp(parent, "amity-ephemeral-")
	if err != nil {
		return nil, fmt.Errorf("datadir: %w", err)
	}
	db, err := bolt.OpenUnsynced(filepath.Join(dir, DBFile))
	if err != nil {
		return nil, errors.Join(err, os.RemoveAll(dir))
	}
	// Where an open file cannot be removed this fails, and Close does it.
	_ = os.RemoveAll(dir)
	// The environment's key: the directory holds no key file.
	key, err := seal.ReadKey(dir, getenv)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = make([]byte, seal.KeySize), nil
		rand.Read(key) // never fails: crypto/rand crashes the program instead
	}
	if err != nil {
		return nil, errors.Join(err, db.Close(), os.RemoveAll(dir))
	}
	sealer, err := openSealer(db, key)
	if err != nil {
		return nil, errors.Join(err, db.Close(), os.RemoveAll(dir))
	}
	return &Dir{Path: dir, Store: db, Sealer: sealer, AdminToken: adminToken(key), ephemeral: true}, nil
}
