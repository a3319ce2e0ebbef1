package bolt

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"go.etcd.io/bbolt"

	"github.com/amityhq/amity/internal/store"
)

// maxBatch bounds how many Updates share one commit, so that a steady
// stream of writers still sees its writes acknowledged.
const maxBatch = 128

// group gathers concurrent Updates into one bbolt transaction and one
// fsync. Functions still run one at a time, each seeing the writes of
// those before it (bbolt's single writer, so serializable as before);
// what is shared is the commit. A function that fails leaves no trace:
// the batch is rolled back and the writes of the functions before it are
// replayed from their log — the functions themselves are never run twice.
type group struct {
	mu      sync.Mutex   // held while a function runs in the open batch
	waiting atomic.Int32 // Updates waiting for mu: they will commit the batch
	open    *batch       // the batch functions run in; nil between batches
	// hooked is closed once the last batch begun has run its AfterCommit
	// functions: the next batch runs its own after, in commit order.
	hooked chan struct{}
}

// batch is one bbolt write transaction shared by several Updates.
type batch struct {
	btx   *bbolt.Tx
	count int           // functions whose writes it holds
	log   []write       // those writes, in order, for a replay
	done  chan struct{} // closed once committed (or failed) and hooked
	err   error         // the commit's outcome; set early when a replay failed
	// committed are its functions' AfterCommit functions, in order;
	// previous is the hooked channel of the batch begun before it.
	committed      []func()
	previous, hook chan struct{}
}

// write is one Put (or Delete, when deleted) of a function, kept for a
// replay after a later function of the batch fails.
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
	t := &tx{btx: b.btx, log: &[]write{}}
	panicked, err := run(ctx, t, fn)
	if err == nil && panicked == nil {
		b.log = append(b.log, *t.log...)
		b.committed = append(b.committed, t.committed...)
		b.count++
	} else if len(*t.log) > 0 && b.err == nil {
		b.err = s.replay(b)
	}
	s.finish(b)
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return err
	}
	<-b.done
	return b.err
}

// batch returns the open batch, beginning one when there is none. The
// caller holds mu.
func (s *Store) batch() (*batch, error) {
	if s.open != nil {
		return s.open, nil
	}
	btx, err := s.begin(true)
	if err != nil {
		return nil, err
	}
	if s.hooked == nil {
		s.hooked = make(chan struct{})
		close(s.hooked)
	}
	s.open = &batch{btx: btx, done: make(chan struct{}), previous: s.hooked, hook: make(chan struct{})}
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

// replay undoes the last function's writes: it rolls the batch back and
// writes again what the functions before it wrote. The caller holds mu,
// so no other writer takes bbolt's write lock in between.
func (s *Store) replay(b *batch) error {
	_ = b.btx.Rollback()
	btx, err := s.begin(true)
	if err != nil {
		b.btx = nil
		return err
	}
	b.btx = btx
	for _, w := range b.log {
		bucket, err := btx.CreateBucketIfNotExists([]byte(w.table))
		if err == nil {
			if w.deleted {
				err = bucket.Delete([]byte(w.key))
			} else {
				err = bucket.Put([]byte(w.key), w.value)
			}
		}
		if err != nil {
			return fmt.Errorf("bolt: replay: %w", err)
		}
	}
	return nil
}

// finish releases mu, leaving the batch open when an Update is waiting to
// join it (it will finish it in turn), or committing it otherwise. The
// commit runs outside mu: Updates arriving meanwhile wait on bbolt's write
// lock and form the next batch.
func (s *Store) finish(b *batch) {
	if b.err == nil && s.waiting.Load() > 0 && b.count < maxBatch {
		s.mu.Unlock()
		return
	}
	s.open = nil
	s.mu.Unlock()
	switch {
	case b.err != nil: // a replay failed: the batch's writes are lost, and its Updates fail
		if b.btx != nil {
			_ = b.btx.Rollback()
		}
	case len(b.log) == 0:
		// Nothing written (or every function failed): there is nothing
		// to make durable, and a commit would still write and sync the
		// meta page — an Update that only looked (ImageBuilder's Recover
		// at every start, a purge that found nothing) paid two syncs.
		// What its functions read was committed before the batch began.
		_ = b.btx.Rollback()
	default:
		if err := b.btx.Commit(); err != nil {
			b.err = fmt.Errorf("bolt: commit: %w", err)
		}
	}
	<-b.previous // the batch before has run its functions
	if b.err == nil {
		for _, fn := range b.committed {
			fn()
		}
	}
	close(b.hook)
	close(b.done)
}
