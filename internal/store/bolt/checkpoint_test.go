package bolt_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// TestCheckpointsKeepEverything: random puts, overwrites and deletes over
// many checkpoints read back as a map says — by Get and by Scan, which
// merges the file and the writes since its checkpoint — before and after
// a reopen.
func TestCheckpointsKeepEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ckpt.db")
	s := openStore(t, path)
	bolt.SetCheckpoint(s, 8<<10, 9)
	r := rand.New(rand.NewPCG(3, 4))
	model := map[string]string{}
	var start uint64 // the generation after the first write (random)
	for i := range 600 {
		err := s.Update(context.Background(), func(tx store.Tx) error {
			for range 1 + r.IntN(4) {
				k := fmt.Sprintf("k%03d", r.IntN(200))
				if r.IntN(3) == 0 {
					delete(model, k)
					if err := tx.Delete("t", k); err != nil {
						return err
					}
					continue
				}
				v := fmt.Sprintf("%d-%s", i, make([]byte, r.IntN(200)))
				model[k] = v
				if err := tx.Put("t", k, []byte(v)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			start = bolt.Checkpoints(s)
		}
		if i%97 == 0 {
			checkModel(t, s, model)
		}
	}
	if n := bolt.Checkpoints(s) - start; n < 5 {
		t.Fatalf("%d checkpoints, want several", n)
	}
	checkModel(t, s, model)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, path)
	defer s.Close()
	checkModel(t, s, model)
}

func checkModel(t *testing.T, s *bolt.Store, model map[string]string) {
	t.Helper()
	err := s.View(context.Background(), func(tx store.Tx) error {
		for k, want := range model {
			if v, err := tx.Get("t", k); err != nil || string(v) != want {
				return fmt.Errorf("Get(%s) = %.12q, %v; want %.12q", k, v, err, want)
			}
		}
		var keys []string
		err := tx.Scan("t", "k", "", func(k string, v []byte) (bool, error) {
			if string(v) != model[k] {
				return false, fmt.Errorf("Scan: %s = %.12q, want %.12q", k, v, model[k])
			}
			keys = append(keys, k)
			return true, nil
		})
		if want := slices.Sorted(maps.Keys(model)); err == nil && !slices.Equal(keys, want) {
			return fmt.Errorf("Scan found %d keys, want %d:\n%v\n%v", len(keys), len(want), keys, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestViewSpansCheckpoints: a View reads the state of its beginning while
// commits and checkpoints happen meanwhile — the file it reads is the one
// under the overlay it began with.
func TestViewSpansCheckpoints(t *testing.T) {
	s := openStore(t, filepath.Join(t.TempDir(), "view.db"))
	defer s.Close()
	bolt.SetCheckpoint(s, 1, 2) // every commit checkpoints
	put := func(k, v string) {
		t.Helper()
		if err := s.Update(context.Background(), func(tx store.Tx) error { return tx.Put("t", k, []byte(v)) }); err != nil {
			t.Fatal(err)
		}
	}
	put("a", "1")
	put("b", "1") // "a" is in the file, "b" too, the overlay empty
	bolt.SetCheckpoint(s, 1<<30, 2)
	put("c", "1") // "c" in the overlay only
	before := bolt.Checkpoints(s)
	err := s.View(context.Background(), func(tx store.Tx) error {
		done := make(chan struct{})
		go func() {
			defer close(done)
			bolt.SetCheckpoint(s, 1, 2)
			put("a", "2")
			put("d", "2")
			if err := s.Update(context.Background(), func(tx store.Tx) error { return tx.Delete("t", "b") }); err != nil {
				t.Error(err)
			}
		}()
		<-done
		if n := bolt.Checkpoints(s) - before; n != 3 {
			return fmt.Errorf("%d checkpoints while the View ran, want 3", n)
		}
		var got []string
		err := tx.Scan("t", "", "", func(k string, v []byte) (bool, error) {
			got = append(got, k+"="+string(v))
			return true, nil
		})
		if want := []string{"a=1", "b=1", "c=1"}; err == nil && !slices.Equal(got, want) {
			return fmt.Errorf("the View read %v, want %v: what it began with", got, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
