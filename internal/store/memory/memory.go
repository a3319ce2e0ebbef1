// Package memory is a store.Store held in memory, for state thrown away
// at exit (amity serve --ephemeral, and the tests): every contract of
// package store but durability, at the cost of map and tree operations
// instead of a database file's pages and system calls.
//
// Each table is a persistent treap: an Update changes a copy of the path
// to what it writes and publishes the new roots when it commits, so a View
// reads the roots committed when it began, untouched by Updates running
// meanwhile, without locks.
package memory

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/treap"
)

// State is what a Store holds. A Store opened over a State after another
// was closed sees what that one committed.
type State struct {
	committed atomic.Pointer[tables]
}

// tables are the roots of a committed state's tables, by name. Never
// changed once published: an Update writes a copy.
type tables = treap.Tables[[]byte]

// Store is a store.Store over a State.
type Store struct {
	state *State
	// writer is held by one Update at a time, from its function to its
	// AfterCommit functions: Updates are serial, and their AfterCommit
	// functions run in commit order.
	writer sync.Mutex
	// life is read-held by every running transaction and write-held by
	// Close, which so waits for them.
	life   sync.RWMutex
	closed bool
}

var _ store.Store = (*Store)(nil)

// New returns a Store over empty state.
func New() *Store { return Open(new(State)) }

// Open returns a Store over st.
func Open(st *State) *Store { return &Store{state: st} }

// enter marks a transaction as running; false once the store is closed.
func (s *Store) enter() bool {
	s.life.RLock()
	if s.closed {
		s.life.RUnlock()
		return false
	}
	return true
}

func (s *Store) leave() { s.life.RUnlock() }

func (s *Store) snapshot() tables {
	if t := s.state.committed.Load(); t != nil {
		return *t
	}
	return nil
}

// View implements store.Store.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.leave()
	t := &tx{TxState: store.TxState{ReadOnly: true}, Draft: treap.DraftOf(s.snapshot())}
	defer t.End()
	return fn(t)
}

// Update implements store.Store.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.leave()
	s.writer.Lock()
	defer s.writer.Unlock()
	t := &tx{Draft: treap.DraftOf(s.snapshot())}
	if err := run(ctx, t, fn); err != nil {
		return err
	}
	if t.Changed() {
		s.state.committed.Store(&t.Tables)
	}
	for _, f := range t.committed {
		f()
	}
	return nil
}

// run calls fn in t and returns its error, or ctx's when ctx ended before
// the commit. A panic in fn goes on up, with nothing committed.
func run(ctx context.Context, t *tx, fn func(store.Tx) error) error {
	defer t.End()
	if err := fn(t); err != nil {
		return err
	}
	return ctx.Err()
}

// Close implements store.Store: it waits for running transactions to end.
func (s *Store) Close() error {
	s.life.Lock()
	s.closed = true
	s.life.Unlock()
	return nil
}
