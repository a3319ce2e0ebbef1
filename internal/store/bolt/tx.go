package bolt

import (
	"bytes"
	"strings"
	"sync/atomic"

	"go.etcd.io/bbolt"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/treap"
)

// tx is a store.Tx over an overlay and a read-only bbolt transaction: the
// file as of the last checkpoint, and the writes since (the active layer
// over the frozen one). An Update's writes go to its own copy of the
// active layer (made at its first write), which its batch keeps if its
// function succeeds. Values are copied in and out:
// bbolt hands out slices of its memory map, valid only while the
// transaction lasts, and an overlay's values are shared by its versions.
type tx struct {
	store.TxState
	btx *bbolt.Tx
	// The active layer, and the frozen one under it (read-only).
	treap.Draft[entry]
	frozen overlay
	// log keeps an Update's writes, for its batch's log record.
	log *[]write
	// committed are the AfterCommit functions, run by Update.
	committed []func()
	// fileReads is the store's count of reads that reached the file.
	fileReads *atomic.Int64
}

var _ store.Tx = (*tx)(nil)

// Get implements store.Tx.
func (t *tx) Get(table, key string) ([]byte, error) {
	if err := t.CheckRead(table, key); err != nil {
		return nil, err
	}
	v, ok := t.get(table, key)
	if !ok {
		return nil, store.ErrNotFound
	}
	return store.CopyValue(v), nil
}

// get looks key up in the overlay's layers, then the file.
func (t *tx) get(table, key string) ([]byte, bool) {
	if n := treap.Find(t.Tables[table], key); n != nil {
		return n.Value.value, !n.Value.deleted
	}
	if n := treap.Find(t.frozen[table], key); n != nil {
		return n.Value.value, !n.Value.deleted
	}
	b := t.btx.Bucket([]byte(table))
	if b == nil {
		return nil, false
	}
	t.fileReads.Add(1)
	// Compare keys rather than test the value for nil: bbolt may return a
	// nil slice for a stored empty value.
	k, v := b.Cursor().Seek([]byte(key))
	return v, bytes.Equal(k, []byte(key))
}

// Put implements store.Tx.
func (t *tx) Put(table, key string, value []byte) error {
	if err := t.CheckPut(table, key, value); err != nil {
		return err
	}
	v := store.CopyValue(value)
	t.write(write{table: table, key: key, value: v}, entry{value: v})
	return nil
}

// Delete implements store.Tx. Deleting what is not there writes nothing.
func (t *tx) Delete(table, key string) error {
	if err := t.CheckDelete(table, key); err != nil {
		return err
	}
	if _, ok := t.get(table, key); ok {
		t.write(write{table: table, key: key, deleted: true}, entry{deleted: true})
	}
	return nil
}

// write records w in the log and e in the function's own overlay.
func (t *tx) write(w write, e entry) {
	t.Set(w.table, treap.Insert(t.Tables[w.table], w.key, e))
	*t.log = append(*t.log, w)
}

// Scan implements store.Tx: the keys of the overlay's two layers and the
// file's, merged, the upper's entry winning. The file's cursor is never
// moved by a write (writes go to the active layer); the active layer is
// searched again after each key in the table as it then stands, so
// writes from fn are seen as the contract says.
func (t *tx) Scan(table, prefix, after string, fn func(key string, value []byte) (bool, error)) error {
	if err := t.CheckScan(table); err != nil {
		return err
	}
	var c *bbolt.Cursor
	var fromFile int64 // the cursor's seek and the entries it steps over
	defer func() { t.fileReads.Add(fromFile) }()
	if b := t.btx.Bucket([]byte(table)); b != nil {
		c = b.Cursor()
		fromFile++
	}
	var n, f *treap.Node[entry]
	var k, v []byte
	if after >= prefix {
		n, f = treap.SeekAfter(t.Tables[table], after), treap.SeekAfter(t.frozen[table], after)
		k, v = seekAfter(c, []byte(after))
	} else {
		n, f = treap.SeekFrom(t.Tables[table], prefix), treap.SeekFrom(t.frozen[table], prefix)
		k, v = seek(c, []byte(prefix))
	}
	pre := []byte(prefix)
	for {
		// The least key of the three, the upper layer's on a tie.
		var key string
		var e entry
		found := k != nil && bytes.HasPrefix(k, pre)
		if found {
			key, e = string(k), entry{value: v}
		}
		for _, l := range []*treap.Node[entry]{f, n} {
			if l != nil && strings.HasPrefix(l.Key, prefix) && (!found || l.Key <= key) {
				key, e, found = l.Key, l.Value, true
			}
		}
		if !found {
			return nil
		}
		if !e.deleted {
			if more, err := fn(key, store.CopyValue(e.value)); err != nil || !more {
				return err
			}
		}
		n, f = treap.SeekAfter(t.Tables[table], key), treap.SeekAfter(t.frozen[table], key)
		for k != nil && string(k) <= key {
			k, v = c.Next()
			fromFile++
		}
	}
}

// seek positions c on the first key at or after key; a nil c is an
// empty table.
func seek(c *bbolt.Cursor, key []byte) (k, v []byte) {
	if c == nil {
		return nil, nil
	}
	return c.Seek(key)
}

// seekAfter positions c on the first key strictly after key.
func seekAfter(c *bbolt.Cursor, key []byte) (k, v []byte) {
	k, v = seek(c, key)
	if k != nil && bytes.Equal(k, key) {
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
