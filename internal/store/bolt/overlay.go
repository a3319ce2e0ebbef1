package bolt

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/treap"
)

// The overlay is what the logs hold and the database file not yet: every
// write committed since the last checkpoint, in memory, by table, in
// persistent treaps (so a View reads the version published when it began
// while commits publish new ones). Reads look in the overlay first (a
// deleted key is a tombstone there), then in the file.
//
// It has two layers. Commits write the active one, whose records go to
// the active log. Once that log has grown long, a commit freezes the
// layer — the log's next generation starts in the other file, the active
// layer starts empty — and a checkpoint writes the frozen layer into the
// file in the background, in synced bbolt commits, the last moving the
// file to the next generation; then the frozen layer is dropped and its
// log's file is free for the generation after. Writers never wait for a
// checkpoint (unless one falls far behind: backlog), readers never do.
// A crash in a checkpoint leaves the file with some of the frozen layer's
// entries, its log whole and the next generation's log after it: Open
// replays both, which end where the overlay did.

// checkpointAt is the log's length that makes the commit reaching it
// checkpoint (Store.checkpointAt, which tests lower): it bounds the
// overlay's memory, and the logs' replay at Open, to about a MiB of
// records, two while a checkpoint runs, up to backlog+1 when one falls
// behind (with 4 MiB, 10,000 KMS keys cost 0.6 KiB of memory more each).
const checkpointAt = 1 << 20

// checkpointChunk is how many entries a checkpoint writes in one commit
// (Store.checkpointChunk, which tests lower).
const checkpointChunk = 1024

// backlog is how many times checkpointAt the active log may grow to while
// a checkpoint still runs before a commit waits for it: it bounds the
// overlay's memory when the file cannot keep up.
const backlog = 8

// walGenBucket holds, under walGenKey, the generation of the log whose
// records the file does not hold yet. Its name is longer than any table's
// may be, so no table is it.
var (
	walGenBucket = []byte(strings.Repeat("\x00", store.MaxTableLen) + "bolt: write-ahead log")
	walGenKey    = []byte("generation")
)

// entry is a key's latest write: its value, or its deletion.
type entry struct {
	value   []byte
	deleted bool
}

// overlay is a version of a layer: table → treap. Never changed once
// published: an Update changes a copy (treap.Draft).
type overlay = treap.Tables[entry]

// version is the overlay as a commit, a freeze or a checkpoint's end
// publishes it.
type version struct {
	active overlay // written in the active log's generation
	frozen overlay // the generation a checkpoint writes; nil when none runs
}

// walGeneration reads the log generation the file expects; named is
// false for a file that expects none yet (0).
func walGeneration(btx *bbolt.Tx) (gen uint64, named bool) {
	if b := btx.Bucket(walGenBucket); b != nil {
		if v := b.Get(walGenKey); len(v) == 8 {
			return binary.LittleEndian.Uint64(v), true
		}
	}
	return 0, false
}

// nameLog gives a database file that expects no generation yet a random
// one, before the log's first record: a log left by another database
// file at this path (deleted to start afresh) has other generations, and
// its records never come back. Once in a file's life, at its first write:
// a start over a fresh directory commits nothing.
func (s *Store) nameLog() error {
	gen := rand.Uint64() | 1<<63 // not 0, the generation of a file not named yet
	if err := s.db.Update(func(btx *bbolt.Tx) error { return setWALGeneration(btx, gen) }); err != nil {
		return fmt.Errorf("bolt: name the log: %w", err)
	}
	s.log.restart(gen)
	s.log.unnamed = false
	return nil
}

// freeze makes the active layer the frozen one and starts its checkpoint
// in the background, the active log's next generation in the other file
// (its own generation is in the database file). When a checkpoint
// still runs, the active log grows on, up to backlog. The caller holds
// writer.
func (s *Store) freeze() {
	if s.checkpointRunning() {
		if s.log.off < backlog*s.checkpointAt {
			return
		}
		s.waitCheckpoint()
	}
	if s.failure() != nil {
		return // the next commit fails
	}
	frozen, frozenLog, next := s.published.Load().active, s.log, s.log.gen+1
	s.log, s.spare = s.spare, s.log
	s.log.restart(next)
	s.publish(func(v *version) { v.active, v.frozen = nil, frozen })
	done := make(chan struct{})
	s.checkpointing = done
	go func(chunk int, hook func(int)) {
		defer close(done)
		if s.checkpoint(frozen, next, chunk, hook) == nil {
			s.publish(func(v *version) { v.frozen = nil })
			frozenLog.shrink()
		}
	}(s.checkpointChunk, s.beforeChunk)
}

