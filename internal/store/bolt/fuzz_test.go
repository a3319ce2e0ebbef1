package bolt_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// FuzzScan checks Scan against a model, a sorted slice, for arbitrary keys
// (split out of keys at each "|"), prefixes and after keys, merging the
// three places a key can be: a third of the keys is committed and
// checkpointed into the file; a third committed into the frozen layer (a
// checkpoint waits), which deletes half of the file's; a third written in
// an Update that deletes half of the frozen layer's, scans and is then
// rolled back (the active layer). Every key is deleted after, so inputs
// never meet.
func FuzzScan(f *testing.F) {
	s := openStore(f, filepath.Join(f.TempDir(), "fuzz.db"))
	bolt.SetCheckpoint(s, 1, 3) // every commit freezes
	f.Cleanup(func() { s.Close() })
	errRollback := errors.New("rollback")
	f.Fuzz(func(t *testing.T, keys, prefix, after string) {
		var model []string
		for k := range strings.SplitSeq(keys, "|") {
			if store.CheckKey("t", k) == nil {
				model = append(model, k)
			}
		}
		slices.Sort(model)
		model = slices.Compact(model)
		// Key i's layer is i%3 (file, frozen, active); the upper layer
		// deletes the file's and the frozen layer's when (i/3)%2 is 1.
		deleted := func(i int) bool { return i%3 < 2 && (i/3)%2 == 1 }
		var want []string
		for i, k := range model {
			if strings.HasPrefix(k, prefix) && k > after && !deleted(i) {
				want = append(want, k)
			}
		}
		write := func(tx store.Tx, layer int) error {
			for i, k := range model {
				var err error
				switch {
				case i%3 == layer:
					err = tx.Put("t", k, []byte(k))
				case i%3 == layer-1 && deleted(i):
					err = tx.Delete("t", k)
				}
				if err != nil {
					return err
				}
			}
			return nil
		}
		defer func() {
			err := s.Update(context.Background(), func(tx store.Tx) error {
				for _, k := range model {
					if err := tx.Delete("t", k); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}()
		if err := s.Update(context.Background(), func(tx store.Tx) error { return write(tx, 0) }); err != nil {
			t.Fatal(err)
		}
		bolt.WaitCheckpoint(s)
		_, resume := bolt.PauseCheckpoints(s, 0)
		defer resume()
		if err := s.Update(context.Background(), func(tx store.Tx) error { return write(tx, 1) }); err != nil {
			t.Fatal(err)
		}
		err := s.Update(context.Background(), func(tx store.Tx) error {
			if err := write(tx, 2); err != nil {
				return err
			}
			var got []string
			err := tx.Scan("t", prefix, after, func(k string, v []byte) (bool, error) {
				if string(v) != k {
					t.Errorf("Scan gave value %q for key %q", v, k)
				}
				got = append(got, k)
				return true, nil
			})
			if err != nil {
				return err
			}
			if !slices.Equal(got, want) {
				t.Errorf("Scan(prefix %q, after %q) over %q = %q, want %q", prefix, after, model, got, want)
			}
			return errRollback
		})
		if err != errRollback {
			t.Fatal(err)
		}
	})
}
