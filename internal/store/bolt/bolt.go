// Package bolt is the embedded store.Store: one bbolt file in the data
// directory and its write-ahead log beside it.
//
// Every Update is made durable before it returns — one record appended to
// the log and synced (wal.go) — so an acknowledged Update survives kill
// -9 and power loss; Updates that arrive while a commit is syncing share
// the next one (group commit: see group.go), which is what makes
// concurrent writers cheap. Writes since the last checkpoint are read from
// memory (overlay.go); a checkpoint writes them into the bbolt file in
// the background every MiB of log, and Open replays the logs a crash
// left. The file is
// locked while open: a second process opening it fails with ErrLocked
// after a short wait instead of hanging. Each table is a top-level bbolt
// bucket, created by its first Put.
package bolt

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/treap"
)

// ErrLocked: the file is held open by another process (or another Store in
// this one).
var ErrLocked = errors.New("bolt: database file is in use")

// Store is a store.Store kept in one bbolt file and its two logs.
type Store struct {
	db *bbolt.DB
	// log is the active log, commits' (under writer); spare the other
	// file: the frozen layer's log while a checkpoint writes it, else free.
	log, spare *wal
	// published is the overlay as of the last commit, freeze or
	// checkpoint's end; pub orders its changes.
	published atomic.Pointer[version]
	pub       sync.Mutex
	// epoch is odd while a checkpoint writes the file, and grows by two
	// with each: a View whose reading of published and beginning of its
	// bbolt transaction a checkpoint overlapped might pair an overlay with
	// a file holding later writes, and begins again.
	epoch atomic.Uint64
	// checkpointing is closed when the last checkpoint begun in the
	// background has ended; nil before the first (under writer).
	checkpointing chan struct{}
	// failed is a checkpoint's failure, which fails every later commit.
	failed atomic.Pointer[error]
	// writer is held by a batch from its beginning to its commit's
	// publication (and freeze), and by Close: one batch writes at a time,
	// each seeing the one before.
	writer          sync.Mutex
	closed          bool  // set by Close, under writer
	checkpointAt    int64 // the log length that freezes the active layer
	checkpointChunk int   // entries a checkpoint's commit writes
	// fileReads counts the transactions' reads that reached the file (a
	// Get the overlay did not answer; a Scan's seek in the file and each
	// entry of it the Scan steps over);
	// readsAtCheckpoint is its count when the last checkpoint ended
	// (unmapPages).
	fileReads         atomic.Int64
	readsAtCheckpoint int64
	// beforeChunk, when a test sets it (under writer), runs in each
	// checkpoint begun in the background before each of its commits,
	// given its number.
	beforeChunk func(chunk int)
	group
}

var _ store.Store = (*Store)(nil)

// Open opens the database file at path, creating it with mode 0600 when it
// does not exist. When another process holds the file, Open waits up to
// lockWait for it (at least one attempt is made) and then fails with an
// error wrapping ErrLocked.
//
// The free page list is written with every commit. Not writing it (as
// etcd runs bbolt) halved a durable write when writers committed to
// bbolt; now they commit to the log, bbolt commits only in background
// checkpoints, which take no longer with it (BenchmarkCheckpoint100k),
// while an open without it rebuilt the list by reading every page of the
// file: 52-55 ms and ~70 MB resident for a 70 MB file, now 4.3-4.5 ms
// (BenchmarkOpenLarge); 160 MB resident at idle after a restart over a
// 210 MB data directory, now 28. The first open of a file written without
// the list rebuilds it once.
func Open(path string, lockWait time.Duration) (*Store, error) {
	// bbolt treats a zero timeout as "wait forever"; never ask for that.
	return open(path, &bbolt.Options{Timeout: max(lockWait, time.Nanosecond), InitialMmapSize: mmapSize,
		NoFreelistSync: false, FreelistType: bbolt.FreelistMapType})
}

func open(path string, opts *bbolt.Options) (*Store, error) {
	db, err := bbolt.Open(path, 0o600, opts)
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s is locked by another process (waited %v); is another amity running on this data directory?", ErrLocked, path, opts.Timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("bolt: open %s: %w", path, err)
	}
	s := &Store{db: db, log: &wal{path: path + walSuffix, fs: osFS{}}, spare: &wal{path: path + walSuffix + "2", fs: osFS{}},
		checkpointAt: checkpointAt, checkpointChunk: checkpointChunk}
	s.published.Store(&version{})
	if err := s.replay(); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}