// checkpointRunning reports whether the checkpoint last begun in the
// background still runs. The caller holds writer.
func (s *Store) checkpointRunning() bool {
	select {
	case <-s.checkpointing: // closed: ended (a nil channel never is)
		return false
	default:
		return s.checkpointing != nil
	}
}

// waitCheckpoint waits for the checkpoint last begun in the background
// to end. The caller holds writer: none begins meanwhile.
func (s *Store) waitCheckpoint() {
	if s.checkpointing != nil {
		<-s.checkpointing
	}
}

// checkpointActive writes the active layer into the file and starts the
// active log's next generation, in the caller's time: at Close, and at
// Open for what the logs held. The caller holds writer, and no
// checkpoint runs.
func (s *Store) checkpointActive() error {
	next := s.log.gen + 1
	if err := s.checkpoint(s.published.Load().active, next, s.checkpointChunk, nil); err != nil {
		return err
	}
	s.publish(func(v *version) { v.active = nil })
	s.log.restart(next)
	s.log.unnamed = false
	s.log.shrink()
	return nil
}

// checkpoint writes ov into the file and moves it to generation next
// (beforeChunk, a test's, runs before each commit with its number).
//
// The entries go in key order, table by table, in commits of chunk: a
// commit's dirty pages are those of neighbouring keys, written once each,
// and the heap bbolt needs for them stays small (one commit of a whole
// overlay of random keys wanted a page buffer per leaf of the tree, tens
// of MiB that the process then kept). Only the last commit moves the file
// to the next generation: after a crash between two, Open replays ov's
// whole generation, which ends where ov did.
//
// Views do not wait: one that began with ov published reads any state of
// the file between as ov says; one whose beginning a checkpoint
// overlapped begins again (see Store.epoch).
//
// A failure fails every later commit (failure): after a failed bbolt
// commit the file may hold the next generation, and bbolt's own state is
// not to be trusted; a restart replays the logs.
func (s *Store) checkpoint(ov overlay, next uint64, chunkSize int, beforeChunk func(int)) error {
	s.epoch.Add(1)
	defer s.epoch.Add(1)
	type pending struct {
		table string
		n     *treap.Node[entry]
	}
	chunk := make([]pending, 0, chunkSize)
	commits, written := 0, 0
	commit := func(last bool) error {
		if beforeChunk != nil {
			beforeChunk(commits)
		}
		commits++
		written += len(chunk)
		return s.db.Update(func(btx *bbolt.Tx) error {
			for _, p := range chunk {
				if err := applyWrite(btx, p.table, p.n.Key, p.n.Value); err != nil {
					return err
				}
			}
			if last {
				return setWALGeneration(btx, next)
			}
			return nil
		})
	}
	var err error
	for _, table := range slices.Sorted(maps.Keys(ov)) {
		treap.Ascend(ov[table], func(n *treap.Node[entry]) bool {
			if chunk = append(chunk, pending{table, n}); len(chunk) == chunkSize {
				err, chunk = commit(false), chunk[:0]
			}
			return err == nil
		})
		if err != nil {
			break
		}
	}
	if err == nil {
		err = commit(true)
	}
	if err == nil {
		s.unmapPages(written)
	}
	if err != nil {
		err = fmt.Errorf("bolt: checkpoint: %w (restart amity: the log keeps what was acknowledged)", err)
		s.failed.CompareAndSwap(nil, &err)
	}
	return err
}

// failure is a failed checkpoint's error, once one failed.
func (s *Store) failure() error {
	if err := s.failed.Load(); err != nil {
		return *err
	}
	return nil
}

// publish makes the overlay readers and the next batch see the
// published one as change leaves it: commits and freezes (under writer)
// and a checkpoint's end (not) each change their own layer.
func (s *Store) publish(change func(v *version)) {
	s.pub.Lock()
	defer s.pub.Unlock()
	v := *s.published.Load()
	change(&v)
	s.published.Store(&v)
}

func applyWrite(btx *bbolt.Tx, table, key string, e entry) error {
	if e.deleted {
		if b := btx.Bucket([]byte(table)); b != nil {
			return b.Delete([]byte(key))
		}
		return nil
	}
	b, err := btx.CreateBucketIfNotExists([]byte(table))
	if err != nil {
		return err
	}
	return b.Put([]byte(key), e.value)
}

func setWALGeneration(btx *bbolt.Tx, gen uint64) error {
	b, err := btx.CreateBucketIfNotExists(walGenBucket)
	if err != nil {
		return err
	}
	return b.Put(walGenKey, binary.LittleEndian.AppendUint64(nil, gen))
}
