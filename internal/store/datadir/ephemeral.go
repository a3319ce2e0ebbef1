package datadir

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/amityhq/amity/internal/store/memory"
	"github.com/amityhq/amity/internal/store/seal"
)

// OpenEphemeral opens state that is gone when amity exits (amity serve
// --ephemeral): a store in memory, which leaves nothing on disk even after
// a kill -9. Path is a new directory under parent (os.TempDir() outside
// tests) for what must be files (trails' log files): it is made again by
// what writes there, and Close removes it. The master key is
// seal.EnvMasterKey when getenv gives one (so that amity accounts create
// can show the admin token), else a random key that no file keeps.
//
// The memory store rather than an unsynced bbolt file: it passes the
// same conformance suite, and a commit is a few tree nodes instead of
// pages written to a file (an encrypted RunInstances in process took
// more than twice as long on the file).
func OpenEphemeral(parent string, getenv func(string) string) (*Dir, error) {
	dir, err := os.MkdirTemp(parent, "amity-ephemeral-")
	if err != nil {
		return nil, fmt.Errorf("datadir: %w", err)
	}
	// Nothing is kept there until trails write: the directory goes now.
	_ = os.RemoveAll(dir)
	db := memory.New()
	// The environment's key: the directory holds no key file.
	key, err := seal.ReadKey(dir, getenv)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = make([]byte, seal.KeySize), nil
		rand.Read(key) // never fails: crypto/rand crashes the program instead
	}
	if err != nil {
		return nil, errors.Join(err, db.Close(), os.RemoveAll(dir))
	}
	// No key check: the state cannot outlive this key.
	sealer, err := seal.New(key)
	if err != nil {
		return nil, errors.Join(err, db.Close(), os.RemoveAll(dir))
	}
	return &Dir{Path: dir, Store: db, Sealer: sealer, AdminToken: adminToken(key), ephemeral: true}, nil
}
