// Package storetest is the conformance suite every store.Store backend must
// pass: the contracts of package store, checked through the interface only.
//
// A backend's test calls Run:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) func() (store.Store, error) {
//			path := filepath.Join(t.TempDir(), "test.db")
//			return func() (store.Store, error) { return bolt.Open(path, time.Second) }
//		})
//	}
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// Backend makes fresh, empty state for one test and returns a function that
// opens a Store over it. Every call of open opens the same state: what one
// Store committed before Close, the next one sees. The suite closes every
// Store it opens, and opens at most one at a time for each state.
type Backend func(t *testing.T) (open func() (store.Store, error))

// Run runs the conformance suite against backend, each check in its own
// parallel subtest.
func Run(t *testing.T, backend Backend) {
	checks := []struct {
		name string
		run  func(t *testing.T, h *harness)
	}{
		{"GetPutDelete", testGetPutDelete},
		{"TablesAreSeparate", testTablesAreSeparate},
		{"ReadOwnWrites", testReadOwnWrites},
		{"EmptyValues", testEmptyValues},
		{"InvalidNamesAndValues", testInvalid},
		{"LargestNames", testLargestNames},
		{"LargeValue", testLargeValue},
		{"ValuesAreCopies", testValuesAreCopies},
		{"ValuesOutliveStore", testValuesOutliveStore},
		{"ScanOrderPrefixAfter", testScanOrder},
		{"ScanStopsAndFails", testScanStops},
		{"ScanPaginates", testScanPaginates},
		{"ScanWithWrites", testScanWithWrites},
		{"ReadOnlyView", testReadOnlyView},
		{"TxDoneAfterReturn", testTxDone},
		{"RollbackOnError", testRollbackOnError},
		{"RollbackOnPanic", testRollbackOnPanic},
		{"AfterCommit", testAfterCommit},
		{"Context", testContext},
		{"ViewMissesUncommitted", testViewMissesUncommitted},
		{"ViewSnapshot", testViewSnapshot},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"Reopen", testReopen},
		{"Close", testClose},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, &harness{t: t, open: backend(t)})
		})
	}
}

// harness opens stores over one test's state and offers short helpers.
type harness struct {
	t    *testing.T
	open func() (store.Store, error)
}

// mustOpen opens a Store and closes it when the test ends.
func (h *harness) mustOpen() store.Store {
	h.t.Helper()
	s, err := h.open()
	if err != nil {
		h.t.Fatalf("open: %v", err)
	}
	h.t.Cleanup(func() { closeWithin(h.t, s) })
	return s
}

// closeWithin closes s, failing the test when Close fails or hangs (as it
// does while a transaction is still open).
func closeWithin(t *testing.T, s store.Store) {
	t.Helper()
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(patience):
		t.Errorf("Close does not return: is a transaction still open?")
	}
}

// update runs fn in an Update and fails the test when it fails.
func update(t *testing.T, s store.Store, fn func(store.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in a View and fails the test when it fails.
func view(t *testing.T, s store.Store, fn func(store.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// put stores value under table and key in its own Update.
func put(t *testing.T, s store.Store, table, key, value string) {
	t.Helper()
	update(t, s, func(tx store.Tx) error { return tx.Put(table, key, []byte(value)) })
}

// get reads table and key in its own View.
func get(t *testing.T, s store.Store, table, key string) ([]byte, error) {
	t.Helper()
	var v []byte
	err := s.View(context.Background(), func(tx store.Tx) error {
		var err error
		v, err = tx.Get(table, key)
		return err
	})
	return v, err
}

// wantValue fails the test unless table and key hold want.
func wantValue(t *testing.T, s store.Store, table, key, want string) {
	t.Helper()
	got, err := get(t, s, table, key)
	if err != nil {
		t.Fatalf("Get(%q, %q): %v, want %q", table, key, err, want)
	}
	if string(got) != want {
		t.Fatalf("Get(%q, %q) = %q, want %q", table, key, got, want)
	}
}

// wantMissing fails the test unless table and key hold nothing.
func wantMissing(t *testing.T, s store.Store, table, key string) {
	t.Helper()
	if got, err := get(t, s, table, key); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get(%q, %q) = %q, %v; want ErrNotFound", table, key, got, err)
	}
}

// entry is a key and its value as a Scan reports them.
type entry struct{ key, value string }

// scan collects what Scan visits, failing the test when it fails.
func scan(t *testing.T, tx store.Tx, table, prefix, after string) []entry {
	t.Helper()
	var got []entry
	err := tx.Scan(table, prefix, after, func(k string, v []byte) (bool, error) {
		got = append(got, entry{k, string(v)})
		return true, nil
	})
	if err != nil {
		t.Fatalf("Scan(%q, %q, %q): %v", table, prefix, after, err)
	}
	return got
}
