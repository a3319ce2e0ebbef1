package bolt

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"go.etcd.io/bbolt"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/treap"
)

// maxBatch bounds how many Updates share one commit, so that a steady
// stream of writers still sees its writes acknowledged.
const maxBatch = 128

// group gathers concurrent Updates into one commit: one log record and
// one fdatasync. Functions still run one at a time, each seeing the writes
// of those before it (one writer, so serializable); what is shared is the
// commit. A function that fails leaves no trace: its writes were made on
// its own copy of the batch's overlay, dropped.
type group struct {
	mu      sync.Mutex   // held while a function runs in the open batch
	waiting atomic.Int32 // Updates waiting for mu: they will commit the batch
	open    *batch       // the batch functions run in; nil between batches
	// hooked is closed once the last batch begun has run its AfterCommit
	// functions: the next batch runs its own after, in commit order.
	hooked chan struct{}
}

// batch is one commit shared by several Updates: the active layer its
// functions wrote, over the frozen one and the file as a bbolt read
// transaction shows it.
type batch struct {
	btx    *bbolt.Tx     // read-only
	tables overlay       // the published active layer and its functions' writes
	frozen overlay       // the published frozen layer
	count  int           // functions whose writes it holds
	log    []write       // those writes, in order: the log record
	done   chan struct{} // closed once committed (or failed) and hooked
	err    error         // the commit's outcome
	// hooks are each successful function's AfterCommit functions, in
	// order, and panics what one of them panicked with, by function: it
	// goes on up from that function's Update. previous is the hooked
	// channel of the batch begun before it.
	hooks          [][]func()
	panics         []any
	previous, hook chan struct{}
}

// write is one Put (or Delete, when deleted) of a function, for the log.
type write struct {
	table, key string
	value      []byte
	deleted    bool
}

// Update implements store.Store.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.waiting.Add(1)
	s.mu.Lock()
	s.waiting.Add(-1)
	b, err := s.batch()
	if err != nil {
		s.mu.Unlock()
		return err
	}
	t := &tx{btx: b.btx, Draft: treap.DraftOf(b.tables), frozen: b.frozen, log: &[]write{}, fileReads: &s.fileReads}
	panicked, err := run(ctx, t, fn)
	mine := len(b.hooks)
	if err == nil && panicked == nil {
		b.tables = t.Tables
		b.log = append(b.log, *t.log...)
		b.hooks = append(b.hooks, t.committed)
		b.count++
	}
	s.finish(b)
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return err
	}
	<-b.done
	if b.panics != nil && b.panics[mine] != nil {
		panic(b.panics[mine])
	}
	return b.err
}

// batch returns the open batch, beginning one when there is none. The
// caller holds mu.
func (s *Store) batch() (*batch, error) {
	if s.open != nil {
		return s.open, nil
	}
	s.writer.Lock()
	if s.closed {
		s.writer.Unlock()
		return nil, store.ErrClosed
	}
	// A checkpoint may write or end between these two, not freeze: writer
	// is held, and the file holds no more than the frozen layer does.
	v := s.published.Load()
	btx, err := s.beginRead()
	if err != nil {
		s.writer.Unlock()
		return nil, err
	}
	if s.hooked == nil {
		s.hooked = make(chan struct{})
		close(s.hooked)
	}
	s.open = &batch{btx: btx, tables: v.active, frozen: v.frozen, done: make(chan struct{}), previous: s.hooked, hook: make(chan struct{})}
	s.hooked = s.open.hook
	return s.open, nil
}

// run calls fn in t, returning its error (ctx's, when ctx ended before the
// commit) or what it panicked with.
func run(ctx context.Context, t *tx, fn func(store.Tx) error) (panicked any, err error) {
	defer func() {
		t.End()
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	if err := fn(t); err != nil {
		return nil, err
	}
	return nil, ctx.Err()
}

// finish releases mu, leaving the batch open when an Update is waiting to
// join it (it will finish it in turn), or committing it otherwise. The
// commit runs outside mu: Updates arriving meanwhile wait on writer and
// form the next batch.
func (s *Store) finish(b *batch) {
	if s.waiting.Load() > 0 && b.count < maxBatch {
		s.mu.Unlock()
		return
	}
	s.open = nil
	s.mu.Unlock()
	// Closed whatever happens, a panic included: the batches after wait
	// on hook, this one's Updates on done.
	defer close(b.done)
	defer close(b.hook)
	s.commitReleasing(b)
	<-b.previous // the batch before has run its functions
	if b.err == nil {
		for i, fns := range b.hooks {
			b.runHooks(i, fns)
		}
	}
}

// runHooks runs function i's AfterCommit functions until one panics,
// keeping the panic for function i's Update.
func (b *batch) runHooks(i int, fns []func()) {
	defer func() {
		if p := recover(); p != nil {
			if b.panics == nil {
				b.panics = make([]any, len(b.hooks))
			}
			b.panics[i] = p
		}
	}()
	for _, fn := range fns {
		fn()
	}
}

// commitReleasing commits b and releases writer, also when the commit
// panics (a bug), which then fails b's Updates and goes on up.
func (s *Store) commitReleasing(b *batch) {
	defer s.writer.Unlock()
	defer func() {
		if p := recover(); p != nil {
			b.err = fmt.Errorf("bolt: commit: %v", p)
			panic(p)
		}
	}()
	s.commit(b)
}

// commit makes the batch's writes durable in the log and publishes them,
// freezing the active layer when the log has grown long. Nothing written
// (or every function failed) commits nothing: what its functions read was
// committed before the batch began. The caller holds writer.
func (s *Store) commit(b *batch) {
	_ = b.btx.Rollback() // a checkpoint's write transaction must not wait on it
	if len(b.log) == 0 {
		return
	}
	if b.err = s.failure(); b.err != nil {
		return
	}
	if s.log.unnamed {
		if b.err = s.nameLog(); b.err != nil {
			return
		}
	}
	if b.err = s.log.append(b.log); b.err != nil {
		return
	}
	s.publish(func(v *version) { v.active = b.tables })
	if s.log.off >= s.checkpointAt {
		s.freeze()
	}
}
