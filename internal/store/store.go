// Package store is amity's durable state: named tables of byte values under
// string keys, read and written in transactions.
//
// Services keep every record (accounts, IAM users and access keys, KMS keys,
// volumes, …) through the Store interface and marshal the values themselves.
// Backends live in sub-packages (store/bolt is the embedded default) and must
// all pass the conformance suite in store/storetest, which pins down the
// contracts written here. Package store/datadir opens the data directory
// (the bolt store and the master key); package store/seal encrypts the
// secrets that services keep in the store.
package store

import "context"

// Store is a transactional key-value store of named tables.
//
// Transactions are serializable: each Update runs as if no other Update ran
// at the same time, and a View sees a consistent snapshot holding every
// Update committed before it began and none committed after. Views and
// Updates may run concurrently from many goroutines.
//
// Starting a transaction inside another one on the same goroutine is not
// allowed: it may deadlock. For the same reason a service never holds a
// transaction across a call to another service (authz.Caller), which
// writes the store too: it reads what it needs, commits, then calls, and
// writes what the call returned in a transaction of its own. Guard makes
// the rule checkable.
type Store interface {
	// View runs fn in a read-only transaction. Writes through its Tx return
	// ErrReadOnly. View returns fn's error unchanged; it returns ErrClosed,
	// without calling fn, once the store is closed, and ctx.Err() without
	// calling fn when ctx is already done.
	View(ctx context.Context, fn func(Tx) error) error

	// Update runs fn in a read-write transaction, calling it exactly once,
	// and commits fn's writes when fn returns nil. Reads inside fn see fn's
	// own writes. When fn returns an error, nothing is written and Update
	// returns that error unchanged. When ctx is done before fn starts or
	// by the time it returns, nothing is written and Update returns
	// ctx.Err(); once fn has returned, the commit no longer heeds ctx
	// (it may be shared with other Updates').
	// A nil result means the writes are durable: they survive a crash of
	// the process or the machine. Update returns ErrClosed, without calling
	// fn, once the store is closed.
	Update(ctx context.Context, fn func(Tx) error) error

	// Close waits for running transactions to end and releases the store.
	// Later calls to Close return nil.
	Close() error
}

// Tx is a transaction's view of the tables. Tables exist from their first
// Put on; a table that was never written reads as empty. A Tx must be used
// only by the goroutine running the transaction's function, and only until
// that function returns; after that its methods return ErrTxDone.
//
// Table names and keys must pass CheckKey (Scan's table, CheckTable) and
// values CheckValue; otherwise methods return an error wrapping ErrInvalid.
type Tx interface {
	// Get returns a copy of the value stored under key in table, or
	// ErrNotFound. A stored empty value is returned as a non-nil empty
	// slice. The caller owns the returned slice.
	Get(table, key string) ([]byte, error)

	// Put stores a copy of value under key in table, replacing any value
	// there; a nil value stores an empty one. The caller may reuse value
	// as soon as Put returns.
	Put(table, key string, value []byte) error

	// Delete removes key from table. Deleting a key that does not exist
	// is not an error.
	Delete(table, key string) error

	// Scan calls fn, in byte order of the keys, for every key in table that
	// starts with prefix and sorts strictly after after ("" means from the
	// first). fn gets a copy of each value, which it owns. Scan stops when
	// fn returns more == false or an error, and returns that error
	// unchanged. Pagination is Scan with after set to the last key of the
	// previous page.
	//
	// fn may write to the transaction. The scan then goes on from the key
	// after the one fn was given, as the table stands after the write: it
	// skips keys fn deleted and gives values fn overwrote as they are now.
	// Whether it visits keys that fn added after that key is unspecified.
	Scan(table, prefix, after string, fn func(key string, value []byte) (more bool, err error)) error

	// AfterCommit asks for fn to run once the Update's writes are durable
	// and before Update returns; never when the Update fails, nor in a
	// View. The functions of all Updates run one at a time in the order
	// the Updates committed, so a cache applying each commit's changes
	// never puts an older one over a newer. It is how an in-memory cache
	// learns, after the fact, that what it holds changed: changing it
	// before the commit would let a concurrent reader cache the old value
	// again. fn must not write the store (it would wait for itself). A
	// panic in fn goes on up from Update, the writes committed, and leaves
	// the store working.
	AfterCommit(fn func())
}
