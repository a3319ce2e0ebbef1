package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/store"
)

func testGetPutDelete(t *testing.T, h *harness) {
	s := h.mustOpen()
	wantMissing(t, s, "never-written", "k")
	put(t, s, "t", "k", "v1")
	wantValue(t, s, "t", "k", "v1")
	put(t, s, "t", "k", "v2")
	wantValue(t, s, "t", "k", "v2")
	update(t, s, func(tx store.Tx) error { return tx.Delete("t", "k") })
	wantMissing(t, s, "t", "k")
	update(t, s, func(tx store.Tx) error {
		if err := tx.Delete("t", "k"); err != nil {
			t.Errorf("Delete of a deleted key: %v", err)
		}
		if err := tx.Delete("never-written", "k"); err != nil {
			t.Errorf("Delete in a table never written: %v", err)
		}
		return nil
	})
}

func testTablesAreSeparate(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "a", "k", "in a")
	put(t, s, "b", "k", "in b")
	put(t, s, "a/b", "k", "in a/b")
	update(t, s, func(tx store.Tx) error { return tx.Delete("b", "k") })
	wantValue(t, s, "a", "k", "in a")
	wantMissing(t, s, "b", "k")
	view(t, s, func(tx store.Tx) error {
		if got := scan(t, tx, "a", "", ""); len(got) != 1 {
			t.Errorf("Scan of table a = %q, want its one key", got)
		}
		return nil
	})
}

func testReadOwnWrites(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "t", "old", "committed")
	update(t, s, func(tx store.Tx) error {
		if err := tx.Put("t", "new", []byte("pending")); err != nil {
			return err
		}
		if err := tx.Delete("t", "old"); err != nil {
			return err
		}
		if v, err := tx.Get("t", "new"); err != nil || string(v) != "pending" {
			t.Errorf("Get of own Put = %q, %v; want %q", v, err, "pending")
		}
		if _, err := tx.Get("t", "old"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get of own Delete: %v, want ErrNotFound", err)
		}
		if got := scan(t, tx, "t", "", ""); len(got) != 1 || got[0] != (entry{"new", "pending"}) {
			t.Errorf("Scan inside Update = %q, want only the own Put", got)
		}
		return nil
	})
}

func testEmptyValues(t *testing.T, h *harness) {
	s := h.mustOpen()
	update(t, s, func(tx store.Tx) error {
		if err := tx.Put("t", "nil", nil); err != nil {
			return err
		}
		return tx.Put("t", "empty", []byte{})
	})
	view(t, s, func(tx store.Tx) error {
		for _, key := range []string{"nil", "empty"} {
			v, err := tx.Get("t", key)
			if err != nil || v == nil || len(v) != 0 {
				t.Errorf("Get(%q) = %#v, %v; want a non-nil empty slice", key, v, err)
			}
		}
		return tx.Scan("t", "", "", func(k string, v []byte) (bool, error) {
			if v == nil || len(v) != 0 {
				t.Errorf("Scan value of %q = %#v, want a non-nil empty slice", k, v)
			}
			return true, nil
		})
	})
}

func testInvalid(t *testing.T, h *harness) {
	s := h.mustOpen()
	long := func(n int) string { return strings.Repeat("x", n) }
	cases := []struct {
		name       string
		table, key string
		value      []byte
	}{
		{"empty key", "t", "", nil},
		{"empty table", "", "k", nil},
		{"key too long", "t", long(store.MaxKeyLen + 1), nil},
		{"table too long", long(store.MaxTableLen + 1), "k", nil},
		{"value too large", "t", "k", make([]byte, store.MaxValueLen+1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.Update(context.Background(), func(tx store.Tx) error {
				if err := tx.Put(c.table, c.key, c.value); !errors.Is(err, store.ErrInvalid) {
					t.Errorf("Put: %v, want ErrInvalid", err)
				}
				if c.value != nil {
					return nil // the name is valid: only the value is wrong
				}
				if _, err := tx.Get(c.table, c.key); !errors.Is(err, store.ErrInvalid) {
					t.Errorf("Get: %v, want ErrInvalid", err)
				}
				if err := tx.Delete(c.table, c.key); !errors.Is(err, store.ErrInvalid) {
					t.Errorf("Delete: %v, want ErrInvalid", err)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
		})
	}
	view(t, s, func(tx store.Tx) error {
		noop := func(string, []byte) (bool, error) { return true, nil }
		for _, table := range []string{"", long(store.MaxTableLen + 1)} {
			if err := tx.Scan(table, "", "", noop); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("Scan of table %.10q…: %v, want ErrInvalid", table, err)
			}
		}
		if got := scan(t, tx, "t", "", ""); len(got) != 0 {
			t.Errorf("invalid Puts stored %d records", len(got))
		}
		return nil
	})
}

func testLargestNames(t *testing.T, h *harness) {
	s := h.mustOpen()
	table := strings.Repeat("t", store.MaxTableLen)
	key := strings.Repeat("k", store.MaxKeyLen)
	put(t, s, table, key, "v")
	wantValue(t, s, table, key, "v")
}

func testLargeValue(t *testing.T, h *harness) {
	s := h.mustOpen()
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = byte(rand.Uint32())
	}
	update(t, s, func(tx store.Tx) error { return tx.Put("t", "big", big) })
	got, err := get(t, s, "t", "big")
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("Get of a 1 MiB value: %d bytes, %v; want the value put", len(got), err)
	}
}

func testValuesAreCopies(t *testing.T, h *harness) {
	s := h.mustOpen()
	update(t, s, func(tx store.Tx) error {
		v := []byte("original")
		if err := tx.Put("t", "k", v); err != nil {
			return err
		}
		copy(v, "CHANGED!") // Put must have copied: the commit is still to come
		got, err := tx.Get("t", "k")
		if err != nil {
			return err
		}
		copy(got, "CHANGED!") // Get must have copied too
		return tx.Scan("t", "", "", func(_ string, v []byte) (bool, error) {
			copy(v, "CHANGED!")
			return true, nil
		})
	})
	wantValue(t, s, "t", "k", "original")
}

// testValuesOutliveStore keeps values read in transactions past later
// writes and past Close, when a backend that lent its own memory (such as a
// memory map) would have released it.
func testValuesOutliveStore(t *testing.T, h *harness) {
	s := h.mustOpen()
	want := strings.Repeat("value that must survive ", 100)
	put(t, s, "t", "k", want)
	var fromGet, fromScan []byte
	view(t, s, func(tx store.Tx) error {
		var err error
		fromGet, err = tx.Get("t", "k")
		return errors.Join(err, tx.Scan("t", "", "", func(_ string, v []byte) (bool, error) {
			fromScan = v
			return false, nil
		}))
	})
	for i := range 50 {
		update(t, s, func(tx store.Tx) error {
			if err := tx.Delete("t", "k"); err != nil {
				return err
			}
			return tx.Put("grow", fmt.Sprintf("k%02d", i), make([]byte, 64<<10))
		})
	}
	closeWithin(t, s)
	if string(fromGet) != want || string(fromScan) != want {
		t.Errorf("values changed after later writes and Close: Get %.30q…, Scan %.30q…", fromGet, fromScan)
	}
}
