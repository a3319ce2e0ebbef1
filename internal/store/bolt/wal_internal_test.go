package bolt

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/treap"
)

// mustOpen opens the store at path.
func mustOpen(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// crash closes s as a kill would leave it: no checkpoint but the one
// running in the background, which it lets finish, the logs as written.
func crash(t *testing.T, s *Store) {
	t.Helper()
	WaitCheckpoint(s)
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(s.log.close(), s.spare.close()); err != nil {
		t.Fatal(err)
	}
}

func update(t *testing.T, s *Store, fn func(store.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func put(k, v string) func(store.Tx) error {
	return func(tx store.Tx) error { return tx.Put("t", k, []byte(v)) }
}

// values is "key=value " for each of keys s holds, by Get.
func values(t *testing.T, s *Store, keys ...string) string {
	t.Helper()
	var got string
	err := s.View(context.Background(), func(tx store.Tx) error {
		for _, k := range keys {
			if v, err := tx.Get("t", k); err == nil {
				got += k + "=" + string(v) + " "
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// scanned is "key=value " for each key of table t, by Scan.
func scanned(t *testing.T, s *Store) string {
	t.Helper()
	var got string
	if err := s.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan("t", "", "", func(k string, v []byte) (bool, error) { got += k + "=" + string(v) + " "; return true, nil })
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestLogReplayStopsAtATornRecord: after a crash, Open replays the log's
// whole records and stops at one torn; the generation after the replay is
// written over the old one, whose records are never replayed again.
func TestLogReplayStopsAtATornRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "torn.db")
	s := mustOpen(t, path)
	update(t, s, put("x", "1234567")) // 37 bytes, as the record written over it below
	first := s.log.off
	update(t, s, put("b", "vb"))
	update(t, s, put("c", "vc"))
	end := s.log.off
	crash(t, s)
	// Tear c's record: its last byte never reached the disk.
	f, err := os.OpenFile(path+walSuffix, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0xff}, end-1); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s = mustOpen(t, path)
	if got := values(t, s, "x", "b", "c"); got != "x=1234567 b=vb " {
		t.Fatalf("after the torn record, the store holds %q, want xb", got)
	}
	// The next generation's first record, exactly over x's, deletes b:
	// b's record, of the generation replayed, follows it in the file, in
	// the place of the next record, and must stay dead.
	update(t, s, func(tx store.Tx) error { return errors.Join(tx.Delete("t", "b"), tx.Put("t", "d", []byte("vd"))) })
	if s.log.off != first {
		t.Fatalf("the second generation's record is %d bytes, want %d", s.log.off, first)
	}
	crash(t, s)
	s = mustOpen(t, path)
	defer s.Close()
	if got := values(t, s, "x", "b", "c", "d"); got != "x=1234567 d=vd " {
		t.Fatalf("after the second crash, the store holds %q, want xd", got)
	}
}

// FuzzReadWAL: whatever a log file holds, reading it returns records or an
// error, and never panics.
func FuzzReadWAL(f *testing.F) {
	dir := f.TempDir()
	s, err := Open(filepath.Join(dir, "seed.db"), time.Second)
	if err != nil {
		f.Fatal(err)
	}
	for i := range 3 {
		if err := s.Update(context.Background(), func(tx store.Tx) error {
			return errors.Join(tx.Put("t", fmt.Sprint(i), []byte("value")), tx.Delete("t", fmt.Sprint(i-1)))
		}); err != nil {
			f.Fatal(err)
		}
	}
	end := s.log.off
	seed, err := os.ReadFile(filepath.Join(dir, "seed.db"+walSuffix))
	if err != nil {
		f.Fatal(err)
	}
	if err := s.Close(); err != nil {
		f.Fatal(err)
	}
	f.Add(seed[:end])
	f.Add(seed[:end-3])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if records, err := walRecords(data, 0); err != nil && records != nil {
			t.Errorf("records %v with error %v", records, err)
		}
	})
}

// TestReplayAfterAPartialCheckpoint: a crash between a checkpoint's
// commits leaves the file with some of the overlay's entries and the old
// generation; Open replays the whole generation over them and ends where
// the overlay did — the records' intermediate values included.
func TestReplayAfterAPartialCheckpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "partial.db")
	s := mustOpen(t, path)
	update(t, s, put("a", "1"))
	update(t, s, put("b", "1"))
	update(t, s, func(tx store.Tx) error { return errors.Join(tx.Delete("t", "a"), tx.Put("t", "c", []byte("1"))) })
	update(t, s, put("b", "2"))
	// The first commit of a checkpoint in chunks of two: a's deletion and
	// b's last value, the generation unchanged.
	ov := s.published.Load().active
	if err := s.db.Update(func(btx *bbolt.Tx) error {
		for _, k := range []string{"a", "b"} {
			if err := applyWrite(btx, "t", k, treap.Find(ov["t"], k).Value); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	crash(t, s)
	s = mustOpen(t, path)
	defer s.Close()
	if got := scanned(t, s); got != "b=2 c=1 " {
		t.Errorf("after the replay: %q, want b=2 c=1", got)
	}
}

// TestFailedCheckpointIsSticky: a checkpoint whose commit fails — here
// the first, with a table bbolt refuses, before chunks it would take, in
// commits of two — reports it (a later chunk's success must not hide it),
// leaves the file at its generation, and fails every later Update; a
// restart replays the logs, whole. Both a checkpoint in the background
// and one in the caller's time (Close's).
func TestFailedCheckpointIsSticky(t *testing.T) {
	for _, background := range []bool{true, false} {
		t.Run(fmt.Sprint("background ", background), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "failed.db")
			s := mustOpen(t, path)
			SetCheckpoint(s, 1<<30, 2)
			for _, table := range []string{"a", "c"} {
				for _, k := range []string{"1", "2", "3"} {
					update(t, s, func(tx store.Tx) error { return tx.Put(table, k, []byte(k)) })
				}
			}
			before := generation(t, s)
			ov := maps.Clone(s.published.Load().active)
			ov["b"] = treap.Insert[entry](nil, "1", entry{value: []byte("1")})
			ov[""] = treap.Insert[entry](nil, "1", entry{value: []byte("1")})
			s.published.Store(&version{active: ov})
			var err error
			if background {
				SetCheckpoint(s, 1, 2)
				update(t, s, put("e", "1")) // freezes: the checkpoint fails
				WaitCheckpoint(s)
				err = s.failure()
			} else {
				s.writer.Lock()
				err = s.checkpointActive()
				s.writer.Unlock()
			}
			if err == nil {
				t.Fatal("a checkpoint with a commit bbolt refused succeeded")
			}
			if err := s.Update(context.Background(), put("d", "1")); err == nil {
				t.Fatal("an Update after a failed checkpoint succeeded")
			}
			if gen := generation(t, s); gen != before {
				t.Errorf("the file moved from generation %d to %d", before, gen)
			}
			crash(t, s)
			s = mustOpen(t, path)
			defer s.Close()
			err = s.View(context.Background(), func(tx store.Tx) error {
				for _, table := range []string{"a", "c"} {
					for _, k := range []string{"1", "2", "3"} {
						if _, err := tx.Get(table, k); err != nil {
							return fmt.Errorf("%s/%s: %w", table, k, err)
						}
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// generation is the log generation s's file expects.
func generation(t *testing.T, s *Store) (gen uint64) {
	t.Helper()
	if err := s.db.View(func(btx *bbolt.Tx) error { gen, _ = walGeneration(btx); return nil }); err != nil {
		t.Fatal(err)
	}
	return gen
}

// TestNewDatabaseIgnoresAnOldLog: a log left beside a deleted database
// file (someone starting afresh) does not come back into the new one.
func TestNewDatabaseIgnoresAnOldLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fresh.db")
	s := mustOpen(t, path)
	update(t, s, put("old", "1"))
	crash(t, s)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, path)
	defer s.Close()
	if got := values(t, s, "old"); got != "" {
		t.Error("the old log's record came back into a new database file")
	}
}

// TestOpenCutsALogALargeBatchGrew: a batch of 9 MiB grows the log; after a
// crash, Open replays it and cuts the file back to one chunk, giving the
// disk space back.
func TestOpenCutsALogALargeBatchGrew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "large.db")
	s := mustOpen(t, path)
	SetCheckpoint(s, 1<<40, 1024) // no checkpoint cuts it before the crash
	big := make([]byte, 9<<20)
	update(t, s, put("big", string(big)))
	crash(t, s)
	s = mustOpen(t, path)
	defer s.Close()
	if got := values(t, s, "big"); len(got) != len("big= ")+len(big) {
		t.Errorf("the large value came back with %d bytes", len(got))
	}
	info, err := os.Stat(path + walSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() != walChunk {
		t.Errorf("after Open the log is %d bytes, want %d", info.Size(), walChunk)
	}
}

// TestRecordSizeIsTheRecordsLength: the size a record's buffer is grown to
// first is its length, across the lengths where a uvarint takes another
// byte.
func TestRecordSizeIsTheRecordsLength(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	var writes []write
	for _, n := range []int{0, 1, 127, 128, 16383, 16384, 70000} {
		writes = append(writes,
			write{table: "t", key: fmt.Sprint("k", n), value: make([]byte, n)},
			write{table: string(make([]byte, n%300+1)), key: string(make([]byte, n)), deleted: true})
	}
	for i := range writes {
		before := s.log.off
		if err := s.log.append(writes[:i+1]); err != nil {
			t.Fatal(err)
		}
		if got, want := recordSize(writes[:i+1]), int(s.log.off-before); got != want {
			t.Errorf("%d writes: recordSize %d, record %d bytes", i+1, got, want)
		}
	}
}

// TestReadLogReadsOnlyItsRecords: Open reads a log file's records, not the
// zeros of its chunk after them, nor an earlier generation's records past
// the end of the one written over them.
func TestReadLogReadsOnlyItsRecords(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "db"))
	defer s.Close()
	writes := []write{{table: "t", key: "k", value: make([]byte, 3000)}}
	for range 5 {
		if err := s.log.append(writes); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string) {
		t.Helper()
		data, err := readLog(s.log.path)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(data)) != s.log.off {
			t.Errorf("%s: read %d bytes, the records are %d", when, len(data), s.log.off)
		}
	}
	check("records, then zeros")
	s.log.restart(s.log.gen + 2)
	if err := s.log.append(writes[:1]); err != nil {
		t.Fatal(err)
	}
	check("a generation written over a longer one")
}
