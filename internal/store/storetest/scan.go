package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/store"
)

// scanKeys are stored in this (byte) order, chosen so that prefixes and
// byte order disagree with naive string handling: a NUL byte, a byte above
// every ASCII one, multi-byte UTF-8, and a key that is a prefix of others.
var scanKeys = []string{"\x00", "a", "a/", "a/b", "a/b/c", "a/c", "ab", "b", "é", "\xff"}

// fillScanKeys stores every scan key in table t, each valued as its key.
func fillScanKeys(t *testing.T, s store.Store) {
	update(t, s, func(tx store.Tx) error {
		for _, k := range slices.Backward(scanKeys) {
			if err := tx.Put("t", k, []byte(k)); err != nil {
				return err
			}
		}
		return nil
	})
}

func testScanOrder(t *testing.T, h *harness) {
	s := h.mustOpen()
	fillScanKeys(t, s)
	cases := []struct {
		prefix, after string
		want          []string
	}{
		{"", "", scanKeys},
		{"a", "", []string{"a", "a/", "a/b", "a/b/c", "a/c", "ab"}},
		{"a/", "", []string{"a/", "a/b", "a/b/c", "a/c"}},
		{"a/b", "", []string{"a/b", "a/b/c"}},
		{"a/", "a/", []string{"a/b", "a/b/c", "a/c"}},
		{"a/", "a/b", []string{"a/b/c", "a/c"}},
		{"a/", "a/bz", []string{"a/c"}},
		{"a/", "a/c", nil},
		{"a/", "a", []string{"a/", "a/b", "a/b/c", "a/c"}}, // after sorts before the prefix
		{"a/", "b", nil},                                   // after sorts past the prefix
		{"", "ab", []string{"b", "é", "\xff"}},
		{"", "\xff", nil},
		{"\xff", "", []string{"\xff"}},
		{"\x00", "", []string{"\x00"}},
		{"é", "", []string{"é"}},
		{"c", "", nil},
		{"a/b/c/d", "", nil},
	}
	view(t, s, func(tx store.Tx) error {
		for _, c := range cases {
			var got []string
			for _, e := range scan(t, tx, "t", c.prefix, c.after) {
				if e.key != e.value {
					t.Errorf("Scan gave value %q for key %q", e.value, e.key)
				}
				got = append(got, e.key)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Scan(prefix %q, after %q) = %q, want %q", c.prefix, c.after, got, c.want)
			}
		}
		if got := scan(t, tx, "never-written", "", ""); len(got) != 0 {
			t.Errorf("Scan of a table never written = %q, want nothing", got)
		}
		return nil
	})
}

func testScanStops(t *testing.T, h *harness) {
	s := h.mustOpen()
	fillScanKeys(t, s)
	stop := errors.New("stop here")
	view(t, s, func(tx store.Tx) error {
		var seen []string
		err := tx.Scan("t", "", "", func(k string, _ []byte) (bool, error) {
			seen = append(seen, k)
			return len(seen) < 3, nil
		})
		if err != nil || !slices.Equal(seen, scanKeys[:3]) {
			t.Errorf("Scan stopped by more=false after 3 keys: saw %q, %v", seen, err)
		}
		seen = nil
		err = tx.Scan("t", "", "", func(k string, _ []byte) (bool, error) {
			seen = append(seen, k)
			return true, stop
		})
		if err != stop || len(seen) != 1 {
			t.Errorf("Scan stopped by an error: saw %q, returned %v; want one key and the error unchanged", seen, err)
		}
		return nil
	})
}

func testScanPaginates(t *testing.T, h *harness) {
	s := h.mustOpen()
	var want []string
	update(t, s, func(tx store.Tx) error {
		for i := range 25 {
			k := fmt.Sprintf("user/%03d", i)
			want = append(want, k)
			if err := tx.Put("t", k, nil); err != nil {
				return err
			}
		}
		return tx.Put("t", "zzz-not-a-user", nil)
	})
	var got []string
	after := ""
	for pages := 0; ; pages++ {
		if pages > len(want) {
			t.Fatalf("pagination does not end; keys so far %q", got)
		}
		var page []string
		view(t, s, func(tx store.Tx) error {
			return tx.Scan("t", "user/", after, func(k string, _ []byte) (bool, error) {
				page = append(page, k)
				return len(page) < 4, nil
			})
		})
		if len(page) == 0 {
			break
		}
		got = append(got, page...)
		after = page[len(page)-1]
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages of 4 gave %q, want %q", got, want)
	}
}

func testScanWithWrites(t *testing.T, h *harness) {
	s := h.mustOpen()
	const n = 200
	key := func(i int) string { return fmt.Sprintf("k%04db", i) }
	update(t, s, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put("t", key(i), []byte("old")); err != nil {
				return err
			}
		}
		return nil
	})
	every := func(step int) (keys []string) {
		for i := 0; i < n; i += step {
			keys = append(keys, key(i))
		}
		return keys
	}
	cases := []struct {
		name  string
		write func(tx store.Tx, i int) error // called on visiting key(i)
		want  []string
	}{
		{"delete each", func(tx store.Tx, i int) error { return tx.Delete("t", key(i)) }, every(1)},
		{"overwrite each", func(tx store.Tx, i int) error {
			return tx.Put("t", key(i), []byte("new value, longer than the old one"))
		}, every(1)},
		{"insert before each", func(tx store.Tx, i int) error {
			// Between the previous key and this one: never to be visited.
			return tx.Put("t", strings.TrimSuffix(key(i), "b")+"a", nil)
		}, every(1)},
		{"delete the next", func(tx store.Tx, i int) error { return tx.Delete("t", key(i+1)) }, every(2)},
		{"write elsewhere", func(tx store.Tx, i int) error { return tx.Put(fmt.Sprint("other ", i), "k", nil) }, every(1)},
	}
	errRollback := errors.New("roll back, for the next case")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.Update(context.Background(), func(tx store.Tx) error {
				var seen []string
				err := tx.Scan("t", "k", "", func(k string, _ []byte) (bool, error) {
					seen = append(seen, k)
					if len(seen) > n {
						return false, fmt.Errorf("the scan visits more than the %d keys there were: %q", n, seen)
					}
					var i int
					if _, err := fmt.Sscanf(k, "k%04db", &i); err != nil {
						return false, fmt.Errorf("the scan visited %q, a key fn wrote before it", k)
					}
					return true, c.write(tx, i)
				})
				if err != nil {
					return err
				}
				if !slices.Equal(seen, c.want) {
					t.Errorf("Scan visited %q, want %q", seen, c.want)
				}
				return errRollback
			})
			if err != errRollback {
				t.Fatalf("Update: %v", err)
			}
		})
	}
}
