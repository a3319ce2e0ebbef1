package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// patience bounds every wait on another goroutine, so that a backend that
// blocks where the contract says it must not fails instead of hanging.
const patience = 10 * time.Second

func testReadOnlyView(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "t", "k", "v")
	view(t, s, func(tx store.Tx) error {
		if err := tx.Put("t", "k2", nil); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("Put in View: %v, want ErrReadOnly", err)
		}
		if err := tx.Delete("t", "k"); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("Delete in View: %v, want ErrReadOnly", err)
		}
		return nil
	})
	wantValue(t, s, "t", "k", "v")
	wantMissing(t, s, "t", "k2")
}

func testTxDone(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "t", "k", "v")
	var fromView, fromUpdate store.Tx
	view(t, s, func(tx store.Tx) error { fromView = tx; return nil })
	update(t, s, func(tx store.Tx) error { fromUpdate = tx; return nil })
	for name, tx := range map[string]store.Tx{"View": fromView, "Update": fromUpdate} {
		if _, err := tx.Get("t", "k"); !errors.Is(err, store.ErrTxDone) {
			t.Errorf("Get on an ended %s: %v, want ErrTxDone", name, err)
		}
		if err := tx.Put("t", "k", nil); !errors.Is(err, store.ErrTxDone) {
			t.Errorf("Put on an ended %s: %v, want ErrTxDone", name, err)
		}
		if err := tx.Delete("t", "k"); !errors.Is(err, store.ErrTxDone) {
			t.Errorf("Delete on an ended %s: %v, want ErrTxDone", name, err)
		}
		err := tx.Scan("t", "", "", func(string, []byte) (bool, error) { return true, nil })
		if !errors.Is(err, store.ErrTxDone) {
			t.Errorf("Scan on an ended %s: %v, want ErrTxDone", name, err)
		}
	}
	wantValue(t, s, "t", "k", "v")
}

// writeAll overwrites "kept", deletes "gone" and creates a record in a new
// table: every kind of write a rollback must undo.
func writeAll(tx store.Tx) error {
	return errors.Join(
		tx.Put("t", "kept", []byte("overwritten")),
		tx.Delete("t", "gone"),
		tx.Put("new table", "k", []byte("v")))
}

// wantUntouched fails the test unless the writes of writeAll were undone.
func wantUntouched(t *testing.T, s store.Store) {
	t.Helper()
	wantValue(t, s, "t", "kept", "before")
	wantValue(t, s, "t", "gone", "before")
	view(t, s, func(tx store.Tx) error {
		if got := scan(t, tx, "new table", "", ""); len(got) != 0 {
			t.Errorf("rolled-back Update left %q in a new table", got)
		}
		return nil
	})
}

func testRollbackOnError(t *testing.T, h *harness) {
	s := h.mustOpen()
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.Put("t", "kept", []byte("before")), tx.Put("t", "gone", []byte("before")))
	})
	failure := errors.New("the function failed")
	err := s.Update(context.Background(), func(tx store.Tx) error {
		if err := writeAll(tx); err != nil {
			t.Errorf("writes: %v", err)
		}
		return failure
	})
	if err != failure {
		t.Errorf("Update returned %v, want the function's error unchanged", err)
	}
	wantUntouched(t, s)
	wantNextUpdate(t, s)
}

func testRollbackOnPanic(t *testing.T, h *harness) {
	s := h.mustOpen()
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.Put("t", "kept", []byte("before")), tx.Put("t", "gone", []byte("before")))
	})
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a panic inside Update did not reach the caller")
			}
		}()
		_ = s.Update(context.Background(), func(tx store.Tx) error {
			if err := writeAll(tx); err != nil {
				t.Errorf("writes: %v", err)
			}
			panic("inside Update")
		})
	}()
	wantUntouched(t, s)
	wantNextUpdate(t, s)
}

// wantNextUpdate fails the test unless an Update can commit: a backend that
// failed to end a rolled-back transaction would make it wait forever.
func wantNextUpdate(t *testing.T, s store.Store) {
	t.Helper()
	updated := make(chan error, 1)
	go func() {
		updated <- s.Update(context.Background(), func(tx store.Tx) error { return tx.Put("t", "next", nil) })
	}()
	select {
	case err := <-updated:
		if err != nil {
			t.Fatalf("Update after a rolled-back one: %v", err)
		}
	case <-time.After(patience):
		t.Fatal("Update after a rolled-back one does not finish")
	}
}

