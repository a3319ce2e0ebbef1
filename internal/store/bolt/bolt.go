// Package bolt is the embedded store.Store: one bbolt file in the data
// directory.
//
// Every Update is committed with fsync before it returns, so an
// acknowledged Update survives kill -9 and power loss; Updates that arrive
// while a commit is syncing share the next one (group commit: see
// group.go), which is what makes concurrent writers cheap. The file is locked
// while open: a second process opening it fails with ErrLocked after a short
// wait instead of hanging. Each table is a top-level bbolt bucket, created
// by its first Put.
package bolt

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/amityhq/amity/internal/store"
)

// ErrLocked: the file is held open by another process (or another Store in
// this one).
var ErrLocked = errors.New("bolt: database file is in use")

// mmapSize is the initial size of bbolt's memory map. bbolt must remap when
// the file outgrows the map, and a remap waits for every open read
// transaction; reserving address space up front (the file itself does not
// grow) keeps a long View from stalling commits until the file reaches it.
const mmapSize = 1 << 30

// Store is a store.Store kept in one bbolt file.
type Store struct {
	db *bbolt.DB
	group
}

var _ store.Store = (*Store)(nil)

// Open opens the database file at path, creating it with mode 0600 when it
// does not exist. When another process holds the file, Open waits up to
// lockWait for it (at least one attempt is made) and then fails with an
// error wrapping ErrLocked.
//
// The free page list is not written with every commit but rebuilt when
// the file is opened (as etcd runs bbolt): a commit then writes a few
// pages fewer, which halved the time of a durable write, for an open that
// reads the file once.
func Open(path string, lockWait time.Duration) (*Store, error) {
	// bbolt treats a zero timeout as "wait forever"; never ask for that.
	return open(path, &bbolt.Options{Timeout: max(lockWait, time.Nanosecond), InitialMmapSize: mmapSize,
		NoFreelistSync: true, FreelistType: bbolt.FreelistMapType})
}

func open(path string, opts *bbolt.Options) (*Store, error) {
	db, err := bbolt.Open(path, 0o600, opts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s is locked by another process (waited %v); is another amity running on this data directory?", ErrLocked, path, opts.Timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("bolt: open %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// View implements store.Store.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	btx, err := s.begin(false)
	if err != nil {
		return err
	}
	defer btx.Rollback() // a read transaction ends by rolling back
	t := &tx{TxState: store.TxState{ReadOnly: true}, btx: btx}
	defer t.End()
	return fn(t)
}

// begin starts a bbolt transaction, turning bbolt's "not open" into
// store.ErrClosed.
func (s *Store) begin(writable bool) (*bbolt.Tx, error) {
	btx, err := s.db.Begin(writable)
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return nil, store.ErrClosed
	}
	if err != nil {
		return nil, fmt.Errorf("bolt: begin: %w", err)
	}
	return btx, nil
}

// Close implements store.Store.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("bolt: close: %w", err)
	}
	return nil
}
