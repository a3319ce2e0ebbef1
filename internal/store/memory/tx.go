package memory

import (
	"strings"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/treap"
)

// tx is a store.Tx over a set of table roots: a View's are the snapshot's,
// an Update's become its own copy at its first write (the Draft). Values
// are copied in and out: a node's value is shared by every version that
// holds it.
type tx struct {
	store.TxState
	treap.Draft[[]byte]
	committed []func()
}

var _ store.Tx = (*tx)(nil)

// Get implements store.Tx.
func (t *tx) Get(table, key string) ([]byte, error) {
	if err := t.CheckRead(table, key); err != nil {
		return nil, err
	}
	n := treap.Find(t.Tables[table], key)
	if n == nil {
		return nil, store.ErrNotFound
	}
	return store.CopyValue(n.Value), nil
}

// Put implements store.Tx.
func (t *tx) Put(table, key string, value []byte) error {
	if err := t.CheckPut(table, key, value); err != nil {
		return err
	}
	t.Set(table, treap.Insert(t.Tables[table], key, store.CopyValue(value)))
	return nil
}

// Delete implements store.Tx.
func (t *tx) Delete(table, key string) error {
	if err := t.CheckDelete(table, key); err != nil {
		return err
	}
	if root, removed := treap.Remove(t.Tables[table], key); removed {
		t.Set(table, root)
	}
	return nil
}

// Scan implements store.Tx. Each step finds the key after the last one
// in the table as it then stands, so writes from fn are seen as the
// contract says.
func (t *tx) Scan(table, prefix, after string, fn func(key string, value []byte) (bool, error)) error {
	if err := t.CheckScan(table); err != nil {
		return err
	}
	var n *treap.Node[[]byte]
	if after >= prefix {
		n = treap.SeekAfter(t.Tables[table], after)
	} else {
		n = treap.SeekFrom(t.Tables[table], prefix)
	}
	for n != nil && strings.HasPrefix(n.Key, prefix) {
		more, err := fn(n.Key, store.CopyValue(n.Value))
		if err != nil || !more {
			return err
		}
		n = treap.SeekAfter(t.Tables[table], n.Key)
	}
	return nil
}

// AfterCommit implements store.Tx.
func (t *tx) AfterCommit(fn func()) {
	if t.Commits() {
		t.committed = append(t.committed, fn)
	}
}
