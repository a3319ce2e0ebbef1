package bolt_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// FuzzScan checks Scan against a model, a sorted slice, for arbitrary keys
// (split out of keys at each "|"), prefixes and after keys. Every other key
// is committed first, and checkpointed into the file; the others are
// written in an Update that scans and is then rolled back, so that Scan
// merges the file and the overlay. The committed keys are deleted after,
// so inputs never meet.
func FuzzScan(f *testing.F) {
	s, err := bolt.Open(filepath.Join(f.TempDir(), "fuzz.db"), time.Second)
	if err != nil {
		f.Fatal(err)
	}
	bolt.SetCheckpoint(s, 1, 3)
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
		var want []string
		for _, k := range model {
			if strings.HasPrefix(k, prefix) && k > after {
				want = append(want, k)
			}
		}
		putEach := func(i0 int, del bool) func(tx store.Tx) error {
			return func(tx store.Tx) error {
				for i := i0; i < len(model); i += 2 {
					var err error
					if del {
						err = tx.Delete("t", model[i])
					} else {
						err = tx.Put("t", model[i], []byte(model[i]))
					}
					if err != nil {
						return err
					}
				}
				return nil
			}
		}
		if err := s.Update(context.Background(), putEach(0, false)); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := s.Update(context.Background(), putEach(0, true)); err != nil {
				t.Fatal(err)
			}
		}()
		err := s.Update(context.Background(), func(tx store.Tx) error {
			if err := putEach(1, false)(tx); err != nil {
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