func testContext(t *testing.T, h *harness) {
	s := h.mustOpen()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	record := func(store.Tx) error { called = true; return nil }
	if err := s.View(canceled, record); err != context.Canceled || called {
		t.Errorf("View with a done context: %v, fn called %v; want context.Canceled and no call", err, called)
	}
	if err := s.Update(canceled, record); err != context.Canceled || called {
		t.Errorf("Update with a done context: %v, fn called %v; want context.Canceled and no call", err, called)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err := s.Update(ctx, func(tx store.Tx) error {
		cancel()
		return tx.Put("t", "k", []byte("v"))
	})
	if err != context.Canceled {
		t.Errorf("Update whose context ends before commit: %v, want context.Canceled", err)
	}
	wantMissing(t, s, "t", "k")
}

func testViewMissesUncommitted(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "t", "k", "committed")
	written, release := make(chan struct{}), make(chan struct{})
	updated := make(chan error, 1)
	go func() {
		updated <- s.Update(context.Background(), func(tx store.Tx) error {
			err := errors.Join(tx.Put("t", "k", []byte("uncommitted")), tx.Put("t", "new", nil))
			close(written)
			<-release
			return err
		})
	}()
	select {
	case <-written:
	case <-time.After(patience):
		t.Fatal("Update did not start")
	}
	wantValue(t, s, "t", "k", "committed")
	wantMissing(t, s, "t", "new")
	close(release)
	if err := <-updated; err != nil {
		t.Fatalf("Update: %v", err)
	}
	wantValue(t, s, "t", "k", "uncommitted")
}

func testViewSnapshot(t *testing.T, h *harness) {
	s := h.mustOpen()
	put(t, s, "t", "k", "before")
	view(t, s, func(tx store.Tx) error {
		if _, err := tx.Get("t", "k"); err != nil {
			return err
		}
		updated := make(chan error, 1)
		go func() {
			updated <- s.Update(context.Background(), func(tx store.Tx) error {
				return errors.Join(tx.Put("t", "k", []byte("after")), tx.Put("t", "new", nil))
			})
		}()
		select {
		case err := <-updated:
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
		case <-time.After(patience):
			t.Fatal("Update did not commit while a View was open")
		}
		if v, err := tx.Get("t", "k"); err != nil || string(v) != "before" {
			t.Errorf("View sees %q, %v after a later commit; want its snapshot %q", v, err, "before")
		}
		if got := scan(t, tx, "t", "", ""); len(got) != 1 {
			t.Errorf("View scans %q after a later commit; want its snapshot", got)
		}
		return nil
	})
	wantValue(t, s, "t", "k", "after")
}

// testAfterCommit: AfterCommit's functions run once the writes are
// readable, before Update returns, in order; not for a failed Update nor
// in a View.
func testAfterCommit(t *testing.T, h *harness) {
	s := h.mustOpen()
	var ran []string
	update(t, s, func(tx store.Tx) error {
		tx.AfterCommit(func() {
			ran = append(ran, "first")
			wantValue(t, s, "t", "k", "v") // durable, so visible
		})
		tx.AfterCommit(func() { ran = append(ran, "second") })
		return tx.Put("t", "k", []byte("v"))
	})
	if strings.Join(ran, ",") != "first,second" {
		t.Errorf("after a commit ran %v, want first,second", ran)
	}
	ran = nil
	err := s.Update(context.Background(), func(tx store.Tx) error {
		tx.AfterCommit(func() { ran = append(ran, "failed") })
		return errors.New("refused")
	})
	if err == nil || ran != nil {
		t.Errorf("a failed Update ran %v (err %v)", ran, err)
	}
	view(t, s, func(tx store.Tx) error {
		tx.AfterCommit(func() { ran = append(ran, "view") })
		return nil
	})
	if ran != nil {
		t.Errorf("a View ran %v", ran)
	}
	// A panic in one goes on up, the writes committed, and the store
	// still works (Close, at the end, too).
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a panic in an AfterCommit function did not reach Update's caller")
			}
		}()
		s.Update(context.Background(), func(tx store.Tx) error {
			tx.AfterCommit(func() { panic("a cache's bug") })
			return tx.Put("t", "panicked", []byte("v"))
		})
	}()
	wantValue(t, s, "t", "panicked", "v")
	done := make(chan error, 1)
	go func() {
		done <- s.Update(context.Background(), func(tx store.Tx) error { return tx.Put("t", "after", []byte("v")) })
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Update after a panicking AfterCommit: %v", err)
		}
	case <-time.After(patience):
		t.Fatal("an Update after a panicking AfterCommit function does not return")
	}
}
