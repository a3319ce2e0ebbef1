package bolt

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/amityhq/amity/internal/store"
)

// tx is a store.Tx over a bbolt transaction. It copies every value in and
// out: bbolt hands out slices of its memory map, valid only while the
// transaction lasts, and keeps the caller's slices until commit.
type tx struct {
	store.TxState
	btx *bbolt.Tx
	// writes counts Puts and Deletes, so that Scan knows when its
	// cursor may have been invalidated by a write from its callback.
	writes int
	// log keeps an Update's writes, for its batch to replay (group.go).
	log *[]write
	// committed are the AfterCommit functions, run by Update.
	committed []func()
}

var _ store.Tx = (*tx)(nil)

// Get implements store.Tx.
func (t *tx) Get(table, key string) ([]byte, error) {
	if err := t.CheckRead(table, key); err != nil {
		return nil, err
	}
	b := t.btx.Bucket([]byte(table))
	if b == nil {
		return nil, store.ErrNotFound
	}
	// Compare keys rather than test the value for nil: bbolt may return a
	// nil slice for a stored empty value.
	k, v := b.Cursor().Seek([]byte(key))
	if !bytes.Equal(k, []byte(key)) {
		return nil, store.ErrNotFound
	}
	return store.CopyValue(v), nil
}

// Put implements store.Tx.
func (t *tx) Put(table, key string, value []byte) error {
	if err := t.CheckPut(table, key, value); err != nil {
		return err
	}
	b, err := t.btx.CreateBucketIfNotExists([]byte(table))
	if err != nil {
		return fmt.Errorf("bolt: create table %q: %w", table, err)
	}
	t.writes++
	v := store.CopyValue(value)
	*t.log = append(*t.log, write{table: table, key: key, value: v})
	if err := b.Put([]byte(key), v); err != nil {
		return fmt.Errorf("bolt: put: %w", err)
	}
	return nil
}

// Delete implements store.Tx.
func (t *tx) Delete(table, key string) error {
	if err := t.CheckDelete(table, key); err != nil {
		return err
	}
	b := t.btx.Bucket([]byte(table))
	if b == nil {
		return nil
	}
	t.writes++
	*t.log = append(*t.log, write{table: table, key: key, deleted: true})
	if err := b.Delete([]byte(key)); err != nil {
		return fmt.Errorf("bolt: delete: %w", err)
	}
	return nil
}

// Scan implements store.Tx.
func (t *tx) Scan(table, prefix, after string, fn func(key string, value []byte) (bool, error)) error {
	if err := t.CheckScan(table); err != nil {
		return err
	}
	b := t.btx.Bucket([]byte(table))
	if b == nil {
		return nil
	}
	c := b.Cursor()
	pre := []byte(prefix)
	var k, v []byte
	if after >= prefix {
		k, v = seekAfter(c, []byte(after))
	} else {
		k, v = c.Seek(pre)
	}
	for k != nil && bytes.HasPrefix(k, pre) {
		key := string(k)
		writes := t.writes
		more, err := fn(key, store.CopyValue(v))
		if err != nil || !more {
			return err
		}
		if t.writes == writes {
			k, v = c.Next()
		} else {
			// The write may have moved bbolt's pages under the cursor:
			// find the place again.
			k, v = seekAfter(c, []byte(key))
		}
	}
	return nil
}

// seekAfter positions c on the first key strictly after key.
func seekAfter(c *bbolt.Cursor, key []byte) (k, v []byte) {
	k, v = c.Seek(key)
	if bytes.Equal(k, key) {
		return c.Next()
	}
	return k, v
}

// AfterCommit implements store.Tx.
func (t *tx) AfterCommit(fn func()) {
	if t.Commits() {
		t.committed = append(t.committed, fn)
	}
}
