package datadir

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/seal"
)

// keyCheck is the key, in MetaTable, of the value sealed under the master
// key with the data directory's first write.
const keyCheck = "master-key-check"

// checkKey opens the value sealed with the data directory's first write.
// Until there is one, nothing in the store was sealed under any key, so
// any key is right: the check is written with the first write instead
// (checkingStore), which spares a fresh start a commit of its own (three
// syncs, a third of the time to a first answer).
func checkKey(db store.Store, sealer *seal.Sealer) (store.Store, error) {
	var sealed []byte
	err := db.View(context.Background(), func(tx store.Tx) error {
		var err error
		sealed, err = tx.Get(MetaTable, keyCheck)
		return err
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		cs := &checkingStore{Store: db, sealer: sealer}
		cs.unsealed.Store(true)
		return cs, nil
	case err != nil:
		return nil, err
	}
	if _, err := sealer.Open(sealed, keyCheckAD); err != nil {
		return nil, fmt.Errorf("%w: was %s or %s changed? Secrets sealed under the old key cannot be read without it",
			ErrWrongMasterKey, seal.EnvMasterKey, seal.KeyFile)
	}
	return db, nil
}

// keyCheckAD binds the sealed check to its place.
var keyCheckAD = []byte(MetaTable + "/" + keyCheck)

// checkingStore is a data directory's store that holds no key check yet:
// its first transaction that writes (an Update that writes nothing commits
// nothing) writes the check with it.
type checkingStore struct {
	store.Store
	sealer   *seal.Sealer
	unsealed atomic.Bool
}

// Update implements store.Store.
func (s *checkingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	if !s.unsealed.Load() {
		return s.Store.Update(ctx, fn)
	}
	var wrote bool
	err := s.Store.Update(ctx, func(tx store.Tx) error {
		w := &writeNoting{Tx: tx}
		if err := fn(w); err != nil || !w.wrote {
			return err
		}
		wrote = true
		// Another Update may have committed the check meanwhile.
		if _, err := tx.Get(MetaTable, keyCheck); !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return tx.Put(MetaTable, keyCheck, s.sealer.Seal([]byte("amity"), keyCheckAD))
	})
	if err == nil && wrote {
		s.unsealed.Store(false)
	}
	return err
}

// writeNoting is a Tx that notes whether it was written to.
type writeNoting struct {
	store.Tx
	wrote bool
}

func (w *writeNoting) Put(table, key string, value []byte) error {
	w.wrote = true
	return w.Tx.Put(table, key, value)
}

func (w *writeNoting) Delete(table, key string) error {
	w.wrote = true
	return w.Tx.Delete(table, key)
}
