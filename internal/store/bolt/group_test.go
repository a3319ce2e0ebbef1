package bolt_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// TestGroupCommitKeepsEachUpdateWhole: concurrent Updates share commits,
// yet each one's writes are there exactly when it succeeded — a function
// that fails or panics after writing, in the middle of a batch, leaves
// nothing and takes nothing of the others with it — and each function
// runs exactly once.
func TestGroupCommitKeepsEachUpdateWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "group.db")
	s := openStore(t, path)
	bolt.SetCheckpoint(s, 16<<10, 7) // checkpoints among the batches
	// The first write names the log's first generation (random).
	if err := update(s, func(tx store.Tx) error { return tx.Put("t", "counter", []byte("0")) }); err != nil {
		t.Fatal(err)
	}
	start := bolt.Checkpoints(s)
	errFail := errors.New("refused")
	const writers, each = 16, 60
	var calls atomic.Int64
	outcome := make([][]error, writers)
	var wg sync.WaitGroup
	for w := range writers {
		outcome[w] = make([]error, each)
		wg.Go(func() {
			for i := range each {
				key := fmt.Sprintf("w%02d/%03d", w, i)
				outcome[w][i] = update(s, func(tx store.Tx) error {
					calls.Add(1)
					if err := tx.Put("t", key, []byte(key)); err != nil {
						return err
					}
					// Reads see the writes before them: the counter
					// increments serially.
					n := 0
					if v, err := tx.Get("t", "counter"); err == nil {
						fmt.Sscan(string(v), &n)
					}
					if err := tx.Put("t", "counter", fmt.Appendf(nil, "%d", n+1)); err != nil {
						return err
					}
					switch i % 5 {
					case 1:
						return errFail
					case 3:
						panic("a function's bug")
					}
					return nil
				})
			}
		})
	}
	wg.Wait()
	if got := calls.Load(); got != writers*each {
		t.Errorf("functions ran %d times, want %d", got, writers*each)
	}
	if bolt.Checkpoints(s) == start {
		t.Error("no checkpoint among the batches")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, path)
	defer s.Close()
	succeeded := 0
	err := s.View(context.Background(), func(tx store.Tx) error {
		for w := range writers {
			for i := range each {
				key := fmt.Sprintf("w%02d/%03d", w, i)
				_, gerr := tx.Get("t", key)
				switch ok := outcome[w][i] == nil; {
				case ok && gerr != nil:
					t.Errorf("%s acknowledged but not written: %v", key, gerr)
				case !ok && gerr == nil:
					t.Errorf("%s failed (%v) but written", key, outcome[w][i])
				case ok:
					succeeded++
				}
			}
		}
		v, err := tx.Get("t", "counter")
		if err != nil || string(v) != fmt.Sprint(succeeded) {
			t.Errorf("counter = %s (%v), want %d: a failed function's writes leaked, or a commit lost one", v, err, succeeded)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if succeeded != writers*each*3/5 {
		t.Errorf("%d succeeded, want %d", succeeded, writers*each*3/5)
	}
}

// update is Update with a panic turned into an error.
func update(s *bolt.Store, fn func(store.Tx) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return s.Update(context.Background(), fn)
}

// TestUpdateWritingNothingCommitsNothing: an Update whose function writes
// nothing leaves the file and its log as they were (a commit would write
// a record and sync it), and its AfterCommit functions still run.
func TestUpdateWritingNothingCommitsNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idle.db")
	s := openStore(t, path)
	defer s.Close()
	if err := update(s, func(tx store.Tx) error { return tx.Put("t", "k", []byte("v")) }); err != nil {
		t.Fatal(err)
	}
	before, err := readFiles(path, path+"-wal")
	if err != nil {
		t.Fatal(err)
	}
	ran := false
	err = update(s, func(tx store.Tx) error {
		tx.AfterCommit(func() { ran = true })
		if _, err := tx.Get("t", "k"); err != nil {
			return err
		}
		return tx.Delete("absent", "k") // a table never written: no write
	})
	if err != nil {
		t.Fatal(err)
	}
	after, err := readFiles(path, path+"-wal")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the file or its log changed")
	}
	if !ran {
		t.Error("AfterCommit did not run")
	}
}

// readFiles is the files' contents, one after the other.
func readFiles(paths ...string) ([]byte, error) {
	var all []byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		all = append(all, b...)
	}
	return all, nil
}
