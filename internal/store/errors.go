package store

import "errors"

// The errors of the Store and Tx contracts. Backends return them, possibly
// wrapped with detail; callers test for them with errors.Is.
var (
	// ErrNotFound: Get found no value under the key.
	ErrNotFound = errors.New("store: not found")

	// ErrInvalid: a table name, key or value breaks the rules of CheckKey
	// or CheckValue. The wrapping error says which rule.
	ErrInvalid = errors.New("store: invalid")

	// ErrReadOnly: a write inside View.
	ErrReadOnly = errors.New("store: write in a read-only transaction")

	// ErrTxDone: a Tx used after its transaction's function returned.
	ErrTxDone = errors.New("store: transaction has ended")

	// ErrClosed: a transaction started on a closed store.
	ErrClosed = errors.New("store: closed")
)