// replay writes into the file what the logs hold that it does not: the
// records of the generation it expects and of the one after (a crash in
// a background checkpoint leaves both), checkpointed, the active log then
// starting the generation after those.
func (s *Store) replay() error {
	var gen uint64
	var named bool
	if err := s.db.View(func(btx *bbolt.Tx) error { gen, named = walGeneration(btx); return nil }); err != nil {
		return fmt.Errorf("bolt: open: %w", err)
	}
	s.log.restart(gen)
	s.log.unnamed = !named
	ov := overlay{}
	var logs [2][]byte
	for i, path := range []string{s.log.path, s.spare.path} {
		var err error
		if logs[i], err = readLog(path); err != nil {
			return err
		}
	}
	for _, g := range []uint64{gen, gen + 1} {
		records, err := logRecords(logs, g)
		if err != nil {
			return err
		}
		for _, rec := range records {
			for _, w := range rec {
				ov[w.table] = treap.Insert(ov[w.table], w.key, entry{value: w.value, deleted: w.deleted})
			}
		}
	}
	if len(ov) > 0 {
		s.published.Store(&version{active: ov})
		s.log.restart(gen + 1) // checkpointed as gen+2: no file holds it
		if err := s.checkpointActive(); err != nil {
			return fmt.Errorf("bolt: replay the log: %w", err)
		}
	}
	// Nothing in the logs is needed any more.
	s.log.cutStale()
	s.spare.cutStale()
	return nil
}

// logRecords is generation gen's records from whichever of the log files'
// data holds them (a log written before there were two is the first).
func logRecords(logs [2][]byte, gen uint64) ([][]write, error) {
	first, err := walRecords(logs[0], gen)
	if err != nil {
		return nil, err
	}
	second, err := walRecords(logs[1], gen)
	if err != nil {
		return nil, err
	}
	if len(first) > 0 && len(second) > 0 {
		return nil, fmt.Errorf("bolt: both logs hold records of generation %d", gen)
	}
	return append(first, second...), nil
}

// View implements store.Store.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ov, btx, err := s.snapshot()
	if err != nil {
		return err
	}
	defer btx.Rollback() // a read transaction ends by rolling back
	t := &tx{TxState: store.TxState{ReadOnly: true}, btx: btx, Draft: treap.DraftOf(ov.active), frozen: ov.frozen, fileReads: &s.fileReads}
	defer t.End()
	return fn(t)
}

// snapshot is an overlay and the file under it: the published overlay and
// a bbolt read transaction begun after it, with no checkpoint in between
// but the one writing that overlay's frozen layer.
func (s *Store) snapshot() (version, *bbolt.Tx, error) {
	for {
		epoch := s.epoch.Load()
		ov := *s.published.Load()
		btx, err := s.beginRead()
		if err != nil || s.epoch.Load() == epoch {
			return ov, btx, err
		}
		_ = btx.Rollback()
	}
}

// beginRead starts a bbolt read transaction (the file is written only by
// checkpoints), turning bbolt's "not open" into store.ErrClosed.
func (s *Store) beginRead() (*bbolt.Tx, error) {
	btx, err := s.db.Begin(false)
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return nil, store.ErrClosed
	}
	if err != nil {
		return nil, fmt.Errorf("bolt: begin: %w", err)
	}
	return btx, nil
}

// Close implements store.Store. It waits for a checkpoint running and
// checkpoints what the active log holds, so that the next Open has
// nothing to replay.
func (s *Store) Close() error {
	s.writer.Lock()
	defer s.writer.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.waitCheckpoint()
	err := s.failure() // a checkpoint failed: the next Open replays the logs
	if len(s.published.Load().active) > 0 && s.log.err == nil && err == nil {
		err = s.checkpointActive()
	}
	if cerr := s.db.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("bolt: close: %w", cerr))
	}
	return errors.Join(err, s.log.close(), s.spare.close())
}
