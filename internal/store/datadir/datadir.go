// Package datadir opens amity's data directory (--data-dir): the embedded
// store kept in it and the sealer for the secrets in that store.
//
// The directory holds DBFile, the bbolt database, and seal.KeyFile, the
// master key (unless the key comes from seal.EnvMasterKey). The store
// remembers a value sealed under the master key of its first write, so
// that starting with another key fails at once instead of leaving every
// sealed secret unreadable.
package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
	"github.com/amityhq/amity/internal/store/seal"
)

// DBFile is the name of the database file in the data directory.
const DBFile = "amity.db"

// MetaTable is the store table that holds the data directory's own
// records. Services must not use it.
const MetaTable = "amity.datadir"

// LockWait is how long Open waits for another process to let go of the
// database before failing with an error wrapping bolt.ErrLocked.
const LockWait = time.Second

// ErrWrongMasterKey: the master key is not the one the data directory's
// secrets were sealed with.
var ErrWrongMasterKey = errors.New("datadir: the master key is not the one this data directory was created with")

// Dir is an open data directory.
type Dir struct {
	// Path is the directory: Open's, or OpenEphemeral's temporary one.
	Path   string
	Store  store.Store
	Sealer *seal.Sealer
	// AdminToken is the secret that amity's own endpoints ask of a caller
	// (see AdminToken).
	AdminToken string
	// ephemeral: Path is OpenEphemeral's, removed at Close.
	ephemeral bool
}

// Open opens the data directory dir, creating it with mode 0700 if it does
// not exist (an existing directory's mode is left alone). getenv (os.Getenv
// outside tests) supplies seal.EnvMasterKey; see seal.LoadKey. Open fails
// with an error wrapping bolt.ErrLocked when another process has the
// directory open, and ErrWrongMasterKey when the master key changed.
func Open(dir string, getenv func(string) string) (*Dir, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("datadir: %w", err)
	}
	// The database first: its lock keeps a second process away from the
	// key file too.
	db, err := bolt.Open(filepath.Join(dir, DBFile), LockWait)
	if err != nil {
		return nil, err
	}
	key, err := seal.LoadKey(dir, getenv)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	sealer, err := seal.New(key)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	checked, err := checkKey(db, sealer)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return &Dir{Path: dir, Store: checked, Sealer: sealer, AdminToken: adminToken(key)}, nil
}

// Ephemeral reports whether the state is OpenEphemeral's, gone at Close.
func (d *Dir) Ephemeral() bool { return d.ephemeral }

// Close closes the store; ephemeral state is gone with it, and whatever
// was written under Path since.
func (d *Dir) Close() error {
	err := d.Store.Close()
	if d.ephemeral {
		err = errors.Join(err, os.RemoveAll(d.Path))
	}
	return err
}
