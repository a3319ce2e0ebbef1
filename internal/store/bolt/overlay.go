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

// The overlay is what the log holds and the database file not yet: every
// write committed since the last checkpoint, in memory, by table, in
// persistent treaps (so a View reads the version published when it began
// while commits publish new ones). Reads look in the overlay first (a
// deleted key is a tombstone there), then in the file. A checkpoint
// writes the overlay into the file in synced bbolt commits and starts the
// log over; between checkpoints the file is not written at all. A crash
// in a checkpoint leaves the file with some of the overlay's entries and
// the log whole: Open replays the generation over them, which ends where
// the overlay did.

// checkpointAt is the log's length that makes the commit reaching it
// checkpoint (Store.checkpointAt, which tests lower): it bounds the
// overlay's memory, and the log's replay at Open, to about a MiB (with 4
// MiB, 10,000 KMS keys cost 0.6 KiB of memory more each).
const checkpointAt = 1 << 20

// checkpointChunk is how many entries a checkpoint writes in one commit
// (Store.checkpointChunk, which tests lower).
const checkpointChunk = 1024

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

// overlay is a version of the overlay: table → treap. Never changed once
// published: an Update changes a copy (tx.setRoot).
type overlay = treap.Tables[entry]

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

// checkpoint writes the published overlay into the file and starts the
// log's next generation. The caller holds writer, and no bbolt
// transaction of its own.
//
// The entries go in key order, table by table, in commits of
// checkpointChunk: a commit's dirty pages are those of neighbouring keys,
// written once each, and the heap bbolt needs for them stays small (one
// commit of a whole overlay of random keys wanted a page buffer per leaf
// of the tree, tens of MiB that the process then kept). Only the last
// commit moves the file to the next generation: after a crash between
// two, Open replays the whole generation, which ends where the overlay
// did.
//
// Views do not wait: one that began with the overlay being written (the
// last published) reads any state of the file between as the overlay
// says; one whose beginning a checkpoint overlapped begins again (see
// Store.epoch).
//
// A failure fails every later commit (the log's sticky error): after a
// failed bbolt commit the file may hold the next generation without its
// log restarted, and bbolt's own state is not to be trusted; a restart
// replays the log.
func (s *Store) checkpoint() error {
	s.epoch.Add(1)
	defer s.epoch.Add(1)
	ov := *s.published.Load()
	type pending struct {
		table string
		n     *treap.Node[entry]
	}
	chunk := make([]pending, 0, s.checkpointChunk)
	commit := func(last bool) error {
		return s.db.Update(func(btx *bbolt.Tx) error {
			for _, p := range chunk {
				if err := applyWrite(btx, p.table, p.n.Key, p.n.Value); err != nil {
					return err
				}
			}
			if last {
				return setWALGeneration(btx, s.log.gen+1)
			}
			return nil
		})
	}
	var err error
	for _, table := range slices.Sorted(maps.Keys(ov)) {
		treap.Ascend(ov[table], func(n *treap.Node[entry]) bool {
			if chunk = append(chunk, pending{table, n}); len(chunk) == s.checkpointChunk {
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
	if err != nil {
		s.log.err = fmt.Errorf("bolt: checkpoint: %w (restart amity: the log keeps what was acknowledged)", err)
		return s.log.err
	}
	s.published.Store(&overlay{})
	s.log.restart(s.log.gen + 1)
	s.log.unnamed = false
	s.log.shrink()
	return nil
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
